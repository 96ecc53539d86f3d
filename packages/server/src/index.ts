export { buildServer, type BuildServerOptions } from './app.js';
export { startServer, type StartedServer } from './start-server.js';
export { installSignalHandlers, type SignalHandlerOptions } from './shutdown.js';
export { DEFAULT_WEB_DIST_DIR } from './static.js';
export { DOCS_PATH, OPENAPI_PATH } from './openapi.js';
export { ProblemSchema, PROBLEM_CONTENT_TYPE, type Problem } from './problem.schema.js';
