import { SAMPLE_RATE } from './audio_io.js';

/**
 * Where the letters of a spelled word are, for the single-letter baseline: 10 ms frames louder than
 * 4× (6 dB over) the noise floor (the 20th percentile of frame energies, smoothed over 50 ms),
 * segments closer than 80 ms merged, shorter than 60 ms dropped; each returned as the 1-second window
 * of the word centred on the segment (what the letter CNN was trained on). In loud noise segments
 * merge or vanish: that is the pipeline's weakness the CTC model does not have.
 */
export function letterWindows(signal: Float32Array): Float32Array[] {
  const hop = SAMPLE_RATE / 100;
  const frames = Math.floor(signal.length / hop);
  const energy = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let e = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) e += signal[i]! * signal[i]!;
    energy[f] = e;
  }
  const smooth = Float64Array.from(energy, (_, f) => {
    let s = 0;
    let n = 0;
    for (let k = Math.max(0, f - 2); k <= Math.min(frames - 1, f + 2); k++, n++) s += energy[k]!;
    return s / n;
  });
  const sorted = Float64Array.from(smooth).sort();
  const threshold = 4 * (sorted[Math.floor(0.2 * (frames - 1))] ?? 0);
  const segments: [number, number][] = [];
  for (let f = 0; f < frames; f++) {
    if (smooth[f]! <= threshold) continue;
    const last = segments[segments.length - 1];
    if (last && f - last[1] <= 8) last[1] = f;
    else segments.push([f, f]);
  }
  return segments
    .filter(([a, b]) => b - a + 1 >= 6)
    .map(([a, b]) => {
      const centre = Math.round(((a + b + 1) / 2) * hop);
      const out = new Float32Array(SAMPLE_RATE);
      const from = centre - SAMPLE_RATE / 2;
      for (let i = 0; i < SAMPLE_RATE; i++) {
        const j = from + i;
        if (j >= 0 && j < signal.length) out[i] = signal[j]!;
      }
      return out;
    });
}
