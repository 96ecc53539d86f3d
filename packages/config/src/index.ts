export * from './config.js';
export { ENV_SCHEMA } from './config.schema.js';
export * from './settings-table.js';
export { redactUrl, withDataDir, type Backends } from './scale-out.js';
export type { Operations } from './operations.js';
