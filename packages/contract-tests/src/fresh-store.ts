import { afterEach, beforeEach } from 'vitest';
import { OTHER_OWNER, type MetadataStoreHandle } from './metadata-store.fixture.js';

/**
 * Inside a `describe`: a fresh handle from `factory` for every test — its store migrated, with the local user
 * and a second account (`OTHER_OWNER`) — cleaned up afterwards. Returns the current test's handle.
 */
export function freshStorePerTest<H extends MetadataStoreHandle>(factory: () => Promise<H>): () => H {
  let current: H | null = null;
  beforeEach(async () => {
    current = await factory();
    await current.store.migrate();
    await current.store.ensureLocalUser();
    await current.addUser(OTHER_OWNER);
  });
  afterEach(async () => {
    await current?.cleanup();
    current = null;
  });
  return () => {
    if (!current) throw new Error('the store is only available inside a test');
    return current;
  };
}
