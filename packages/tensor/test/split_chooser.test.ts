// The pool's choice between sharing a product and running it on the calling thread, from timings
// fed by hand: each way twice (the first timing a warm-up, replaced by the second), then the faster, the other way once in `probeEvery` calls, running
// means that follow a change of load, and shapes kept apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SplitChooser, type SplitMode } from '../src/kernels/wasm_simd/split_chooser.js';

/** Runs `calls` choices for one shape, timing each way with `cost`, and returns the ways taken. */
function drive(chooser: SplitChooser, calls: number, cost: (mode: SplitMode, call: number) => number): SplitMode[] {
  const modes: SplitMode[] = [];
  for (let i = 0; i < calls; i++) {
    const mode = chooser.choose('s');
    chooser.record('s', mode, cost(mode, i));
    modes.push(mode);
  }
  return modes;
}

describe('SplitChooser', () => {
  it('tries sharing twice, then one thread twice, then keeps the faster way, probing the other on every 8th call', () => {
    const chooser = new SplitChooser(8);
    // The first timing of each way is a slow warm-up (compiling, helpers starting): it is forgotten.
    const modes = drive(chooser, 24, (mode, i) => (i === 0 ? 50 : mode === 'shared' ? 0.6 : 1.0));
    // Calls 3–4 time one thread; calls 8, 16 and 24 (the 8th of each eight) probe it.
    expect(modes.map((m, i) => (m === 'solo' ? i + 1 : 0)).filter((c) => c > 0)).toEqual([3, 4, 8, 16, 24]);
    expect(chooser.times('s')).toEqual({ shared: 0.6, solo: 1.0 });
  });

  it('keeps products on one thread while sharing is slower (a busy core), probing sharing', () => {
    const chooser = new SplitChooser(8);
    const modes = drive(chooser, 24, (mode) => (mode === 'shared' ? 3 : 1.5));
    expect(modes.map((m, i) => (m === 'shared' ? i + 1 : 0)).filter((c) => c > 0)).toEqual([1, 2, 8, 16, 24]);
  });

  it('follows a change of load: running means with weight 1/4 on the newest timing', () => {
    const chooser = new SplitChooser(4);
    // Busy for 40 calls (sharing 4 ms, one thread 2 ms), then quiet (sharing 1 ms).
    const modes = drive(chooser, 120, (mode, i) => (mode === 'solo' ? 2 : i < 40 ? 4 : 1));
    expect(modes.slice(20, 40).filter((m) => m === 'shared').length).toBe(5); // probes only
    // After the change, the probes of sharing (calls 44, 48, 52, 56) pull its mean down:
    // 4 → 3.25 → 2.6875 → 2.27 → 1.95 < 2, so from call 57 sharing is taken and one thread probed.
    expect(modes[54]).toBe('solo'); // call 55
    expect(modes.slice(56, 59)).toEqual(['shared', 'shared', 'shared']); // calls 57–59
    expect(modes[59]).toBe('solo'); // call 60: a probe
    expect(modes.slice(80).filter((m) => m === 'solo')).toHaveLength(10); // calls 84, 88, …, 120
    expect(chooser.times('s')!.shared).toBeCloseTo(1, 5);
  });

  it('keeps shapes apart, ignores timings of shapes never chosen and negative or NaN times, and forgets on reset', () => {
    const chooser = new SplitChooser(4);
    chooser.record('never', 'shared', 1);
    expect(chooser.times('never')).toBeUndefined();
    expect(chooser.choose('a')).toBe('shared');
    chooser.record('a', 'shared', Number.NaN);
    chooser.record('a', 'shared', -1);
    expect(chooser.choose('a')).toBe('shared'); // still no timing of sharing
    chooser.record('a', 'shared', 5);
    expect(chooser.choose('a')).toBe('shared'); // one timing: a warm-up
    chooser.record('a', 'shared', 4);
    expect(chooser.choose('a')).toBe('solo');
    expect(chooser.choose('b')).toBe('shared');
    expect(chooser.times('a')).toEqual({ shared: 4, solo: Number.NaN });
    chooser.reset();
    expect(chooser.times('a')).toBeUndefined();
  });

  it('never takes the slower way more than once in probeEvery calls after both are timed (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (probeEvery, shared, solo) => {
          fc.pre(shared !== solo);
          const chooser = new SplitChooser(probeEvery);
          const modes = drive(chooser, 5 * probeEvery, (mode) => (mode === 'shared' ? shared : solo));
          const slower: SplitMode = shared < solo ? 'solo' : 'shared';
          const afterStart = modes.slice(4);
          const taken = afterStart.filter((m) => m === slower).length;
          expect(taken).toBeLessThanOrEqual(Math.ceil(afterStart.length / probeEvery));
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });
});
