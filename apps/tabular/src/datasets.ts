// The two tables shipped with this app (see data/SOURCE.md), read from disk.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseCsv } from '@mlrecipe/data';

/** A numeric table: features row-major, one target per row, the feature names. */
export interface Table {
  readonly name: string;
  readonly x: { readonly values: Float32Array; readonly shape: readonly [number, number] };
  readonly y: Float32Array;
  readonly features: readonly string[];
}

const dataFile = (name: string) => new URL(`../data/${name}`, import.meta.url);

const BREAST_CANCER_FEATURES = [
  'radius',
  'texture',
  'perimeter',
  'area',
  'smoothness',
  'compactness',
  'concavity',
  'concave points',
  'symmetry',
  'fractal dimension',
];

/** UCI breast cancer (Wisconsin diagnostic): 569 rows, 30 features, label 0 malignant / 1 benign. */
export function breastCancer(): Table {
  // scikit-learn's layout: a first line "rows,columns,class names", then the rows with the label last.
  const [head, ...rows] = readFileSync(dataFile('breast_cancer.csv'), 'utf8').trim().split('\n');
  const [n, width] = head!.split(',').map(Number) as [number, number];
  const table = parseCsv(rows.join('\n'), { header: false, label: width });
  if (table.x.shape[0] !== n) throw new Error(`breast_cancer.csv: expected ${n} rows, read ${table.x.shape[0]}`);
  const features = ['mean', 'error', 'worst'].flatMap((kind) => BREAST_CANCER_FEATURES.map((f) => `${f} (${kind})`));
  return {
    name: 'breast cancer',
    x: { values: Float32Array.from(table.x.values), shape: [n, width] },
    y: Float32Array.from(table.y!),
    features,
  };
}

/** Diabetes (Efron et al. 2004): 442 rows, 10 raw baseline variables, target disease progression after a year. */
export function diabetes(): Table {
  const read = (name: string) =>
    gunzipSync(readFileSync(dataFile(name)))
      .toString('utf8')
      .trim()
      .split('\n');
  const rows = read('diabetes_data_raw.csv.gz').map((line) => line.trim().split(/\s+/).map(Number));
  const y = Float32Array.from(read('diabetes_target.csv.gz').map(Number));
  if (rows.length !== y.length) throw new Error(`diabetes: ${rows.length} rows of features but ${y.length} targets`);
  return {
    name: 'diabetes',
    x: { values: Float32Array.from(rows.flat()), shape: [rows.length, rows[0]!.length] },
    y,
    features: ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'],
  };
}
