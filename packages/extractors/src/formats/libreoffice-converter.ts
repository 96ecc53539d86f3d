import { Semaphore } from '@sift/core';
import type { ToolSandbox } from '@sift/tools';
import { LibreOfficeDaemon } from './libreoffice-daemon.js';

/** Options of {@link WarmLibreOffice}. */
export interface WarmLibreOfficeOptions {
  soffice: string;
  /** Starting the office (default 90 s: a first start on a busy machine also writes its profile). */
  startTimeoutMs?: number;
  /** Past this resident size after a conversion the office is restarted (default 1 GiB). */
  maxRssBytes?: number;
  /** An office without work for this long is stopped; the next conversion starts another (default 5 min). */
  idleMs?: number;
  sandbox?: ToolSandbox;
}

/**
 * A warm LibreOffice for legacy Office conversions: one {@link LibreOfficeDaemon} started on first use and
 * reused, with conversions one at a time (the office converts one document at a time anyway, and a
 * conversion that fails must be pinned on the document that caused it). The office is restarted when it has
 * died, after a conversion that failed, timed out or was aborted (it may be stuck on that document), and when
 * it has grown past `maxRssBytes`; it is stopped when idle and by {@link close}.
 */
export class WarmLibreOffice {
  private readonly queue = new Semaphore(1);
  private daemon: Promise<LibreOfficeDaemon> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly options: WarmLibreOfficeOptions) {}

  /**
   * Converts one file; resolves with the office's output for the conversion. Errors of starting the office
   * (TOOL_MISSING, TOOL_FAILED, TOOL_TIMEOUT) and of the conversion reach the caller.
   */
  convert(
    source: string,
    target: string,
    outDir: string,
    opts: { timeoutMs: number; signal?: AbortSignal; toolHint: string },
  ): Promise<string> {
    return this.queue.run(async () => {
      if (this.closed) throw new Error('the LibreOffice converter is closed');
      clearTimeout(this.idleTimer);
      const daemon = await this.running();
      try {
        return await daemon.convert(source, target, outDir, opts);
      } catch (err) {
        await this.stop();
        throw err;
      } finally {
        await this.afterConversion();
      }
    }, opts.signal);
  }

  /** The process group of the running office, if one runs (for health reports and tests). */
  async processGroup(): Promise<number | null> {
    const daemon = this.daemon && (await this.daemon.catch(() => null));
    return daemon?.alive ? daemon.processGroup : null;
  }

  /** Stops the office; later conversions fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.stop();
  }

  private async running(): Promise<LibreOfficeDaemon> {
    const current = this.daemon && (await this.daemon.catch(() => null));
    if (current?.alive) return current;
    if (current) await current.kill();
    const starting = LibreOfficeDaemon.start({
      soffice: this.options.soffice,
      startTimeoutMs: this.options.startTimeoutMs ?? 90_000,
      ...(this.options.sandbox ? { sandbox: this.options.sandbox } : {}),
    });
    this.daemon = starting;
    try {
      return await starting;
    } catch (err) {
      this.daemon = null;
      throw err;
    }
  }

  private async afterConversion(): Promise<void> {
    const daemon = this.daemon && (await this.daemon.catch(() => null));
    if (!daemon) return;
    const rss = await daemon.rssBytes();
    if (!daemon.alive || (rss !== null && rss > (this.options.maxRssBytes ?? 1024 ** 3))) {
      await this.stop();
      return;
    }
    this.idleTimer = setTimeout(() => void this.queue.run(() => this.stop()), this.options.idleMs ?? 300_000);
    this.idleTimer.unref?.();
  }

  private async stop(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = null;
    const instance = daemon && (await daemon.catch(() => null));
    await instance?.kill();
  }
}
