// gatherRows: rows of a typed or plain array as a float32 tensor, written straight into wasm memory
// on wasm; the same values as slicing by hand on cpu and wasm, conversions from integer arrays,
// memory growth while building, typed errors and no leaks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyRows, expectNoLeaks, gatherRows, InvalidArgumentError, ShapeError, tf, useBackend } from '../src/index.js';

/** The rows by hand: the reference every backend must equal. */
function byHand(values: ArrayLike<number>, width: number, rows: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows.length; r++)
    for (let c = 0; c < width; c++) out.push(Math.fround(values[rows[r]! * width + c]!));
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gatherRows on ${backend}`, () => {
    it('picks rows in the given order, repeats allowed, shaped [rows, ...rowShape]', async () => {
      await useBackend(backend);
      // 3 rows of 4: row r holds r*10 + c.
      const values = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 4) * 10 + (i % 4));
      await expectNoLeaks(() => {
        const x = gatherRows(values, 4, Uint32Array.of(2, 0, 2), [2, 2]);
        expect(x.shape).toEqual([3, 2, 2]);
        expect(x.dtype).toBe('float32');
        expect(Array.from(x.dataSync())).toEqual([20, 21, 22, 23, 0, 1, 2, 3, 20, 21, 22, 23]);
        x.dispose();
      });
    });

    it('converts uint8 images and plain number arrays to float32, and makes an empty batch', async () => {
      await useBackend(backend);
      const pixels = Uint8Array.of(0, 255, 7, 128);
      const x = gatherRows(pixels, 2, [1, 0]);
      expect(Array.from(x.dataSync())).toEqual([7, 128, 0, 255]);
      const plain = gatherRows([0.1, 0.2, 0.3], 1, [2, 0]);
      expect(Array.from(plain.dataSync())).toEqual([Math.fround(0.3), Math.fround(0.1)]);
      const empty = gatherRows(pixels, 2, []);
      expect(empty.shape).toEqual([0, 2]);
      tf.dispose([x, plain, empty]);
    });

    it('equals the rows by hand for any array, width and row list (fast-check, seeded)', async () => {
      await useBackend(backend);
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 30 }),
          fc.array(fc.nat(), { maxLength: 50 }),
          fc.constantFrom('float32', 'float64', 'int32', 'uint8', 'plain'),
          (width, count, picks, kind) => {
            const raw = Array.from({ length: width * count }, (_, i) => ((i * 7919) % 251) - 100 + i / 3);
            const values =
              kind === 'float32'
                ? Float32Array.from(raw)
                : kind === 'float64'
                  ? Float64Array.from(raw)
                  : kind === 'int32'
                    ? Int32Array.from(raw, Math.round)
                    : kind === 'uint8'
                      ? Uint8Array.from(raw, (v) => Math.abs(Math.round(v)) % 256)
                      : raw;
            const rows = Uint32Array.from(picks, (p) => p % count);
            const x = gatherRows(values, width, rows);
            expect(Array.from(x.dataSync())).toEqual(byHand(values, width, rows));
            x.dispose();
          },
        ),
        { seed: 17, numRuns: 60 },
      );
    });
  });
}

describe('gatherRows on wasm memory', () => {
  it('is right when building the tensor grows wasm memory (the view is taken after the allocation)', async () => {
    await useBackend('wasm');
    const width = 4096;
    const values = Float32Array.from({ length: width * 4 }, (_, i) => i);
    // About 64 MiB of rows: more than the memory had, so the allocation grows it.
    const before = tf.memory().numBytes;
    const rows = Uint32Array.from({ length: 4096 }, (_, i) => (i * 3) % 4);
    const x = gatherRows(values, width, rows);
    expect(tf.memory().numBytes - before).toBe(4096 * width * 4);
    const data = x.dataSync();
    for (const r of [0, 1, 2, 4095]) expect(data[r * width + 5]).toBe(((r * 3) % 4) * width + 5);
    x.dispose();
  });
});

describe('copyRows', () => {
  it('copies rows in order into an array of its own type, from an offset on', () => {
    const labels = Uint8Array.of(3, 1, 4, 1, 5, 9);
    expect(Array.from(copyRows(labels, 2, [2, 0], new Int32Array(6), 2))).toEqual([0, 0, 5, 9, 3, 1]);
    expect(Array.from(copyRows([0.5, 1.5, 2.5], 1, [2, 2, 0], new Float32Array(3)))).toEqual([2.5, 2.5, 0.5]);
  });
});

describe('gatherRows errors', () => {
  it('says what was wrong: width, whole rows, row shape, a row out of range', async () => {
    await useBackend('cpu');
    const values = new Float32Array(6);
    expect(() => gatherRows(values, 0, [0])).toThrow(ShapeError);
    expect(() => gatherRows(values, 4, [0])).toThrow(
      /whole rows of width values \(a positive integer\), got length 6 and width 4/,
    );
    expect(() => gatherRows(values, 4, [0])).toThrow(ShapeError);
    expect(() => gatherRows(values, 3, [0], [2, 2])).toThrow(/rowShape \[2,2\] does not hold 3 values a row/);
    expect(() => gatherRows(values, 3, [0, 2])).toThrow(/rows\[1\] is 2, but the array has 2 rows/);
    expect(() => gatherRows(values, 3, [0.5])).toThrow(InvalidArgumentError);
    expect(() => gatherRows(null as unknown as number[], 3, [0])).toThrow(ShapeError);
    expect(tf.memory().numTensors).toBe(0);
  });
});
