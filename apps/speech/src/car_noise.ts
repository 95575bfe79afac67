import type { Rng } from '@mlrecipe/tensor/rng';
import { SAMPLE_RATE } from './audio_io.js';

/** What a realisation of car noise was made of. */
export interface CarNoiseParams {
  readonly rpm: number;
  readonly cylinders: number;
  readonly engineLevel: number;
  readonly roadLevel: number;
  readonly windLevel: number;
}

/**
 * Parametric car-cabin noise, `seconds` long at 16 kHz: engine harmonics at the firing frequency
 * (rpm/60 · cylinders/2) with a slow rpm wobble, road noise (brown noise low-passed near 200 Hz)
 * and wind noise (pink-ish noise band-passed around 500–2,000 Hz). Normalised to unit power.
 */
export function carNoise(rng: Rng, seconds: number): { samples: Float32Array; params: CarNoiseParams } {
  const n = Math.round(seconds * SAMPLE_RATE);
  const params: CarNoiseParams = {
    rpm: rng.uniform(900, 3500),
    cylinders: [4, 6, 8][rng.int(3)]!,
    engineLevel: rng.uniform(0.2, 1),
    roadLevel: rng.uniform(0.3, 1),
    windLevel: rng.uniform(0, 0.7),
  };
  const firing = (params.rpm / 60) * (params.cylinders / 2);
  const harmonics = Array.from({ length: 6 }, (_, h) => ({
    gain: 1 / (h + 1) ** 1.2,
    phase: rng.uniform(0, 2 * Math.PI),
  }));
  const wobble = rng.uniform(0.1, 0.5);
  const out = new Float32Array(n);
  let brown = 0;
  let road = 0;
  let windLow = 0;
  let windHigh = 0;
  let phase = 0;
  const alphaRoad = 1 - Math.exp((-2 * Math.PI * 200) / SAMPLE_RATE);
  const alphaHigh = 1 - Math.exp((-2 * Math.PI * 2000) / SAMPLE_RATE);
  const alphaLow = 1 - Math.exp((-2 * Math.PI * 500) / SAMPLE_RATE);
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE;
    phase += (2 * Math.PI * firing * (1 + 0.03 * Math.sin(2 * Math.PI * wobble * t))) / SAMPLE_RATE;
    let engine = 0;
    for (const [h, { gain, phase: p }] of harmonics.entries()) engine += gain * Math.sin((h + 1) * phase + p);
    brown = 0.998 * brown + rng.normal(0, 0.05);
    road += alphaRoad * (brown - road);
    const white = rng.normal(0, 1);
    windHigh += alphaHigh * (white - windHigh);
    windLow += alphaLow * (windHigh - windLow);
    out[i] =
      params.engineLevel * 0.3 * engine + params.roadLevel * 4 * road + params.windLevel * 2 * (windHigh - windLow);
  }
  let power = 0;
  for (const v of out) power += v * v;
  const scale = 1 / Math.sqrt(power / n || 1);
  for (let i = 0; i < n; i++) out[i] = out[i]! * scale;
  return { samples: out, params };
}
