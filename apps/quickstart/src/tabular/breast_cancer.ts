import { readFileSync } from 'node:fs';
import { type ArrayData, DataFormatError, parseCsv } from '@mlrecipe/data';

/** The breast-cancer table: 30 features per row, and the diagnosis (0 malignant, 1 benign). */
export interface BreastCancer {
  readonly x: ArrayData;
  readonly y: { readonly values: Int32Array; readonly shape: readonly number[] };
  readonly classNames: readonly ['malignant', 'benign'];
}

/** The CSV shipped with the app (UCI via scikit-learn; see data/README.md). */
const BREAST_CANCER_CSV = new URL('../../data/breast_cancer.csv', import.meta.url);

/**
 * Reads scikit-learn's breast_cancer.csv: a header `rows,features,class names…`, then the features
 * and the target per line. The header's counts are checked against the rows read.
 */
export function loadBreastCancer(file: URL | string = BREAST_CANCER_CSV): BreastCancer {
  const text = readFileSync(file, 'utf8');
  const newline = text.indexOf('\n');
  const [rows, features] = text.slice(0, newline).split(',').map(Number);
  const table = parseCsv(text.slice(newline + 1), { header: false, label: features! });
  if (table.x.shape[0] !== rows || table.x.shape[1] !== features)
    throw new DataFormatError(
      `breast_cancer.csv: the header says ${rows} × ${features} but the file holds ${table.x.shape[0]} × ${table.x.shape[1]}; restore the file from data/README.md's source`,
    );
  return {
    x: { values: Float32Array.from(table.x.values), shape: [rows!, features!] },
    y: { values: Int32Array.from(table.y!), shape: [rows!] },
    classNames: ['malignant', 'benign'],
  };
}
