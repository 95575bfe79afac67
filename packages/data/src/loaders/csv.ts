import Papa from 'papaparse';
import { DataFormatError } from '../errors.js';
import { optionsObject, shown } from '../validate.js';

/** Options of `parseCsv` and `loadCsv`: whether the first row is a header, and which column is the label. */
export interface CsvOptions {
  /** The first row names the columns. Default true. */
  header?: boolean;
  /** A column (name or index) holding the target; returned separately as `y`. */
  label?: string | number;
}

/** A parsed numeric CSV: the feature columns as a row-major matrix, the label column apart, and the column names. */
export interface NumericTable {
  /** Feature columns, row-major: shape [rows, columns.length]. */
  readonly x: { readonly values: Float64Array; readonly shape: readonly [number, number] };
  /** The label column, when asked for. */
  readonly y?: Float64Array;
  readonly columns: readonly string[];
}

/**
 * Parses numeric CSV text (with papaparse, which handles quoting, CRLF and BOMs) into a feature
 * matrix and an optional label column. A non-numeric or empty cell is an error naming its place.
 *
 * @example
 * const { x, y } = parseCsv(text, { label: 'target' });
 */
export function parseCsv(text: string, csvOptions?: CsvOptions): NumericTable {
  if (typeof text !== 'string') throw new DataFormatError(`parseCsv: text must be a string, got ${shown(text)}`);
  const options = optionsObject(csvOptions, 'parseCsv');
  const { header = true } = options;
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new DataFormatError(`parseCsv: ${e.message} (row ${e.row ?? '?'})`);
  }
  const rows = parsed.data;
  if (rows.length === 0) throw new DataFormatError('parseCsv: the CSV has no rows');
  const width = rows[0]!.length;
  const names = header ? rows[0]!.map((c) => c.trim()) : Array.from({ length: width }, (_, i) => `column${i}`);
  const body = header ? rows.slice(1) : rows;
  if (body.length === 0) throw new DataFormatError('parseCsv: the CSV has a header but no data rows');
  let labelIndex = -1;
  if (options.label !== undefined) {
    labelIndex = typeof options.label === 'number' ? options.label : names.indexOf(options.label);
    if (labelIndex < 0 || labelIndex >= width) {
      throw new DataFormatError(
        `parseCsv: no label column ${JSON.stringify(options.label)}; columns are ${names.join(', ')}`,
      );
    }
  }
  const columns = names.filter((_, i) => i !== labelIndex);
  const values = new Float64Array(body.length * columns.length);
  const y = labelIndex >= 0 ? new Float64Array(body.length) : undefined;
  body.forEach((row, r) => {
    if (row.length !== width) {
      throw new DataFormatError(
        `parseCsv: row ${r + (header ? 2 : 1)} has ${row.length} cells, the header has ${width}`,
      );
    }
    let k = 0;
    row.forEach((cell, c) => {
      const v = cell.trim() === '' ? Number.NaN : Number(cell);
      if (Number.isNaN(v)) {
        throw new DataFormatError(
          `parseCsv: row ${r + (header ? 2 : 1)}, column ${names[c]} is ${JSON.stringify(cell)}, not a number`,
        );
      }
      if (c === labelIndex) y![r] = v;
      else values[r * columns.length + k++] = v;
    });
  });
  return { x: { values, shape: [body.length, columns.length] }, ...(y === undefined ? {} : { y }), columns };
}
