import FFT from 'fft.js';
import { DataShapeError } from '../errors.js';
import { integerIn, nonNegativeFinite, optionsObject, positiveFinite, shown } from '../validate.js';
import { dctMatrix, melFilterbank } from './mel.js';

/** Options of `logMelSpectrogram` and `mfcc`: the clip's sample rate, window, hop, mel bands and frequency range. */
export interface LogMelOptions {
  sampleRate: number;
  /** Window length. Default 25 ms. */
  frameMs?: number;
  /** Hop between windows. Default 10 ms. */
  hopMs?: number;
  /** Mel bands. Default 40. */
  melBins?: number;
  /** Default 20 Hz. */
  lowHz?: number;
  /** Default sampleRate / 2. */
  highHz?: number;
  /** Added before the log so silence stays finite. Default 1e-6. */
  epsilon?: number;
}

/** A feature matrix of one clip: frames × bands (log-mel) or frames × coefficients (MFCC). */
export interface Features {
  /** Row-major [frames, bands]. */
  readonly values: Float32Array;
  readonly shape: readonly [number, number];
}

/**
 * Log-mel spectrogram: periodic Hann windows (25 ms, 10 ms hop by default), power spectrum by FFT
 * (fft.js, a maintained radix-4 real FFT: faster than a hand-written one), triangular mel filters,
 * natural log. Frames that would run past the end are dropped, as tf.signal.stft does.
 */
export function logMelSpectrogram(signal: Float32Array, options: LogMelOptions): Features {
  const caller = 'logMelSpectrogram';
  const raw: unknown = signal;
  if (!(raw instanceof Float32Array || raw instanceof Float64Array || Array.isArray(raw))) {
    throw new DataShapeError(`${caller}: signal must be a Float32Array of samples, got ${shown(signal)}`);
  }
  const {
    sampleRate,
    frameMs = 25,
    hopMs = 10,
    melBins = 40,
    lowHz = 20,
    epsilon = 1e-6,
  } = optionsObject(options, caller, true);
  positiveFinite(sampleRate, 'sampleRate', caller);
  positiveFinite(frameMs, 'frameMs', caller);
  positiveFinite(hopMs, 'hopMs', caller);
  positiveFinite(epsilon, 'epsilon', caller);
  if (epsilon > 1)
    throw new DataShapeError(`${caller}: epsilon must be in (0, 1] (it keeps log(0) finite), got ${epsilon}`);
  integerIn(melBins, 'melBins', caller, 1, 4096);
  nonNegativeFinite(lowHz, 'lowHz', caller);
  if (options.highHz !== undefined) positiveFinite(options.highHz, 'highHz', caller);
  const highHz = options.highHz ?? sampleRate / 2;
  if (!(Number.isFinite(sampleRate) && sampleRate > 0))
    throw new DataShapeError(`logMelSpectrogram: sampleRate must be positive, got ${sampleRate}`);
  const frame = Math.round((sampleRate * frameMs) / 1000);
  const hop = Math.round((sampleRate * hopMs) / 1000);
  // Both in samples: at least 1, and a window of at most 2^16 samples (about 1.4 s at 48 kHz).
  if (frame < 2 || frame > 65536 || hop < 1) {
    throw new DataShapeError(
      `${caller}: frameMs ${frameMs} and hopMs ${hopMs} at ${sampleRate} Hz make a window of ${frame} samples and a hop of ${hop}; the window needs 2–65536 samples and the hop at least 1`,
    );
  }
  if (signal.length < frame) {
    throw new DataShapeError(
      `logMelSpectrogram: the clip has ${signal.length} samples, shorter than one ${frameMs} ms window (${frame})`,
    );
  }
  for (let i = 0; i < signal.length; i++)
    if (!Number.isFinite(signal[i]!)) throw new DataShapeError(`logMelSpectrogram: sample ${i} is ${signal[i]}`);
  let fftSize = 2;
  while (fftSize < frame) fftSize *= 2;
  const filters = melFilterbank({ sampleRate, fftSize, melBins, lowHz, highHz });
  const window = Float64Array.from({ length: frame }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / frame));
  const fft = new FFT(fftSize);
  const input = new Array<number>(fftSize).fill(0);
  const spectrum = fft.createComplexArray() as number[];
  const frames = 1 + Math.floor((signal.length - frame) / hop);
  const bins = fftSize / 2 + 1;
  const power = new Float64Array(bins);
  const out = new Float32Array(frames * melBins);
  for (let f = 0; f < frames; f++) {
    for (let i = 0; i < frame; i++) input[i] = signal[f * hop + i]! * window[i]!;
    fft.realTransform(spectrum, input);
    for (let b = 0; b < bins; b++) power[b] = spectrum[2 * b]! ** 2 + spectrum[2 * b + 1]! ** 2;
    for (let m = 0; m < melBins; m++) {
      let energy = 0;
      for (let b = 1; b < bins; b++) energy += power[b]! * filters[b * melBins + m]!;
      out[f * melBins + m] = Math.log(energy + epsilon);
    }
  }
  return { values: out, shape: [frames, melBins] };
}

/** MFCCs: the first `coefficients` of the orthonormal DCT-II of each log-mel frame. Default 13. */
export function mfcc(signal: Float32Array, options: LogMelOptions & { coefficients?: number }): Features {
  const logMel = logMelSpectrogram(signal, options);
  const [frames, bands] = logMel.shape;
  const coefficients = options.coefficients ?? 13;
  if (!(Number.isInteger(coefficients) && coefficients >= 1 && coefficients <= bands))
    throw new DataShapeError(
      `mfcc: coefficients must be an integer in [1, ${bands}] (the mel bands), got ${shown(coefficients)}`,
    );
  const dct = dctMatrix(bands);
  const out = new Float32Array(frames * coefficients);
  for (let f = 0; f < frames; f++)
    for (let k = 0; k < coefficients; k++) {
      let s = 0;
      for (let i = 0; i < bands; i++) s += dct[k * bands + i]! * logMel.values[f * bands + i]!;
      out[f * coefficients + k] = s;
    }
  return { values: out, shape: [frames, coefficients] };
}
