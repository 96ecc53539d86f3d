import cliProgress from 'cli-progress';
import type { Output } from './output.js';

/** A progress bar on stderr for humans; silent for --json and when stderr is not a terminal. */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function createProgress(out: Output, title: string): Progress {
  if (out.json || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${title.padEnd(8)} [{bar}] {value}/{total} {label}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label = '') {
      const shortLabel = label.length > 40 ? `…${label.slice(-39)}` : label;
      if (!started) {
        bar.start(total, done, { label: shortLabel });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { label: shortLabel });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
