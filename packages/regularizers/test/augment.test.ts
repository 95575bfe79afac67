import { captureWarnings } from '@mlrecipe/core';
import { createRng, expectNoLeaks, tf, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import {
  blur,
  colorShift,
  composeAugmentations,
  flipHorizontal,
  gaussianNoise,
  mixNoise,
  RegularizerError,
  randomCrop,
  rotate,
  speedPerturb,
  timeShift,
} from '../src/index.js';

await useBackend('wasm');

// Two 3×4 one-channel images with distinct pixels: 0..11 and 12..23, scaled to [0, 1).
const images = () =>
  tf.tensor4d(
    Float32Array.from({ length: 24 }, (_, i) => i / 24),
    [2, 3, 4, 1],
  );
const pixels = (t: tf.Tensor) => Array.from(t.dataSync()).map((v) => Math.round(v * 24));

describe('image augmentation', () => {
  it('flips exactly the images the rng picks, and always with probability 1', () => {
    const x = images();
    expectNoLeaks(() => {
      const always = flipHorizontal({ probability: 1 })(x, createRng(1));
      expect(pixels(always).slice(0, 4)).toEqual([3, 2, 1, 0]);
      expect(pixels(always).slice(12, 16)).toEqual([15, 14, 13, 12]);
      const never = flipHorizontal({ probability: 0 })(x, createRng(1));
      expect(pixels(never)).toEqual(pixels(x));
      tf.dispose([always, never]);
    });
    x.dispose();
  });

  it('crops exact windows that stay inside the image', () => {
    const x = images();
    const crop = randomCrop({ height: 2, width: 2 })(x, createRng(3));
    expect(crop.shape).toEqual([2, 2, 2, 1]);
    const [a, b, c, d] = pixels(crop).slice(0, 4) as [number, number, number, number];
    expect([b - a, c - a, d - a]).toEqual([1, 4, 5]); // a 2×2 window of a 4-wide image
    expect(() => randomCrop({ height: 4, width: 2 })(x, createRng(1))).toThrow(/does not fit 3×4 images/);
    tf.dispose([x, crop]);
  });

  it('adds noise with the asked standard deviation and colour casts within the bound', () => {
    const flat = tf.fill([4, 32, 32, 3], 0.5) as tf.Tensor4D;
    const noisy = gaussianNoise({ std: 0.05 })(flat, createRng(4));
    const v = noisy.dataSync() as Float32Array;
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
    expect(Math.abs(sd - 0.05)).toBeLessThan(0.002);
    const cast = colorShift({ maxDelta: 0.1 })(flat, createRng(5));
    const c = cast.dataSync() as Float32Array;
    expect(Math.max(...c)).toBeLessThanOrEqual(0.6 + 1e-6);
    expect(Math.min(...c)).toBeGreaterThanOrEqual(0.4 - 1e-6);
    expect(c[0]).toBe(c[3]); // one offset per image and channel
    tf.dispose([flat, noisy, cast]);
  });

  it('blurs a point into a normalised Gaussian and rotates by 180° exactly when asked', () => {
    const point = tf.tidy(() =>
      tf.pad(tf.ones([1, 1, 1, 1]), [
        [0, 0],
        [4, 4],
        [4, 4],
        [0, 0],
      ]),
    ) as tf.Tensor4D;
    const blurred = blur({ sigma: 1 })(point, createRng(1));
    const b = blurred.dataSync() as Float32Array;
    expect(b.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 4); // mass kept
    // Taps e^(−k²/2), k = −3…3, sum to 1 + 2(e^−½ + e^−2 + e^−9/2) = 2.505950; the 2-D peak is 1/2.505950².
    expect(b[4 * 9 + 4]).toBeCloseTo(1 / 2.50595 ** 2, 5);
    const x = images();
    const turned = rotate({ maxDegrees: 0 })(x, createRng(1));
    expect(pixels(turned)).toEqual(pixels(x));
    tf.dispose([point, blurred, x, turned]);
  });

  it('composes seeded steps: same seed, same batch', () => {
    const x = images();
    const augment = composeAugmentations(flipHorizontal(), gaussianNoise({ std: 0.01 }));
    const a = augment(x, createRng(9));
    const b = augment(x, createRng(9));
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
  });
});

describe('audio augmentation and artificial data synthesis', () => {
  const tone = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 5));
  const noise = Float32Array.from({ length: 3000 }, (_, i) => Math.sin(i * 1.7) * 0.3 + Math.cos(i * 0.31) * 0.2);

  it('mixes noise at exactly the asked SNR', () => {
    const [mixed] = mixNoise({ snrDb: 10, noisePool: [noise] })([tone], createRng(1));
    const added = mixed!.map((v, i) => v - tone[i]!);
    const power = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0);
    expect(10 * Math.log10(power(tone) / power(added))).toBeCloseTo(10, 3);
  });

  it('warns when a small noise pool is reused over much more speech (the car-noise lesson)', () => {
    const augment = mixNoise({ snrDb: [0, 5], noisePool: [noise], maxReuse: 2 });
    // 2,000 speech samples over 3,000 of noise: fine
    expect(captureWarnings(() => augment([tone, tone], createRng(1))).warnings).toEqual([]);
    // 7,000 over 3,000: reused 2.3×, said once
    const { warnings } = captureWarnings(() => augment([tone, tone, tone, tone, tone], createRng(2)));
    expect(warnings.map((w) => [w.code, w.details])).toEqual([
      ['NOISE_REUSED', { reuse: 7000 / 3000, speechSamples: 7000, noiseSamples: 3000, maxReuse: 2 }],
    ]);
    expect(warnings[0]!.message).toMatch(/reused 2× .* may overfit to these few noises/);
    expect(captureWarnings(() => augment([tone], createRng(3))).warnings).toEqual([]);
    expect(() => mixNoise({ snrDb: 5, noisePool: [noise], warn: () => {} } as never)).toThrow(
      /mixNoise: the warn option was removed: warnings go through @mlrecipe\/core/,
    );
    expect(() => mixNoise({ snrDb: 5, noisePool: [] })).toThrow(RegularizerError);
  });

  it('shifts in time with silence and changes speed by resampling', () => {
    const ramp = Float32Array.from({ length: 10 }, (_, i) => i + 1);
    const [shifted] = timeShift({ maxShift: 3 })([ramp], createRng(4));
    const zeros = shifted!.filter((v) => v === 0).length;
    expect(zeros).toBeLessThanOrEqual(3);
    const [faster] = speedPerturb({ minFactor: 2, maxFactor: 2 })([ramp], createRng(1));
    expect(Array.from(faster!)).toEqual([1, 3, 5, 7, 9]);
  });
});

it('mixNoise accepts maxReuse: Infinity (never warn) and rejects NaN and 0', () => {
  const mix = mixNoise;
  const noise = [Float32Array.from({ length: 100 }, (_, i) => Math.sin(i))];
  expect(typeof mix({ snrDb: 10, noisePool: noise, maxReuse: Number.POSITIVE_INFINITY })).toBe('function');
  expect(() => mix({ snrDb: 10, noisePool: noise, maxReuse: Number.NaN })).toThrow(/maxReuse must be in \(0, ∞\]/);
  expect(() => mix({ snrDb: 10, noisePool: noise, maxReuse: 0 })).toThrow(/maxReuse must be in \(0, ∞\]/);
});
