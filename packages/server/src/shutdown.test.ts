import { afterEach, describe, expect, it, vi } from 'vitest';
import { installSignalHandlers } from './shutdown.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

describe('installSignalHandlers', () => {
  let t: TestServer;
  let uninstall: () => void = () => {};
  afterEach(async () => {
    uninstall();
    await t.close();
  });

  // SIGUSR2 stands in for SIGTERM: emitting SIGTERM would also reach the test runner's own handlers.
  const signal = 'SIGUSR2' as const;

  it('stops accepting requests, closes the runtime (workers first) and exits 0', async () => {
    t = await startTestServer({ startWorkers: true });
    const pool = t.runtime.workers;
    const stopWorkers = vi.spyOn(pool!, 'stop');
    const exit = vi.fn();
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    uninstall = installSignalHandlers(t.server, t.runtime, logger, { signals: [signal], exit });

    process.emit(signal, signal);
    await vi.waitFor(() => expect(exit).toHaveBeenCalled());

    expect(exit).toHaveBeenCalledWith(0);
    expect(stopWorkers).toHaveBeenCalledWith({ graceMs: t.runtime.config.queue.shutdownGraceMs });
    expect(t.server.server.listening).toBe(false);
    await expect(fetch(`${t.url}/health`)).rejects.toThrow();
    await expect(t.runtime.startWorkers()).rejects.toMatchObject({ code: 'RUNTIME_CLOSED' });
  });

  it('exits 1 at once on a second signal during shutdown', async () => {
    t = await startTestServer();
    const exit = vi.fn();
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    // Hold shutdown open so that the second signal arrives while it runs.
    let finish!: () => void;
    vi.spyOn(t.runtime, 'close').mockReturnValueOnce(new Promise<void>((resolve) => (finish = resolve)));
    uninstall = installSignalHandlers(t.server, t.runtime, logger, { signals: [signal], exit });

    process.emit(signal, signal);
    await vi.waitFor(() => expect(t.runtime.close).toHaveBeenCalled());
    process.emit(signal, signal);
    expect(exit).toHaveBeenCalledWith(1);
    finish();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
  });
});
