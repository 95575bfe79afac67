import { SAMPLE_RATE } from './audio_io.js';

/** One second around the speech: the window centred on the energy's centre of mass, zero-padded. */
export function centreOnSpeech(signal: Float32Array, length = SAMPLE_RATE): Float32Array {
  const hop = 160;
  const energies: number[] = [];
  for (let start = 0; start + hop <= signal.length; start += hop) {
    let e = 0;
    for (let i = start; i < start + hop; i++) e += signal[i]! * signal[i]!;
    energies.push(e);
  }
  const peak = Math.max(...energies, 0);
  let mass = 0;
  let moment = 0;
  energies.forEach((e, k) => {
    if (e < 0.05 * peak) return; // the quiet lead-in and tail do not move the centre
    mass += e;
    moment += e * (k * hop + hop / 2);
  });
  const centre = mass === 0 ? signal.length / 2 : moment / mass;
  const out = new Float32Array(length);
  const from = Math.round(centre - length / 2);
  for (let i = 0; i < length; i++) {
    const j = from + i;
    if (j >= 0 && j < signal.length) out[i] = signal[j]!;
  }
  return out;
}

/** Scales a clip to a root-mean-square level (speech level varies between synthesisers and microphones). */
export function normaliseRms(signal: Float32Array, rms = 0.1): Float32Array {
  let power = 0;
  for (const v of signal) power += v * v;
  const current = Math.sqrt(power / signal.length);
  return current === 0 ? signal : Float32Array.from(signal, (v) => (v * rms) / current);
}
