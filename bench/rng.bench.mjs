// Seeded uniform draws and a 1e6-element shuffle: @mlrecipe/tensor's createRng against seedrandom
// (the generator tfjs-core itself uses) and Math.random (unseeded, the floor), in the same process.
import { createRng } from '@mlrecipe/tensor';
import seedrandom from 'seedrandom';

function measure(label, fn, repeats = 5) {
  fn(); // warm up the JIT
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { label, ms: times[Math.floor(times.length / 2)] };
}

const draws = 10_000_000;
const sink = { value: 0 };
// One loop per generator, written out: a shared loop over closures would turn megamorphic and
// measure the call site instead of the generators.
const ours = createRng(1);
const alea = seedrandom.alea('1');
const arc4 = seedrandom('1');
const results = [
  measure('mlrecipe createRng().uniform() (53-bit)', () => {
    let acc = 0;
    for (let i = 0; i < draws; i++) acc += ours.uniform();
    sink.value = acc;
  }),
  measure('seedrandom.alea() (32-bit float)', () => {
    let acc = 0;
    for (let i = 0; i < draws; i++) acc += alea();
    sink.value = acc;
  }),
  measure('seedrandom() ARC4 (53-bit, default)', () => {
    let acc = 0;
    for (let i = 0; i < draws; i++) acc += arc4();
    sink.value = acc;
  }),
  measure('Math.random() (unseeded)', () => {
    let acc = 0;
    for (let i = 0; i < draws; i++) acc += Math.random();
    sink.value = acc;
  }),
];
const reference = results[0].ms;
console.log(`${draws.toLocaleString('en')} draws, median of 5 runs:`);
for (const { label, ms } of results) {
  console.log(
    `  ${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   ${(draws / ms / 1e3).toFixed(0).padStart(5)} M/s   time / ours ${(ms / reference).toFixed(2)}`,
  );
}

const n = 1_000_000;
const shuffleOurs = measure('shuffle 1e6 (mlrecipe permutation)', () => createRng(2).permutation(n));
const shufflePeer = measure('shuffle 1e6 (Fisher–Yates on seedrandom.alea)', () => {
  const rng = seedrandom.alea('2');
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
});
console.log(`\n  ${shuffleOurs.label.padEnd(44)} ${shuffleOurs.ms.toFixed(1)} ms`);
console.log(
  `  ${shufflePeer.label.padEnd(44)} ${shufflePeer.ms.toFixed(1)} ms   ratio peer/ours ${(shufflePeer.ms / shuffleOurs.ms).toFixed(2)}`,
);
