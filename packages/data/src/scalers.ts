import { DataShapeError } from './errors.js';
import { type FeatureInput, type Rows, toRows } from './feature_matrix.js';
import { finiteArray, optionsObject, shown } from './validate.js';

/** Options of a scaler's `fit`: the rows to fit on. */
export interface FitOptions {
  /** Fit on these rows only (e.g. `split.train`), without copying. */
  indices?: ArrayLike<number>;
}

interface ScalerJson {
  readonly kind: string;
  readonly offset: number[];
  readonly scale: number[];
}

/** Shared by both scalers: y = (x − offset) / scale per feature, fitted on train only. */
abstract class AffineScaler {
  protected offset: Float64Array | null = null;
  protected scale: Float64Array | null = null;
  protected abstract readonly kind: string;

  /** Learns the per-feature parameters from training rows (NaN or ±Infinity is an error). */
  fit(x: FeatureInput, fitOptions?: FitOptions): this {
    const rows = toRows(x, `${this.kind}.fit`);
    const indices = optionsObject(fitOptions, `${this.kind}.fit`).indices ?? null;
    if (indices !== null && indices.length === 0) throw new DataShapeError(`${this.kind}.fit: indices is empty`);
    checkFinite(rows, indices, `${this.kind}.fit`);
    const { offset, scale } = this.estimate(rows, indices);
    this.offset = offset;
    this.scale = scale;
    return this;
  }

  /** Applies the fitted parameters: the same ones to train, dev and test. Returns a new Float32Array. */
  transform(x: FeatureInput): Float32Array {
    const { offset, scale } = this.fitted('transform');
    const rows = toRows(x, `${this.kind}.transform`);
    if (rows.width !== offset.length) {
      throw new DataShapeError(
        `${this.kind}.transform: rows have ${rows.width} features, the scaler was fitted on ${offset.length}`,
      );
    }
    const out = new Float32Array(rows.values.length);
    for (let i = 0; i < out.length; i++) {
      const f = i % rows.width;
      out[i] = (rows.values[i]! - offset[f]!) / scale[f]!;
    }
    return out;
  }

  /** Undoes `transform`. */
  inverseTransform(x: FeatureInput): Float32Array {
    const { offset, scale } = this.fitted('inverseTransform');
    const rows = toRows(x, `${this.kind}.inverseTransform`);
    if (rows.width !== offset.length) {
      throw new DataShapeError(
        `${this.kind}.inverseTransform: rows have ${rows.width} features, the scaler was fitted on ${offset.length}`,
      );
    }
    const out = new Float32Array(rows.values.length);
    for (let i = 0; i < out.length; i++) out[i] = rows.values[i]! * scale[i % rows.width]! + offset[i % rows.width]!;
    return out;
  }

  /** The fitted parameters as plain JSON (kind, offset, scale), for `fromJSON` to restore. */
  toJSON(): ScalerJson {
    const { offset, scale } = this.fitted('toJSON');
    return { kind: this.kind, offset: Array.from(offset), scale: Array.from(scale) };
  }

  protected restore(json: ScalerJson): this {
    const caller = `${this.kind}.fromJSON`;
    if (json === null || typeof json !== 'object' || json.kind !== this.kind) {
      throw new DataShapeError(`${caller}: not a saved ${this.kind} (got ${shown(json)}); pass what toJSON() returned`);
    }
    const offset = finiteArray(json.offset, 'offset', caller);
    const scale = finiteArray(json.scale, 'scale', caller);
    if (offset.length === 0 || offset.length !== scale.length) {
      throw new DataShapeError(
        `${caller}: offset has ${offset.length} features and scale ${scale.length}; they must match and not be empty`,
      );
    }
    // A zero scale would divide by zero: fit never saves one (constant features get 1).
    const zero = scale.indexOf(0);
    if (zero >= 0)
      throw new DataShapeError(
        `${caller}: scale[${zero}] is 0; a saved scale is never 0 (fit uses 1 for constant features)`,
      );
    this.offset = Float64Array.from(offset);
    this.scale = Float64Array.from(scale);
    return this;
  }

  protected abstract estimate(
    rows: Rows,
    indices: ArrayLike<number> | null,
  ): { offset: Float64Array; scale: Float64Array };

  private fitted(caller: string): { offset: Float64Array; scale: Float64Array } {
    if (this.offset === null || this.scale === null) {
      throw new DataShapeError(`${this.kind}.${caller}: call fit(train) first`);
    }
    return { offset: this.offset, scale: this.scale };
  }
}

/**
 * Z-score normalisation: x ← (x − μ) / σ per feature, with μ and σ² fitted on the training set and
 * applied **unchanged** to dev and test (the recipe: "use the same μ, σ² to normalise the test
 * set"), so that every split goes through the same function. σ is the population standard
 * deviation (as scikit-learn's StandardScaler); a feature with zero variance gets σ = 1, so it maps
 * to 0 instead of NaN.
 *
 * @example
 * const scaler = new Standardizer().fit(x, { indices: split.train });
 * const devX = scaler.transform(devRows);
 */
export class Standardizer extends AffineScaler {
  protected readonly kind = 'Standardizer';

  /**
   * Learns μ and σ per feature from training rows (NaN or ±Infinity is an error). Typed as fitted,
   * so `new Standardizer().fit(x).mean` is a `Float64Array` without a null check.
   */
  override fit(x: FeatureInput, options: FitOptions = {}): this & FittedStandardizer {
    return super.fit(x, options) as this & FittedStandardizer;
  }

  get mean(): Float64Array | null {
    return this.offset;
  }

  get std(): Float64Array | null {
    return this.scale;
  }

  /** A fitted Standardizer from `toJSON()`'s output. */
  static fromJSON(json: ScalerJson): FittedStandardizer {
    return new Standardizer().restore(json) as FittedStandardizer;
  }

  protected estimate(rows: Rows, indices: ArrayLike<number> | null) {
    const { width } = rows;
    const mean = new Float64Array(width);
    const m2 = new Float64Array(width);
    let count = 0;
    // Welford's update: stable for large offsets, where Σx² − n·μ² would cancel.
    forEachRow(rows, indices, (base) => {
      count++;
      for (let f = 0; f < width; f++) {
        const v = rows.values[base + f]!;
        const delta = v - mean[f]!;
        mean[f]! += delta / count;
        m2[f]! += delta * (v - mean[f]!);
      }
    });
    const std = Float64Array.from(m2, (s) => {
      const sd = Math.sqrt(s / count);
      return sd > 0 ? sd : 1;
    });
    return { offset: mean, scale: std };
  }
}

/** A Standardizer after `fit` or `fromJSON`: `mean` and `std` are set (`null` only before fitting). */
export type FittedStandardizer = Standardizer & { readonly mean: Float64Array; readonly std: Float64Array };

/**
 * Min-max scaling to [0, 1]: x ← (x − min) / (max − min), fitted on train and applied unchanged
 * elsewhere (dev and test values may fall outside [0, 1]). A constant feature gets range 1.
 */
export class MinMaxScaler extends AffineScaler {
  protected readonly kind = 'MinMaxScaler';

  /** A fitted MinMaxScaler from `toJSON()`'s output. */
  static fromJSON(json: ScalerJson): MinMaxScaler {
    return new MinMaxScaler().restore(json);
  }

  protected estimate(rows: Rows, indices: ArrayLike<number> | null) {
    const { width } = rows;
    const min = new Float64Array(width).fill(Number.POSITIVE_INFINITY);
    const max = new Float64Array(width).fill(Number.NEGATIVE_INFINITY);
    forEachRow(rows, indices, (base) => {
      for (let f = 0; f < width; f++) {
        const v = rows.values[base + f]!;
        if (v < min[f]!) min[f] = v;
        if (v > max[f]!) max[f] = v;
      }
    });
    const range = Float64Array.from(max, (hi, f) => (hi - min[f]! > 0 ? hi - min[f]! : 1));
    return { offset: min, scale: range };
  }
}

function forEachRow(rows: Rows, indices: ArrayLike<number> | null, visit: (base: number) => void): void {
  const count = indices === null ? rows.rows : indices.length;
  for (let k = 0; k < count; k++) {
    const r = indices === null ? k : indices[k]!;
    if (!(Number.isInteger(r) && r >= 0 && r < rows.rows)) {
      throw new DataShapeError(`fit: indices[${k}] is ${r}, but the data has ${rows.rows} rows`);
    }
    visit(r * rows.width);
  }
}

function checkFinite(rows: Rows, indices: ArrayLike<number> | null, caller: string): void {
  const count = indices === null ? rows.rows : indices.length;
  for (let k = 0; k < count; k++) {
    const r = indices === null ? k : indices[k]!;
    if (!(Number.isInteger(r) && r >= 0 && r < rows.rows)) {
      throw new DataShapeError(`${caller}: indices[${k}] is ${r}, but the data has ${rows.rows} rows`);
    }
    for (let f = 0; f < rows.width; f++) {
      const v = rows.values[r * rows.width + f];
      if (!Number.isFinite(v)) {
        throw new DataShapeError(
          `${caller}: row ${r}, feature ${f} is ${v}; drop or impute missing values before fitting`,
        );
      }
    }
  }
}
