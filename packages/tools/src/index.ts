export { runTool, type RunToolOptions } from './run-tool.js';
export { detectToolSandbox, type ToolSandbox } from './tool-sandbox.js';
export { libraryVersion } from './library-version.js';
