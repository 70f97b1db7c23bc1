// A progress bar on stderr for indexing, shown only on a terminal and only once a run has taken a second.
import cliProgress from 'cli-progress';

export interface Progress {
  update(phase: string, done: number, total: number): void;
  stop(): void;
}

export function createProgress(enabled = process.stderr.isTTY === true): Progress {
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(phase, done, total) {
      if (!enabled) return;
      if (!bar && Date.now() - started < 1000) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: ' {phase} [{bar}] {value}/{total}', hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done, { phase });
      }
      bar.setTotal(total);
      bar.update(done, { phase });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
