// The speech app's command line; parsed and checked before any clip is synthesised.
import {
  backendFlag,
  defineCommand,
  epochsFlag,
  integerFlag,
  numberFlag,
  outFlag,
  seedFlag,
  textFlag,
} from '@mlrecipe/app-cli';

/** The speech app's flags; `--help` is generated from them. */
export const speechCommand = defineCommand({
  name: 'speech',
  usage: 'pnpm --filter speech start',
  summary:
    'speech: spelled letters and spelled street names for a car GPS, trained on SYNTHETIC speech and tested on real recordings in car noise (data mismatch, artificial data synthesis, a CTC model for whole words).',
  flags: {
    'per-letter': integerFlag({ help: 'synthetic training clips per letter', default: 40, min: 1 }),
    epochs: epochsFlag(15),
    words: integerFlag({
      help: 'synthetic spelled words for the CTC model (15 % become train-dev)',
      default: 400,
      min: 10,
    }),
    'word-epochs': integerFlag({ help: 'epochs of the spelled-word CTC model', default: 15, min: 1 }),
    'latency-ms': numberFlag({
      help: 'latency bound per spelled word when choosing a transcriber',
      default: 250,
      min: 0,
    }),
    'human-level': numberFlag({
      help: 'human-level error for spelled letters in a car',
      default: 0.05,
      min: 0,
      max: 1,
    }),
    seed: seedFlag(1),
    backend: backendFlag(),
    cache: textFlag({ help: 'directory caching the synthesised speech', default: '.cache/tts', valueName: 'DIR' }),
    out: outFlag(),
  },
});
