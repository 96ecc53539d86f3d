import type { components, paths } from '@sift/sdk';

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
export type Group = Schemas['Group'];
export type ApiKey = Schemas['ApiKey'];
export type Share = Schemas['Share'];
export type AuditRecord = Schemas['AuditRecord'];
export type DirectorySource = Schemas['DirectorySource'];
export type SystemStatus = Schemas['SystemStatus'];
export type Readiness = Schemas['Readiness'];
export type DashboardStats = Schemas['DashboardStats'];
export type SearchRequest = NonNullable<
  paths['/api/v1/search']['post']['requestBody']
>['content']['application/json'];
export type SearchFilters = NonNullable<SearchRequest['filters']>;
export type SimilarDocument =
  paths['/api/v1/documents/{id}/similar']['get']['responses'][200]['content']['application/json']['items'][number];
