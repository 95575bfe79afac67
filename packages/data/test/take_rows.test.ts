import { expect, it } from 'vitest';
import { DataShapeError, takeRows } from '../src/index.js';

it('copies the chosen rows in order, keeping the array type and the trailing shape', () => {
  const images = { values: Uint8Array.from({ length: 3 * 2 * 2 }, (_, i) => i), shape: [3, 2, 2] };
  const taken = takeRows(images, [2, 0]);
  expect(taken.values).toBeInstanceOf(Uint8Array);
  expect(Array.from(taken.values)).toEqual([8, 9, 10, 11, 0, 1, 2, 3]);
  expect(taken.shape).toEqual([2, 2, 2]);
  expect(takeRows({ values: [5, 6, 7], shape: [3] }, [1]).values).toEqual([6]);
});

it('rejects rows that do not exist and data that does not fill its shape', () => {
  const labels = { values: Int32Array.of(0, 1), shape: [2] };
  expect(() => takeRows(labels, [2])).toThrow(DataShapeError);
  expect(() => takeRows(labels, [2])).toThrow(/indices\[0\] is 2, but the data has 2 rows/);
  expect(() => takeRows({ values: new Float32Array(5), shape: [2, 3] }, [0])).toThrow(
    /5 values do not fill shape \[2,3\]/,
  );
});
