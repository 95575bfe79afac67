import { PipelineError } from './errors.js';
import { checkTask, type Task } from './task.js';
import type { EpochRecord } from './train.js';

/** Where training progress goes. */
export interface Progress {
  /** An epoch starts: its number, the epoch count and its batch count. */
  startEpoch(epoch: number, epochs: number, batches: number): void;
  /** A batch ended: batches done in the epoch and the batch's loss. */
  batch(done: number, loss: number): void;
  /** The epoch's record, or undefined for an epoch that was not evaluated (see train's evaluateEvery). */
  endEpoch(record: EpochRecord | undefined): void;
  /** Training ended: release the terminal (bar) or flush (lines). */
  stop(): void;
}

/** How `train` shows progress: `'auto'` (a bar on terminals, lines elsewhere), `'bar'`, `'lines'`, or `'none'`. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/** Error rates as percentages; regression errors (mean absolute error) as numbers. */
function describe(r: EpochRecord, task: Task): string {
  const error = task === 'regression' ? (e: number) => e.toPrecision(4) : (e: number) => `${(100 * e).toFixed(2)} %`;
  const name = task === 'regression' ? 'MAE' : 'error';
  return (
    `epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, train ${name} ${error(r.trainError)}` +
    (r.trainDevError === undefined ? '' : `, train-dev ${name} ${error(r.trainDevError)}`) +
    `, dev ${name} ${error(r.devError)} (${r.seconds.toFixed(1)} s)` +
    healthLines(r)
  );
}

/** Training-health warnings under the epoch's line (nothing when healthy). */
function healthLines(r: EpochRecord): string {
  const h = r.health;
  if (!h) return '';
  const lines = [
    ...(h.verdict === 'healthy' ? [] : [`  ⚠ gradients ${h.verdict}: ${h.message}`]),
    ...h.lossIssues.map((issue) => `  ⚠ loss ${issue.kind}: ${issue.message}`),
  ];
  return lines.length > 0 ? `\n${lines.join('\n')}` : '';
}

/** One line per epoch (CI logs, files, anything that is not a terminal). */
export function lineProgress(
  write: (line: string) => void = (line) => console.log(line),
  task: Task = 'multiclass',
): Progress {
  if (typeof write !== 'function') {
    throw new PipelineError(`lineProgress: write must be a function (line) => void, got ${JSON.stringify(write)}`);
  }
  checkTask(task, 'lineProgress');
  return { startEpoch() {}, batch() {}, endEpoch: (r) => r && write(describe(r, task)), stop() {} };
}

/**
 * A progress bar on a terminal, drawn by cli-progress (a maintained library; no reason to redraw
 * terminal lines by hand), with the running loss; the epoch summary is printed under it.
 */
export async function barProgress(task: Task = 'multiclass'): Promise<Progress> {
  checkTask(task, 'barProgress');
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
      if (r) console.log(describe(r, task));
    },
    stop: () => bar.stop(),
  };
}

/** 'auto': a bar on a TTY in Node, lines elsewhere (CI, pipes); 'none' in browsers, which use the events. */
export async function progressFor(mode: ProgressMode, task: Task = 'multiclass'): Promise<Progress | undefined> {
  checkProgressMode(mode, 'progressFor');
  checkTask(task, 'progressFor');
  if (mode === 'none') return undefined;
  const tty = (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process?.stdout?.isTTY === true;
  if (mode === 'bar' || (mode === 'auto' && tty)) return barProgress(task);
  if (mode === 'auto' && typeof (globalThis as { window?: unknown }).window !== 'undefined') return undefined;
  return lineProgress(undefined, task);
}

const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'bar', 'lines', 'none'];

/** A progress mode is one of the four names (undefined means 'auto' where an option defaults). */
export function checkProgressMode(mode: unknown, caller: string): void {
  if (caller === 'train' && mode === undefined) return;
  if (!PROGRESS_MODES.includes(mode as ProgressMode)) {
    throw new PipelineError(
      `${caller}: progress must be one of ${PROGRESS_MODES.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(mode)}`,
    );
  }
}
