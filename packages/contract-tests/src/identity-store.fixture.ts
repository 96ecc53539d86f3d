import type { ChatRepository, EmbeddingCache, IdentityStore } from '@sift/core';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh, migrated, empty identity store for one test. Creating and deleting users and collections has no
 * identity port yet (accounts are never deleted through it; collections belong to the MetadataStore), so the
 * adapter's test supplies those steps — the cases need them to prove what goes with an account or collection.
 */
export interface IdentityStoreHandle {
  identity: IdentityStore;
  /** A bare account row without password or linked identity, like the built-in local user. */
  addUser(id: string): Promise<void>;
  deleteUser(id: string): Promise<void>;
  /** A collection of `ownerId` named after its id. */
  addCollection(id: string, ownerId: string): Promise<void>;
  deleteCollection(id: string): Promise<void>;
  cleanup(): Promise<void>;
}

export type IdentityStoreFactory = () => Promise<IdentityStoreHandle>;

/** A fresh, migrated, empty chat store for one test; users come and go through the adapter's test. */
export interface ChatRepositoryHandle {
  chats: ChatRepository;
  addUser(id: string): Promise<void>;
  deleteUser(id: string): Promise<void>;
  cleanup(): Promise<void>;
}

export type ChatRepositoryFactory = () => Promise<ChatRepositoryHandle>;

/** Options every embedding cache adapter takes. */
export interface EmbeddingCacheOptions {
  /** Entries kept at most; the least recently used go first. */
  maxEntries?: number;
}

/** A fresh, empty embedding cache for one test. */
export interface EmbeddingCacheHandle {
  cache: EmbeddingCache;
  /** Another cache instance on the same storage, as after a restart of the process. */
  reopen(): Promise<EmbeddingCache>;
  cleanup(): Promise<void>;
}

export type EmbeddingCacheFactory = (options: EmbeddingCacheOptions) => Promise<EmbeddingCacheHandle>;

/**
 * Inside a `describe`: a fresh handle from `open` for every test, cleaned up afterwards. Returns the current
 * test's handle.
 */
export function freshHandlePerTest<H extends { cleanup(): Promise<void> }>(open: () => Promise<H>): () => H {
  let current: H | null = null;
  beforeEach(async () => {
    current = await open();
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
