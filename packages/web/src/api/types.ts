import type { components } from '@sift/sdk';

/** The API's named schemas (Document, Task, SearchHit…), as generated from the OpenAPI document. */
export type Schemas = components['schemas'];
export type DocumentRow = Schemas['Document'];
export type Task = Schemas['Task'];
export type Collection = Schemas['Collection'];
export type Folder = Schemas['Folder'];
export type FolderTree = Schemas['FolderTree'];
export type SearchHit = Schemas['SearchHit'];
export type SearchResponse = Schemas['SearchResponse'];
export type Citation = Schemas['Citation'];
export type ChatSession = Schemas['ChatSession'];
export type ChatMessage = Schemas['ChatMessage'];
export type Chunk = Schemas['Chunk'];
