import { createServer, type AddressInfo, type Server } from 'node:net';
import { getPriority } from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runTool } from './run-tool.js';
import { detectToolSandbox, type ToolSandbox } from './tool-sandbox.js';

const node = process.execPath;
const base = { timeoutMs: 20_000, toolHint: 'Node.js' };
/** Where the machine cannot make a network namespace the no-network tests have nothing to test. */
const sandbox = await detectToolSandbox();

/** Prints the niceness of the program itself and of a child it forks at once (`nice` without arguments). */
const NICENESS_SCRIPT = `
  const child = require('node:child_process').execFileSync('nice', { encoding: 'utf8' }).trim();
  process.stdout.write(require('node:os').getPriority() + ' ' + child);`;

let canary: Server;
let port: number;
let connections = 0;

/** Tries to connect to the canary and prints `connected` or the error code (ENETUNREACH without network). */
function connectScript(): string {
  return `
    const s = require('node:net').connect(${port}, '127.0.0.1');
    s.on('connect', () => { process.stdout.write('connected'); s.end(); });
    s.on('error', (e) => process.stdout.write(e.code));`;
}

beforeAll(async () => {
  canary = createServer((socket) => {
    connections++;
    socket.end();
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  port = (canary.address() as AddressInfo).port;
});
beforeEach(() => {
  connections = 0;
});
afterAll(() => new Promise<void>((resolve) => canary.close(() => resolve())));

describe('runTool priority', () => {
  const expected = Math.max(getPriority(), 10);

  it('runs the program, and a child it forks at once, at niceness 10', async () => {
    const { stdout } = await runTool(node, ['-e', NICENESS_SCRIPT], base);
    expect(stdout).toBe(`${expected} ${expected}`);
  });

  it('lowers the priority the same way outside the network sandbox', async () => {
    const { stdout } = await runTool(node, ['-e', NICENESS_SCRIPT], { ...base, network: 'inherit' });
    expect(stdout).toBe(`${expected} ${expected}`);
  });

  it('keeps the caller’s priority with nice: 0', async () => {
    const { stdout } = await runTool(node, ['-e', NICENESS_SCRIPT], { ...base, nice: 0 });
    expect(stdout).toBe(`${getPriority()} ${getPriority()}`);
  });

  it('passes on the niceness of a caller that is already nicer, instead of adding to it', async () => {
    // A process at niceness 15 (like an extraction thread reniced for background work) runs runTool.
    const script = `
      import { runTool } from ${JSON.stringify(new URL('./run-tool.ts', import.meta.url).href)};
      const { stdout } = await runTool(process.execPath, ['-e', ${JSON.stringify(NICENESS_SCRIPT)}], {
        timeoutMs: 20000, toolHint: 'Node.js' });
      process.stdout.write(stdout);`;
    const { stdout } = await runTool(node, ['--import', 'tsx', '--input-type=module', '-e', script], {
      ...base,
      nice: Math.max(getPriority(), 15),
      network: 'inherit',
    });
    expect(stdout).toBe(`${Math.max(getPriority(), 15)} ${Math.max(getPriority(), 15)}`);
  });
});

describe('runTool network', () => {
  it('lets a program with network: inherit reach a listener on 127.0.0.1 (the canary works)', async () => {
    const { stdout } = await runTool(node, ['-e', connectScript()], { ...base, network: 'inherit' });
    expect(stdout).toBe('connected');
    expect(connections).toBe(1);
  });

  it.runIf(sandbox.kind === 'netns')(
    'runs a program without network by default: it cannot reach a listener on 127.0.0.1',
    async () => {
      const { stdout } = await runTool(node, ['-e', connectScript()], base);
      expect(stdout).toBe('ENETUNREACH');
      expect(connections).toBe(0);
    },
  );

  it('still runs the program, with the host’s network, when no sandbox can be made', async () => {
    const none: ToolSandbox = { kind: 'none', reason: 'forced by the test' };
    const { stdout } = await runTool(node, ['-e', connectScript()], { ...base, sandbox: none });
    expect(stdout).toBe('connected');
  });

  it('fails with TOOL_MISSING for a missing program behind the sandbox and nice wrappers', async () => {
    await expect(runTool('sift-no-such-tool', [], { ...base, toolHint: 'hint' })).rejects.toMatchObject({
      code: 'TOOL_MISSING',
      details: { tool: 'sift-no-such-tool' },
    });
    await expect(runTool('./no-such-dir/tool', [], { ...base, cwd: '/tmp' })).rejects.toMatchObject({
      code: 'TOOL_MISSING',
    });
  });

  it('finds the program on the PATH it is given, like spawn', async () => {
    const { stdout } = await runTool('node', ['-e', 'process.stdout.write("found")'], {
      ...base,
      env: { PATH: node.slice(0, node.lastIndexOf('/')) },
    });
    expect(stdout).toBe('found');
  });
});

describe('detectToolSandbox', () => {
  it('answers once per process and names what it found', async () => {
    expect(await detectToolSandbox()).toBe(sandbox);
    if (sandbox.kind === 'netns') expect(sandbox.prefix[0]).toMatch(/^\/.*unshare$/u);
    else expect(sandbox.reason).not.toBe('');
  });
});
