export { runTool, type RunToolOptions } from './run-tool.js';
export { libraryVersion } from './library-version.js';
