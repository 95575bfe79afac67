import { DataShapeError } from '../errors.js';
import { integerIn, nonNegativeFinite, optionsObject, positiveFinite } from '../validate.js';

/** Hz → mel, the HTK formula (as TensorFlow's linear_to_mel_weight_matrix): 1127·ln(1 + f/700). */
export const hzToMel = (hz: number): number => 1127 * Math.log1p(nonNegativeFinite(hz, 'hz', 'hzToMel') / 700);
/** Mel → Hz, the inverse of `hzToMel`: 700·(e^(m/1127) − 1). */
export const melToHz = (mel: number): number => 700 * Math.expm1(nonNegativeFinite(mel, 'mel', 'melToHz') / 1127);

/**
 * Triangular mel filters over the bins of a real FFT ([fftSize/2 + 1, melBins], row-major), as
 * tf.signal.linear_to_mel_weight_matrix builds them: band edges equally spaced in mel between
 * lowHz and highHz, each filter rising from its lower edge to its centre and falling to its upper
 * edge, the DC bin left out.
 */
export function melFilterbank(options: {
  sampleRate: number;
  fftSize: number;
  melBins: number;
  lowHz: number;
  highHz: number;
}): Float32Array {
  const { sampleRate, fftSize, melBins, lowHz, highHz } = optionsObject(options, 'melFilterbank', true);
  positiveFinite(sampleRate, 'sampleRate', 'melFilterbank');
  // An even FFT size up to 2^16 (about 1.4 s at 48 kHz): fftSize/2 + 1 bins must be an integer.
  integerIn(fftSize, 'fftSize', 'melFilterbank', 2, 65536);
  if (fftSize % 2 !== 0) throw new DataShapeError(`melFilterbank: fftSize must be even, got ${fftSize}`);
  integerIn(melBins, 'melBins', 'melFilterbank', 1, 4096);
  if (!(lowHz >= 0 && highHz > lowHz && highHz <= sampleRate / 2)) {
    throw new DataShapeError(
      `melFilterbank: need 0 ≤ lowHz < highHz ≤ sampleRate/2 (${sampleRate / 2}), got ${lowHz}–${highHz}`,
    );
  }
  if (!(Number.isInteger(melBins) && melBins >= 1))
    throw new DataShapeError(`melFilterbank: melBins must be a positive integer, got ${melBins}`);
  const bins = fftSize / 2 + 1;
  const edges = Array.from(
    { length: melBins + 2 },
    (_, i) => hzToMel(lowHz) + ((hzToMel(highHz) - hzToMel(lowHz)) * i) / (melBins + 1),
  );
  const weights = new Float32Array(bins * melBins);
  for (let b = 1; b < bins; b++) {
    const mel = hzToMel((b * sampleRate) / 2 / (bins - 1));
    for (let m = 0; m < melBins; m++) {
      const [lower, centre, upper] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
      const w = Math.min((mel - lower) / (centre - lower), (upper - mel) / (upper - centre));
      if (w > 0) weights[b * melBins + m] = w;
    }
  }
  return weights;
}

/** The orthonormal DCT-II matrix [n, n]: row k is √(2/n)·cos(π(i + ½)k/n), row 0 scaled by 1/√2. */
export function dctMatrix(n: number): Float64Array {
  // n² entries: 4096 (16 M values) is far beyond any cepstrum and keeps a typo from exhausting memory.
  integerIn(n, 'n', 'dctMatrix', 1, 4096);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      out[k * n + i] = Math.sqrt(2 / n) * Math.cos((Math.PI * (i + 0.5) * k) / n) * (k === 0 ? Math.SQRT1_2 : 1);
  return out;
}
