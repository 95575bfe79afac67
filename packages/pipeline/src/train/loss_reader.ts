import { tf } from '@mlrecipe/tensor';
import { yieldToEventLoop } from '../yield.js';

export interface PendingLoss {
  readonly epoch: number;
  readonly batch: number;
  readonly loss: number;
}

/**
 * Mini-batch losses read in groups: a synchronous read per batch blocks a browser's main thread and
 * stalls a GPU pipeline (WebGL waits for each batch to finish). Losses are queued as tensors and
 * read with one asynchronous read every `intervalMs` (and whenever the loop must know, e.g. before
 * a snapshot), then the event loop gets a turn.
 */
export class LossReader {
  private pending: { epoch: number; batch: number; value: tf.Scalar }[] = [];
  private lastRead = performance.now();

  constructor(private readonly intervalMs = 30) {}

  push(epoch: number, batch: number, value: tf.Scalar): void {
    this.pending.push({ epoch, batch, value });
  }

  /** Whether enough time has passed that the next read (and yield) is due. */
  get due(): boolean {
    return this.pending.length >= 256 || performance.now() - this.lastRead >= this.intervalMs;
  }

  /** Reads every queued loss (one device read), frees the tensors, and yields to the event loop. */
  async read(): Promise<PendingLoss[]> {
    const queued = this.pending;
    this.pending = [];
    this.lastRead = performance.now();
    if (queued.length === 0) {
      await yieldToEventLoop();
      return [];
    }
    let values: Float32Array;
    try {
      const stacked = queued.length === 1 ? queued[0]!.value : tf.stack(queued.map((q) => q.value));
      try {
        values = (await stacked.data()) as Float32Array;
      } finally {
        if (queued.length > 1) stacked.dispose();
      }
    } finally {
      tf.dispose(queued.map((q) => q.value));
    }
    await yieldToEventLoop();
    return queued.map((q, i) => ({ epoch: q.epoch, batch: q.batch, loss: values[i]! }));
  }

  /** Frees what was not read (a run that threw). */
  dispose(): void {
    tf.dispose(this.pending.map((q) => q.value));
    this.pending = [];
  }
}
