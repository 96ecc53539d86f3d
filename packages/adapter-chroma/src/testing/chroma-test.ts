import { randomBytes } from 'node:crypto';
import { AdminClient, ChromaClient } from 'chromadb';

/**
 * The Chroma server tests run against: `scripts/test-services.sh start` starts one (from npm) and prints this
 * URL. Without a reachable server the Chroma suites are skipped (see `chromaAvailable`), unless
 * SIFT_TEST_REQUIRE_SERVICES=1 (CI), where a missing server fails them.
 */
export const TEST_CHROMA_URL = process.env.SIFT_TEST_CHROMA_URL ?? 'http://127.0.0.1:8000';

const TENANT = 'default_tenant';

function endpoint(url: string = TEST_CHROMA_URL): { host: string; port: number; ssl: boolean } {
  const parsed = new URL(url);
  const ssl = parsed.protocol === 'https:';
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : ssl ? 443 : 80, ssl };
}

/** True when the test server answers its heartbeat; throws instead when services are required (CI). */
export async function chromaAvailable(): Promise<boolean> {
  try {
    await new ChromaClient(endpoint()).heartbeat();
    return true;
  } catch (err) {
    if (process.env.SIFT_TEST_REQUIRE_SERVICES === '1') {
      throw new Error(`Chroma at ${TEST_CHROMA_URL} is required (SIFT_TEST_REQUIRE_SERVICES=1)`, {
        cause: err,
      });
    }
    return false;
  }
}

export interface TestChromaDatabase {
  /** A client bound to the test's own database. */
  client: ChromaClient;
  database: string;
  /** Deletes the database and everything in it. */
  cleanup(): Promise<void>;
}

/**
 * A Chroma database of its own for one test (or file), in the default tenant: tests in parallel never see
 * each other's collections, and cleanup removes them all at once.
 */
export async function createTestChromaDatabase(url: string = TEST_CHROMA_URL): Promise<TestChromaDatabase> {
  const database = `t_${randomBytes(6).toString('hex')}`;
  const admin = new AdminClient(endpoint(url));
  await admin.createDatabase({ name: database, tenant: TENANT });
  return {
    client: new ChromaClient({ ...endpoint(url), tenant: TENANT, database }),
    database,
    cleanup: async () => {
      await admin.deleteDatabase({ name: database, tenant: TENANT }).catch(() => undefined);
    },
  };
}

/** A client of the same database on a port where nothing listens: Chroma "down" for one index. */
export function unreachableChromaClient(database: string): ChromaClient {
  return new ChromaClient({ host: '127.0.0.1', port: 9, ssl: false, tenant: TENANT, database });
}
