import { expectNoLeaks, tf, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import { batches } from '../src/batches.js';
import { DataShapeError, MinMaxScaler, Standardizer } from '../src/index.js';

await useBackend('wasm');

describe('batches', () => {
  const images = { values: Uint8Array.from({ length: 10 * 4 }, (_, i) => i), shape: [10, 2, 2] };
  const labels = { values: Uint8Array.from({ length: 10 }, (_, i) => i % 3), shape: [10] };

  it('yields every row once per epoch in batches of the asked size, as float32 x and int32 y', () => {
    expectNoLeaks(() => {
      const seen: number[] = [];
      const sizes: number[] = [];
      for (const batch of batches({ x: images, y: labels }, { batchSize: 4, seed: 1 })) {
        expect(batch.x.dtype).toBe('float32');
        expect(batch.y?.dtype).toBe('int32');
        expect(batch.x.shape.slice(1)).toEqual([2, 2]);
        const x = batch.x.dataSync();
        const y = batch.y!.dataSync();
        batch.indices.forEach((row, k) => {
          expect(Array.from(x.subarray(4 * k, 4 * k + 4))).toEqual([4 * row, 4 * row + 1, 4 * row + 2, 4 * row + 3]);
          expect(y[k]).toBe(row % 3);
        });
        seen.push(...batch.indices);
        sizes.push(batch.indices.length);
        batch.dispose();
      }
      expect(sizes).toEqual([4, 4, 2]);
      expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });

  it('shuffles differently per epoch, identically per seed, drops the remainder and iterates a subset', () => {
    const order = (epoch: number, seed = 1) => {
      const rows: number[] = [];
      for (const b of batches(
        { x: images },
        { batchSize: 3, seed, epoch, dropRemainder: true, indices: [0, 2, 4, 6, 8, 9, 7] },
      )) {
        rows.push(...b.indices);
        b.dispose();
      }
      return rows;
    };
    expect(order(0)).toHaveLength(6);
    expect(order(0)).toEqual(order(0));
    expect(order(0)).not.toEqual(order(1));
    expect(new Set(order(0)).has(1)).toBe(false);
  });

  it('rejects mismatched rows and indices out of range', () => {
    const bad = { values: new Uint8Array(3), shape: [3] };
    expect(() => batches({ x: images, y: bad }, { batchSize: 2 }).next()).toThrow(/x has 10 rows but y has 3/);
    expect(() => batches({ x: images }, { batchSize: 2, indices: [11] }).next()).toThrow(/indices\[0\] is 11/);
    expect(() => batches({ x: images }, { batchSize: 0 }).next()).toThrow(DataShapeError);
    expect(() => batches({ x: { values: new Uint8Array(5), shape: [2, 2] } }, { batchSize: 1 }).next()).toThrow(
      /5 values but shape \[2, 2\] needs 4/,
    );
    expect(tf.memory().numTensors).toBe(0);
  });
});

describe('scalers', () => {
  // Reference: sklearn.preprocessing.StandardScaler().fit(X) and MinMaxScaler().fit(X) (scikit-learn 1.2.1).
  const X = [
    [1, 10, 5],
    [2, 20, 5],
    [4, 15, 5],
    [7, -5, 5],
  ];

  it('standardise with the training mean and population std; a constant feature gets σ = 1', () => {
    expect(new Standardizer().mean).toBeNull();
    // No `!`: fit's return type says the scaler is fitted (typecheck runs over this file).
    const scaler = new Standardizer().fit(X);
    expect(Array.from(scaler.mean)).toEqual([3.5, 10, 5]);
    const std = Array.from(scaler.std);
    [2.29128784747792, 9.354143466934854, 1].forEach((v, i) => {
      expect(std[i]).toBeCloseTo(v, 12);
    });
    const out = scaler.transform([[3, 0, 6]]);
    [-0.2182178902359924, -1.0690449676496976, 1].forEach((v, i) => {
      expect(out[i]).toBeCloseTo(v, 6);
    });
    const restored = Standardizer.fromJSON(JSON.parse(JSON.stringify(scaler.toJSON())));
    expect(Array.from(restored.mean)).toEqual([3.5, 10, 5]);
    expect(restored.transform([[3, 0, 6]])).toEqual(out);
    const back = scaler.inverseTransform({ values: out, shape: [1, 3] });
    [3, 0, 6].forEach((v, i) => {
      expect(back[i]).toBeCloseTo(v, 5);
    }); // float32 round trip
  });

  it('fit on the train rows only, given as indices', () => {
    const all = { values: Float32Array.from([0, 10, 2, 1000]), shape: [4, 1] };
    const scaler = new Standardizer().fit(all, { indices: [0, 2] });
    expect(Array.from(scaler.mean)).toEqual([1]);
    expect(Array.from(scaler.std)).toEqual([1]);
  });

  it('min-max scale as scikit-learn, a constant feature with range 1', () => {
    const scaler = new MinMaxScaler().fit(X);
    const out = scaler.transform([[3, 0, 6]]);
    [0.33333333333333337, 0.2, 1].forEach((v, i) => {
      expect(out[i]).toBeCloseTo(v, 6);
    });
    expect(scaler.toJSON()).toEqual({ kind: 'MinMaxScaler', offset: [1, -5, 5], scale: [6, 25, 1] });
  });

  it('refuse NaN, unfitted use and width mismatches', () => {
    expect(() => new Standardizer().fit([[1, Number.NaN]])).toThrow(/row 0, feature 1 is NaN/);
    expect(() => new Standardizer().transform([[1]])).toThrow(/call fit\(train\) first/);
    expect(() => new MinMaxScaler().fit(X).transform([[1, 2]])).toThrow(/2 features, the scaler was fitted on 3/);
    expect(() => Standardizer.fromJSON({ kind: 'MinMaxScaler', offset: [], scale: [] })).toThrow(
      /not a saved Standardizer/,
    );
  });
});
