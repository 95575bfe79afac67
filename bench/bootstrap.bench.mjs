// Bootstrap interval of F1 on 1,000,000 binary labels × 1,000 resamples: @mlrecipe/metrics'
// bootstrapInterval against numpy on the same labels in the same run (bootstrap_numpy.py under
// /usr/bin/python3). Two numpy peers: the textbook bootstrap (n index draws + bincount per resample)
// and numpy doing what we do (one multinomial over the confusion cells per resample). The issue's
// target is ≥ 5× the numpy bootstrap. Without numpy the script prints ours and says the comparison
// was skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapInterval } from '@mlrecipe/metrics';
import { createRng } from '@mlrecipe/tensor';

const n = 1_000_000;
const resamples = 1000;
const rng = createRng(1);
const yTrue = new Uint8Array(n);
const yPred = new Uint8Array(n);
for (let i = 0; i < n; i++) {
  yTrue[i] = rng.uniform() < 0.3 ? 1 : 0;
  yPred[i] = rng.uniform() < 0.9 ? yTrue[i] : 1 - yTrue[i];
}

function medianMs(fn, repeats = 7) {
  fn();
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

let ours;
const oursMs = medianMs(() => {
  ours = bootstrapInterval(yTrue, yPred, { metric: 'f1', resamples, seed: 1 });
});

const python = '/usr/bin/python3';
let peer = null;
const folder = mkdtempSync(join(tmpdir(), 'mlrecipe-bootstrap-bench-'));
try {
  execFileSync(python, ['-c', 'import numpy'], { stdio: 'ignore' });
  writeFileSync(join(folder, 'true.u8'), yTrue);
  writeFileSync(join(folder, 'pred.u8'), yPred);
  const script = join(import.meta.dirname, 'bootstrap_numpy.py');
  peer = JSON.parse(execFileSync(python, [script, folder, String(n), String(resamples)], { encoding: 'utf8' }));
} catch {
  console.log(`(numpy not found under ${python}: install python3-numpy for the comparison; showing ours only)\n`);
} finally {
  if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
}

const fmt = (v) => v.toFixed(5);
console.log(
  `F1 bootstrap, ${n.toLocaleString('en')} binary labels × ${resamples.toLocaleString('en')} resamples, 95 % percentile interval, Node ${process.version}`,
);
if (peer) console.log(`peer: numpy ${peer.numpy} (same labels, same run)`);
console.log(`${'implementation'.padEnd(58)} ${'ms'.padStart(9)} ${'peer/ours'.padStart(10)}  interval`);
console.log(
  `${'ours: bootstrapInterval (multinomial over confusion cells)'.padEnd(58)} ${oursMs.toFixed(1).padStart(9)} ${''.padStart(10)}  [${fmt(ours.low)}, ${fmt(ours.high)}]`,
);
if (peer) {
  for (const [key, label] of [
    ['indices', 'numpy: n index draws + bincount per resample'],
    ['multinomial', 'numpy: multinomial over confusion cells (our method)'],
  ]) {
    const ms = peer.ms[key];
    const [low, high] = peer.interval[key];
    console.log(
      `${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ${`${(ms / oursMs).toFixed(1)}×`.padStart(10)}  [${fmt(low)}, ${fmt(high)}]`,
    );
  }
  const ratio = peer.ms.indices / oursMs;
  console.log(
    `\nagainst the numpy bootstrap: ${ratio.toFixed(0)}× (target ≥ 5×: ${ratio >= 5 ? 'met' : 'NOT met'}); the intervals agree to Monte-Carlo error.`,
  );
}
