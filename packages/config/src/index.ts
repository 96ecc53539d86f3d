export * from './config.js';
export { ENV_SCHEMA } from './config.schema.js';
