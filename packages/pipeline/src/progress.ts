import type { EpochRecord } from './train.js';

/** Where training progress goes. */
export interface Progress {
  startEpoch(epoch: number, epochs: number, batches: number): void;
  batch(done: number, loss: number): void;
  endEpoch(record: EpochRecord): void;
  stop(): void;
}

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

const describe = (r: EpochRecord) =>
  `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, train error ${(100 * r.trainError).toFixed(2)} %` +
  (r.trainDevError === undefined ? '' : `, train-dev error ${(100 * r.trainDevError).toFixed(2)} %`) +
  `, dev error ${(100 * r.devError).toFixed(2)} % (${r.seconds.toFixed(1)} s)`;

/** One line per epoch (CI logs, files, anything that is not a terminal). */
export function lineProgress(write: (line: string) => void = (line) => console.log(line)): Progress {
  return { startEpoch() {}, batch() {}, endEpoch: (r) => write(describe(r)), stop() {} };
}

/**
 * A progress bar on a terminal, drawn by cli-progress (a maintained library; no reason to redraw
 * terminal lines by hand), with the running loss; the epoch summary is printed under it.
 */
export async function barProgress(): Promise<Progress> {
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    { format: 'epoch {epoch}/{epochs} [{bar}] {value}/{total} batches | loss {loss}', hideCursor: true },
    Presets.shades_classic,
  );
  return {
    startEpoch: (epoch, epochs, batches) => bar.start(batches, 0, { epoch, epochs, loss: '…' }),
    batch: (done, loss) => bar.update(done, { loss: loss.toFixed(4) }),
    endEpoch: (r) => {
      bar.stop();
      console.log(describe(r));
    },
    stop: () => bar.stop(),
  };
}

/** 'auto': a bar on a TTY in Node, lines elsewhere (CI, pipes); 'none' in browsers, which use the events. */
export async function progressFor(mode: ProgressMode): Promise<Progress | undefined> {
  if (mode === 'none') return undefined;
  const tty = (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout?.isTTY === true;
  if (mode === 'bar' || (mode === 'auto' && tty)) return barProgress();
  if (mode === 'auto' && typeof (globalThis as { window?: unknown }).window !== 'undefined') return undefined;
  return lineProgress();
}
