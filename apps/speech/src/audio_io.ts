// Audio in and out through Debian's tools, run as subprocesses: sox decodes and resamples anything
// (Ogg Vorbis, WAV) to 16 kHz mono; espeak-ng and flite synthesise speech. Synthesised clips are
// cached on disk by their parameters, so a second run does not call the synthesisers again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SAMPLE_RATE = 16_000;

export class AudioToolError extends Error {
  override readonly name = 'AudioToolError';
}

function run(command: string, args: readonly string[], input?: Buffer): Buffer {
  const result = spawnSync(command, args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new AudioToolError(
      `${command} is not installed (${result.error.message}); apt-get install -y espeak-ng flite sox libsox-fmt-all`,
    );
  }
  if (result.status !== 0)
    throw new AudioToolError(`${command} ${args.join(' ')} failed: ${result.stderr.toString().trim()}`);
  return result.stdout;
}

/** Decodes a file (or WAV bytes) with sox to 16 kHz mono floats in [-1, 1). */
export function decode(source: string | Buffer): Float32Array {
  const input = typeof source === 'string' ? [source] : ['-t', 'wav', '-'];
  const raw = run(
    'sox',
    [...input, '-t', 'raw', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-'],
    typeof source === 'string' ? undefined : source,
  );
  const samples = new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
  return Float32Array.from(samples, (s) => s / 32768);
}

export interface Voice {
  readonly engine: 'espeak-ng' | 'flite';
  /** espeak-ng: e.g. 'en-gb-scotland+m3'; flite: kal, awb, rms, slt. */
  readonly voice: string;
  /** Words per minute (espeak-ng only). */
  readonly speed: number;
  /** 0–99 (espeak-ng only). */
  readonly pitch: number;
}

/** Speaks `text` with a voice, cached under `cacheDir`. */
export function synthesise(text: string, voice: Voice, cacheDir: string): Float32Array {
  const key = createHash('sha1').update(JSON.stringify({ text, voice })).digest('hex').slice(0, 16);
  const file = join(cacheDir, `${key}.f32`);
  if (existsSync(file)) {
    const bytes = readFileSync(file);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  }
  let samples: Float32Array;
  if (voice.engine === 'espeak-ng') {
    samples = decode(
      run('espeak-ng', ['-v', voice.voice, '-s', String(voice.speed), '-p', String(voice.pitch), '--stdout', text]),
    );
  } else {
    // flite seeks to finish its WAV header, so it writes a file, not a pipe.
    const temporary = join(tmpdir(), `flite-${process.pid}-${key}.wav`);
    run('flite', ['-voice', voice.voice, '-t', text, '-o', temporary]);
    samples = decode(temporary);
    rmSync(temporary, { force: true });
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, Buffer.from(samples.buffer));
  return samples;
}
