import { MlrecipeWarning, warn } from '@mlrecipe/core';
import type { Rng } from '@mlrecipe/tensor';
import { RegularizerError } from './errors.js';
import { integerIn, numberIn, options, shown } from './validate.js';

/** Options of `mixNoise`: the SNR (or its range), the noise pool, and when to warn about reused noise. */
export interface MixNoiseOptions {
  /** Signal-to-noise ratio in dB, or a [low, high] range drawn uniformly per clip. */
  snrDb: number | readonly [number, number];
  /** The noise recordings to draw from (same sample rate as the speech). */
  noisePool: readonly Float32Array[];
  /**
   * Warn (`NOISE_REUSED`, through `@mlrecipe/core`'s channel) when each noise sample is reused more
   * than this many times over the data. Default 100.
   */
  maxReuse?: number;
}

/**
 * Artificial data synthesis: mixes a random stretch of noise into each clip at a given SNR
 * (noise scaled so 10·log10(P_speech / P_noise) = snrDb). The recipe's warning: if the noise pool
 * is small next to the speech (1 hour of car noise over 10,000 hours of speech), the model may
 * overfit to those few noises while it sounds fine to a human — so this warns when noise is reused
 * more than `maxReuse` times.
 */
export function mixNoise(mixOptions: MixNoiseOptions) {
  const { snrDb, noisePool, maxReuse = 100 } = options(mixOptions, 'mixNoise', true);
  if ('warn' in mixOptions)
    throw new RegularizerError(
      `mixNoise: the warn option was removed: warnings go through @mlrecipe/core's one channel (onWarning, setWarningHandler, captureWarnings)`,
    );
  if (
    !Array.isArray(noisePool) ||
    noisePool.length === 0 ||
    noisePool.some((n) => !(n instanceof Float32Array) || n.length === 0)
  )
    throw new RegularizerError(
      `mixNoise: noisePool must be a non-empty array of non-empty Float32Array clips, got ${shown(noisePool)}`,
    );
  const [low, high] =
    typeof snrDb === 'number'
      ? [snrDb, snrDb]
      : Array.isArray(snrDb) && snrDb.length === 2
        ? snrDb
        : [Number.NaN, Number.NaN];
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high))
    throw new RegularizerError(`mixNoise: snrDb must be a number or a [low, high] range, got ${shown(snrDb)}`);
  // Infinity is allowed: "never warn about reuse" (the speech app's looped-clip condition uses it).
  if (maxReuse !== Number.POSITIVE_INFINITY)
    numberIn(maxReuse, 'maxReuse', 'mixNoise', 0, Number.MAX_VALUE, { low: true });
  const noiseSamples = noisePool.reduce((s, n) => s + n.length, 0);
  let speechSamples = 0;
  let warned = false;
  return (clips: readonly Float32Array[], rng: Rng): Float32Array[] => {
    speechSamples += clips.reduce((s, c) => s + c.length, 0);
    const reuse = speechSamples / noiseSamples;
    if (!warned && reuse > maxReuse) {
      warned = true;
      warn(
        new MlrecipeWarning(
          'NOISE_REUSED',
          `mixNoise: each noise sample has now been reused ${Math.round(reuse)}× (${speechSamples.toLocaleString('en')} speech samples over ` +
            `${noiseSamples.toLocaleString('en')} of noise). Like 1 hour of car noise over 10,000 hours of speech, the model may overfit to ` +
            'these few noises; collect more noise.',
          { reuse, speechSamples, noiseSamples, maxReuse },
        ),
      );
    }
    return clips.map((clip) => {
      const noise = noisePool[rng.int(noisePool.length)]!;
      const start = rng.int(noise.length);
      const snr = low === high ? low : rng.uniform(low, high);
      let speechPower = 0;
      let noisePower = 0;
      for (let i = 0; i < clip.length; i++) {
        const n = noise[(start + i) % noise.length]!;
        speechPower += clip[i]! * clip[i]!;
        noisePower += n * n;
      }
      const gain = noisePower === 0 ? 0 : Math.sqrt(speechPower / (noisePower * 10 ** (snr / 10)));
      return Float32Array.from(clip, (s, i) => s + gain * noise[(start + i) % noise.length]!);
    });
  };
}

/** Shifts each clip by up to ±maxShift samples, padding with silence. */
export function timeShift(timeShiftOptions: { maxShift: number }) {
  const { maxShift } = options(timeShiftOptions, 'timeShift', true);
  integerIn(maxShift, 'maxShift', 'timeShift', 0, 2 ** 31 - 1);
  return (clips: readonly Float32Array[], rng: Rng): Float32Array[] =>
    clips.map((clip) => {
      const shift = rng.int(2 * maxShift + 1) - maxShift;
      return Float32Array.from(clip, (_, i) => clip[i - shift] ?? 0);
    });
}

/** Changes speed (and pitch) by a factor drawn from [minFactor, maxFactor], resampling linearly; length changes by 1/factor. */
export function speedPerturb(speedPerturbOptions?: { minFactor?: number; maxFactor?: number }) {
  const { minFactor = 0.9, maxFactor = 1.1 } = options(speedPerturbOptions, 'speedPerturb');
  numberIn(minFactor, 'minFactor', 'speedPerturb', 0, 100, { low: true });
  numberIn(maxFactor, 'maxFactor', 'speedPerturb', 0, 100, { low: true });
  if (!(minFactor > 0 && minFactor <= maxFactor))
    throw new RegularizerError(`speedPerturb: need 0 < minFactor ≤ maxFactor, got ${minFactor}, ${maxFactor}`);
  return (clips: readonly Float32Array[], rng: Rng): Float32Array[] =>
    clips.map((clip) => {
      const factor = rng.uniform(minFactor, maxFactor);
      const length = Math.max(1, Math.floor(clip.length / factor));
      return Float32Array.from({ length }, (_, i) => {
        const t = i * factor;
        const k = Math.floor(t);
        const a = clip[k] ?? 0;
        const b = clip[k + 1] ?? a;
        return a + (b - a) * (t - k);
      });
    });
}
