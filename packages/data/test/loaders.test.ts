import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemResource } from '@mlrecipe/tensor/testing';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataFormatError, decodeImage, parseCsv, parseIdx, resizeBilinear } from '../src/index.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadCsv, loadFashionMnist, loadImageFolder } from '../src/node.js';

const fixtures = join(import.meta.dirname, 'fixtures');

const fashion = systemResource(FASHION_MNIST_DIR, 'dataset-fashion-mnist', 'Fashion-MNIST loader test');
describe('IDX', () => {
  it.runIf(fashion)('loads the real Fashion-MNIST files of Debian’s dataset-fashion-mnist', async () => {
    const { train, test } = await loadFashionMnist();
    expect(train.images.shape).toEqual([60_000, 28, 28, 1]);
    expect(test.images.shape).toEqual([10_000, 28, 28, 1]);
    expect(train.images.values).toBeInstanceOf(Uint8Array);
    // Reference values read with Python's gzip + numpy.frombuffer from the same files.
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    const sum = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
    expect(sum((train.images.values as Uint8Array).subarray(0, 784))).toBe(76_247);
    expect(sum((test.images.values as Uint8Array).subarray(0, 784))).toBe(33_456);
    const perClass = new Array(10).fill(0);
    for (const l of train.labels) perClass[l]++;
    expect(perClass).toEqual(new Array(10).fill(6000));
    expect(FASHION_MNIST_CLASSES[9]).toBe('Ankle boot');
  });

  it('parses other IDX types and rejects corrupt files', () => {
    // int32, shape [2, 2], big-endian: 1, -2, 3, 400000
    const bytes = new Uint8Array([
      0, 0, 0x0c, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 255, 255, 255, 254, 0, 0, 0, 3, 0, 6, 26, 128,
    ]);
    const parsed = parseIdx(bytes);
    expect(parsed.shape).toEqual([2, 2]);
    expect(Array.from(parsed.values)).toEqual([1, -2, 3, 400_000]);
    expect(Array.from(parseIdx(gzipSync(bytes)).values)).toEqual([1, -2, 3, 400_000]);
    expect(() => parseIdx(bytes.subarray(0, 20))).toThrow(/needs 28 bytes, the file has 20/);
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4]))).toThrow(DataFormatError);
    expect(() => parseIdx(new Uint8Array([0x1f, 0x8b, 1, 2]))).toThrow(/gzip stream is corrupt/);
  });
});

describe('CSV', () => {
  it('loads the real UCI digits rows with the label column apart', async () => {
    const table = await loadCsv(join(fixtures, 'digits_head.csv'), { label: 'digit' });
    expect(table.x.shape).toEqual([100, 64]);
    expect(table.columns).toHaveLength(64);
    // Reference from numpy over the same rows: label counts and pixel sum.
    const counts = new Array(10).fill(0);
    for (const d of table.y!) counts[d]++;
    expect(counts).toEqual([11, 12, 10, 12, 8, 9, 11, 10, 8, 9]);
    expect(table.x.values.reduce((s, v) => s + v, 0)).toBe(31_147);
    expect(Array.from(table.x.values.subarray(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
  });

  it('names the cell that is not a number and the missing label column', () => {
    expect(() => parseCsv('a,b\n1,2\n3,x\n')).toThrow(/row 3, column b is "x", not a number/);
    expect(() => parseCsv('a,b\n1,2\n', { label: 'y' })).toThrow(/no label column "y"; columns are a, b/);
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(DataFormatError);
  });
});

describe('images', () => {
  it('decode a real PNG and a real JPEG (reference: Pillow)', () => {
    const cat = decodeImage(readFileSync(join(fixtures, 'images/cat/chelsea.png')));
    expect([cat.height, cat.width, cat.channels]).toEqual([300, 451, 3]);
    const at = (img: typeof cat, y: number, x: number) =>
      Array.from(img.values.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));
    expect(at(cat, 100, 200)).toEqual([76, 39, 13]); // PNG is lossless: exact
    const rocket = decodeImage(readFileSync(join(fixtures, 'images/rocket/rocket.jpg')));
    expect([rocket.height, rocket.width]).toEqual([427, 640]);
    // JPEG decoders may differ by a level or two (IDCT rounding): compare within 3.
    at(rocket, 100, 200).forEach((v, c) => {
      expect(Math.abs(v - [43, 57, 92][c]!)).toBeLessThanOrEqual(3);
    });
    const mean = (img: typeof cat, c: number) => {
      let s = 0;
      for (let i = c; i < img.values.length; i += 3) s += img.values[i]!;
      return s / (img.height * img.width);
    };
    expect(mean(cat, 0)).toBeCloseTo(147.67308943089432, 6);
    expect(Math.abs(mean(rocket, 2) - 82.27113583138173)).toBeLessThan(0.5);
  });

  it('loads an image folder with one class per directory, resizing to one size', async () => {
    const folder = await loadImageFolder(join(fixtures, 'images'), { size: [32, 48] });
    expect(folder.classNames).toEqual(['cat', 'rocket']);
    expect(Array.from(folder.labels)).toEqual([0, 1]);
    expect(folder.images.shape).toEqual([2, 32, 48, 3]);
    await expect(loadImageFolder(join(fixtures, 'images'))).rejects.toThrow(/pass size: \[h, w\] to resize/);
  });

  it('resize bilinearly: a 2×2 ramp upsampled to 4×4 has the hand-computed centre values', () => {
    const ramp = { values: Uint8Array.from([0, 100, 100, 200]), height: 2, width: 2, channels: 1 as const };
    const up = resizeBilinear(ramp, 4, 4);
    // Half-pixel centres: output x = 1 samples input x = 0.25 → 25 along a row of 0 → 100.
    expect(Array.from(up.values.subarray(0, 4))).toEqual([0, 25, 75, 100]);
    expect(up.values[15]).toBe(200);
  });
});
