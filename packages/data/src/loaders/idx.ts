import { gunzipSync } from 'fflate';
import { DataFormatError } from '../errors.js';
import type { ArrayData } from '../feature_matrix.js';

// IDX type codes (yann.lecun.com/exdb/mnist): the third byte of the magic number.
const TYPES: Record<
  number,
  {
    name: string;
    bytes: number;
    read: (view: DataView, offset: number) => number;
    Out: new (n: number) => ArrayData['values'];
  }
> = {
  8: { name: 'uint8', bytes: 1, read: (v, o) => v.getUint8(o), Out: Uint8Array },
  9: { name: 'int8', bytes: 1, read: (v, o) => v.getInt8(o), Out: Int8Array },
  11: { name: 'int16', bytes: 2, read: (v, o) => v.getInt16(o), Out: Int16Array },
  12: { name: 'int32', bytes: 4, read: (v, o) => v.getInt32(o), Out: Int32Array },
  13: { name: 'float32', bytes: 4, read: (v, o) => v.getFloat32(o), Out: Float32Array },
  14: { name: 'float64', bytes: 8, read: (v, o) => v.getFloat64(o), Out: Float64Array },
};

/**
 * Parses an IDX file (the MNIST / Fashion-MNIST format), gzipped or not: big-endian magic
 * `0x0000 <type> <dims>`, one uint32 per dimension, then the values. uint8 data stays uint8.
 *
 * @example
 * const images = parseIdx(bytes); // { values: Uint8Array(47040000), shape: [60000, 28, 28] }
 */
export function parseIdx(bytes: Uint8Array): ArrayData {
  if (!(bytes instanceof Uint8Array)) throw new DataFormatError('parseIdx: pass the file contents as a Uint8Array');
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzip(bytes) : bytes;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) {
    throw new DataFormatError(
      `parseIdx: not an IDX file (magic bytes ${Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}; expected 00 00 <type> <dims>)`,
    );
  }
  const type = TYPES[raw[2]!];
  if (type === undefined) throw new DataFormatError(`parseIdx: unknown IDX type code 0x${raw[2]!.toString(16)}`);
  const dims = raw[3]!;
  const header = 4 + 4 * dims;
  if (dims === 0 || raw.length < header)
    throw new DataFormatError(`parseIdx: truncated header (${raw.length} bytes, ${dims} dimensions)`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  if (raw.length !== header + count * type.bytes) {
    throw new DataFormatError(
      `parseIdx: shape [${shape.join(', ')}] of ${type.name} needs ${header + count * type.bytes} bytes, the file has ${raw.length}`,
    );
  }
  if (type.bytes === 1 && type.name === 'uint8') return { values: raw.slice(header), shape };
  const values = new type.Out(count);
  for (let i = 0; i < count; i++) values[i] = type.read(view, header + i * type.bytes);
  return { values, shape };
}

function gunzip(bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DataFormatError(`parseIdx: the gzip stream is corrupt or truncated (${(error as Error).message})`);
  }
}
