export * from './fs-blob-store.adapter.js';
