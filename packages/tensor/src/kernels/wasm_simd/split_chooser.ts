// Whether sharing a product among threads pays, judged by the clock, per shape. On an idle machine
// sharing the MLP's large products takes 0.5–0.6 of the time on one thread; with another process
// busy on a core, the helper runs late and sharing can take longer than one thread. Rather than
// guess from load averages, the pool times both ways for each shape and takes the faster, trying
// the other way now and then (the machine's load changes).

/** How a product ran: shared among threads, or on the calling thread alone. */
export type SplitMode = 'shared' | 'solo';

/** Weight of a new timing in a shape's running mean. */
const ALPHA = 0.25;

/** Timings of a way before its running mean starts: the first is a warm-up (compilation, helpers starting). */
const WARM_UP = 2;

interface ShapeTimes {
  shared: number;
  solo: number;
  timed: Record<SplitMode, number>;
  calls: number;
}

export class SplitChooser {
  private readonly shapes = new Map<string, ShapeTimes>();

  /** `probeEvery`: one call in this many per shape runs the slower way, to notice a change. */
  constructor(private readonly probeEvery = 32) {}

  /** The way to run the next product of this shape: each way twice first, then the faster one. */
  choose(shape: string): SplitMode {
    let times = this.shapes.get(shape);
    if (times === undefined) {
      times = { shared: Number.NaN, solo: Number.NaN, timed: { shared: 0, solo: 0 }, calls: 0 };
      this.shapes.set(shape, times);
    }
    times.calls++;
    if (times.timed.shared < WARM_UP) return 'shared';
    if (times.timed.solo < WARM_UP) return 'solo';
    const faster: SplitMode = times.shared <= times.solo ? 'shared' : 'solo';
    if (times.calls % this.probeEvery !== 0) return faster;
    return faster === 'shared' ? 'solo' : 'shared';
  }

  /** Records how long a product of this shape took the given way (milliseconds). */
  record(shape: string, mode: SplitMode, milliseconds: number): void {
    const times = this.shapes.get(shape);
    if (times === undefined || !(milliseconds >= 0)) return;
    times.timed[mode]++;
    // The warm-up timing is replaced by the next; a mean starting from it took ~30 probes to forget it.
    const mean = times[mode];
    times[mode] = times.timed[mode] <= WARM_UP ? milliseconds : mean + ALPHA * (milliseconds - mean);
  }

  /** The running mean time of each way for this shape (NaN before the first), for tests and benchmarks. */
  times(shape: string): { shared: number; solo: number } | undefined {
    const times = this.shapes.get(shape);
    return times === undefined ? undefined : { shared: times.shared, solo: times.solo };
  }

  /** Forgets every timing. */
  reset(): void {
    this.shapes.clear();
  }
}
