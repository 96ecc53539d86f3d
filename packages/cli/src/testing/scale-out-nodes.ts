import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { freePort } from './mounts.js';
import { spawnSift, tempDirs } from './run-sift.js';

/** One `sift` process of the installation: an API node or a worker node. */
export interface SiftNode {
  name: string;
  /** `http://127.0.0.1:<port>` of an API node; empty for a worker. */
  base: string;
  /** The worker pool id (`worker_id` of the tasks it runs); empty for an API node. */
  workerId: string;
  child: ChildProcessWithoutNullStreams;
  /** The last lines the process wrote, for failure messages. */
  tail(): string;
}

const TAIL_LINES = 60;

/**
 * Starts and stops the processes of one test; `stopAll` SIGKILLs whatever still runs (also after a failed
 * test), so no process outlives the test file. Each process gets its own data dir (work files, local models);
 * what they share comes from `env` (database, Redis, Chroma, blob dir).
 */
export class SiftNodes {
  private readonly running = new Set<SiftNode>();
  private readonly dirs = tempDirs();

  constructor(private readonly env: Record<string, string>) {
    // Should the test process itself die (a vitest timeout kills its worker), take the nodes along.
    process.once('exit', this.killSync);
  }

  private readonly killSync = () => {
    for (const node of this.running) node.child.kill('SIGKILL');
  };

  /** `sift serve --no-workers` on a free port, once `/health/ready` answers 200. */
  async api(name: string, timeoutMs = 90_000): Promise<SiftNode> {
    const port = await freePort();
    const node = await this.spawn(name, ['serve', '--no-workers'], { SIFT_PORT: String(port) });
    const base = `http://127.0.0.1:${port}`;
    node.base = base;
    await until(
      async () => (await fetch(`${base}/health/ready`).catch(() => null))?.status === 200,
      timeoutMs,
      () => `${name} did not become ready at ${base}/health/ready`,
      node,
    );
    return node;
  }

  /** `sift worker --queues …`, once it logged that its pool started (with the pool's id). */
  async worker(name: string, queues: string, timeoutMs = 90_000): Promise<SiftNode> {
    const node = await this.spawn(name, ['worker', '--queues', queues], {});
    let workerId = '';
    await until(
      () => {
        const line = node
          .tail()
          .split('\n')
          .find((l) => l.includes('"worker started"'));
        if (line) workerId = (JSON.parse(line) as { workerId: string }).workerId;
        return Promise.resolve(workerId !== '');
      },
      timeoutMs,
      () => `${name} (sift worker --queues ${queues}) did not start`,
      node,
    );
    node.workerId = workerId;
    return node;
  }

  /** SIGKILL, as a crash: no lease is released, no job finishes. Resolves once the process is gone. */
  async kill(node: SiftNode): Promise<void> {
    this.running.delete(node);
    if (node.child.exitCode !== null || node.child.signalCode !== null) return;
    const gone = new Promise((resolve) => node.child.once('exit', resolve));
    node.child.kill('SIGKILL');
    await gone;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((node) => this.kill(node)));
    process.off('exit', this.killSync);
    await this.dirs.cleanup();
  }

  private async spawn(name: string, args: string[], env: Record<string, string>): Promise<SiftNode> {
    const dataDir = await this.dirs.make(`sift-e2e-${name}-`);
    // Info level: the worker's start line carries its pool id; the rest only feeds failure messages.
    const child = spawnSift(args, dataDir, { ...this.env, SIFT_LOG_LEVEL: 'info', ...env });
    const lines: string[] = [];
    // Per stream: a chunk may end mid-line, and stdout and stderr interleave.
    const keeper = () => {
      let partial = '';
      return (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        lines.push(...parts.filter(Boolean));
        if (lines.length > TAIL_LINES * 2) lines.splice(0, lines.length - TAIL_LINES);
      };
    };
    child.stdout.setEncoding('utf8').on('data', keeper());
    child.stderr.setEncoding('utf8').on('data', keeper());
    const node: SiftNode = { name, base: '', workerId: '', child, tail: () => lines.join('\n') };
    this.running.add(node);
    return node;
  }
}

async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: () => string,
  node: SiftNode,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (node.child.exitCode !== null) {
      throw new Error(`${what()}: it exited with code ${node.child.exitCode}\n${node.tail()}`);
    }
    if (Date.now() > deadline) throw new Error(`${what()} within ${timeoutMs} ms\n${node.tail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
