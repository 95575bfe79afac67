// Metrics over 10,000,000 labels and a seeded 98/1/1 split of 10,000,000 rows: @mlrecipe/metrics
// and @mlrecipe/data against scikit-learn / numpy, run on the same labels in the same run.
// The Python side needs Debian's python3-sklearn (apt-get install python3-sklearn); without it the
// script prints our figures and says the comparison was skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitIndices } from '@mlrecipe/data';
import { confusionMatrix, f1Score, precisionRecallFScore } from '@mlrecipe/metrics';
import { createRng } from '@mlrecipe/tensor';

const n = 10_000_000;
const rng = createRng(1);
const binaryTrue = new Uint8Array(n);
const binaryPred = new Uint8Array(n);
const multiTrue = new Uint8Array(n);
const multiPred = new Uint8Array(n);
for (let i = 0; i < n; i++) {
  binaryTrue[i] = rng.next() & 1;
  binaryPred[i] = rng.uniform() < 0.9 ? binaryTrue[i] : 1 - binaryTrue[i];
  multiTrue[i] = rng.int(10);
  multiPred[i] = rng.uniform() < 0.8 ? multiTrue[i] : rng.int(10);
}

function medianMs(fn, repeats = 5) {
  fn();
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

const ours = {
  'f1 binary': medianMs(() => f1Score(binaryTrue, binaryPred)),
  'precision+recall+f1 binary': medianMs(() => precisionRecallFScore(binaryTrue, binaryPred)),
  'confusion matrix 10-class': medianMs(() => confusionMatrix(multiTrue, multiPred)),
  'f1 macro 10-class': medianMs(() => f1Score(multiTrue, multiPred, { average: 'macro' })),
  'split 98/1/1 (numpy permutation + slices)': medianMs(() =>
    splitIndices(n, { fractions: { train: 0.98, dev: 0.01, test: 0.01 }, seed: 0 }),
  ),
};
ours['split 98/1/1 (numpy choice + mask complement)'] = ours['split 98/1/1 (numpy permutation + slices)'];

const python = '/usr/bin/python3';
let peer = null;
const folder = mkdtempSync(join(tmpdir(), 'mlrecipe-bench-'));
try {
  execFileSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' });
  writeFileSync(join(folder, 'binary_true.u8'), binaryTrue);
  writeFileSync(join(folder, 'binary_pred.u8'), binaryPred);
  writeFileSync(join(folder, 'multi_true.u8'), multiTrue);
  writeFileSync(join(folder, 'multi_pred.u8'), multiPred);
  const script = join(import.meta.dirname, 'sklearn_side.py');
  peer = JSON.parse(execFileSync(python, [script, folder, String(n)], { encoding: 'utf8' }));
} catch {
  console.log(
    `(scikit-learn not found under ${python}: install python3-sklearn for the comparison; showing ours only)\n`,
  );
} finally {
  if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
}

console.log(`${n.toLocaleString('en')} labels / rows, median of runs, Node ${process.version}`);
if (peer) console.log(`peer: scikit-learn ${peer.sklearn}, numpy ${peer.numpy}`);
console.log(`${'task'.padEnd(50)} ${'ours ms'.padStart(9)} ${'peer ms'.padStart(9)} ${'peer/ours'.padStart(10)}`);
for (const [task, ms] of Object.entries(ours)) {
  const theirs = peer?.ms[task];
  const ratio = theirs === undefined ? '' : `${(theirs / ms).toFixed(1)}×`;
  console.log(
    `${task.padEnd(50)} ${ms.toFixed(1).padStart(9)} ${theirs === undefined ? '—'.padStart(9) : theirs.toFixed(1).padStart(9)} ${ratio.padStart(10)}`,
  );
}
if (peer) {
  const same = (a, b) => Math.abs(a - b) < 1e-12;
  const f1b = f1Score(binaryTrue, binaryPred);
  const f1m = f1Score(multiTrue, multiPred, { average: 'macro' });
  console.log(
    `\nsame values as scikit-learn: f1 binary ${same(f1b, peer.values['f1 binary'])}, f1 macro ${same(f1m, peer.values['f1 macro 10-class'])}`,
  );
}
