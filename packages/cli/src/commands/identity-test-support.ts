import { freePort, waitForServer } from '../testing/mounts.js';
import { runSift, spawnSift, type SiftRun } from '../testing/run-sift.js';

/** Runs the real `sift` binary with `input` on its stdin (`--password-stdin`). */
export function runSiftWithStdin(
  args: string[],
  dataDir: string,
  input: string,
  env: Record<string, string> = {},
  timeoutMs = 90_000,
): Promise<SiftRun> {
  return runSift(args, dataDir, timeoutMs, env, input);
}

/** Runs `sift … --json`, expecting success, and parses what it printed. */
export async function siftJson<T>(
  args: string[],
  dataDir: string,
  env: Record<string, string> = {},
): Promise<T> {
  const run = await runSift([...args, '--json'], dataDir, 90_000, env);
  if (run.code !== 0) throw new Error(`sift ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** The stable code main.ts appends to a refusal: `sift: message [CODE]`. */
export function errorCode(run: SiftRun): string | null {
  return /\[([A-Z_]+)\]\s*$/u.exec(run.stderr)?.[1] ?? null;
}

/** `sift serve` with accounts on (no workers: these tests do not process documents), ready for requests. */
export async function startAuthServer(dataDir: string): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const server = spawnSift(['serve'], dataDir, {
    SIFT_AUTH: 'on',
    SIFT_PORT: String(port),
    SIFT_WORKERS: 'false',
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForServer(base);
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, stop };
}

/** A request to the server with a bearer credential (an API key or an access token). */
export async function call(
  base: string,
  path: string,
  credential: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${credential}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Signs in with a password: the status, and the access token when it worked. */
export async function login(
  base: string,
  email: string,
  password: string,
): Promise<{ status: number; accessToken: string | null; code: string | null }> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { access_token?: string; code?: string };
  return { status: res.status, accessToken: body.access_token ?? null, code: body.code ?? null };
}
