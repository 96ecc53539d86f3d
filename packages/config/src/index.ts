export * from './config.js';
export { ENV_SCHEMA } from './config.schema.js';
export * from './settings-table.js';
export { redactUrl, type Backends } from './scale-out.js';
