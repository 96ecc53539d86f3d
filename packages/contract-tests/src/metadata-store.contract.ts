import { describe } from 'vitest';
import { freshStorePerTest } from './fresh-store.js';
import { analyticsCases } from './metadata-store-analytics.cases.js';
import { collectionCases } from './metadata-store-collections.cases.js';
import { contentCases } from './metadata-store-content.cases.js';
import { documentCases } from './metadata-store-documents.cases.js';
import { folderCases } from './metadata-store-folders.cases.js';
import { listCases } from './metadata-store-list.cases.js';
import { notificationCases } from './metadata-store-notifications.cases.js';
import { sortCases } from './metadata-store-sort.cases.js';
import { sourceCases } from './metadata-store-sources.cases.js';
import { statsCases } from './metadata-store-stats.cases.js';
import type { MetadataStoreFactory, StoreFixture } from './metadata-store.fixture.js';

/**
 * The behaviour every MetadataStore adapter must have for documents, collections, folders, sources and stats, as
 * one vitest suite. Each test gets a fresh store from `factory`, migrated here, with the local user and a
 * second account (`OTHER_OWNER`), and cleans it up afterwards:
 *
 * ```ts
 * describeMetadataStore('sqlite', async () => { const db = …; return { store: new SqliteMetadataStore(db), addUser, cleanup } });
 * ```
 */
export function describeMetadataStore(name: string, factory: MetadataStoreFactory): void {
  describe(`MetadataStore contract: ${name}`, () => {
    const handle = freshStorePerTest(factory);
    const fixture: StoreFixture = {
      get store() {
        return handle().store;
      },
    };

    describe('documents', () => documentCases(fixture));
    describe('document content and delete', () => contentCases(fixture));
    describe('document list', () => listCases(fixture));
    describe('document list order', () => sortCases(fixture));
    describe('collections', () => collectionCases(fixture));
    describe('folders', () => folderCases(fixture));
    describe('sources', () => sourceCases(fixture));
    describe('stats', () => statsCases(fixture));
    describe('analytics', () => analyticsCases(fixture));
    describe('notifications and webhooks', () => notificationCases(fixture));
  });
}
