// pnpm fuzz [casesPerPackage]: runs every package's bad-input fuzz test (test/fuzz.test.ts) with
// many cases (default 1,000 each) and prints one table: package, cases, typed errors, passes, and
// each way a case can fail. A package joins by adding test/fuzz.test.ts that calls runBadInputs
// from @mlrecipe/tensor/testing. Exits non-zero when any case failed or a suite did not finish.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cases = process.argv[2] ?? process.env.MLRECIPE_FUZZ_CASES ?? '1000';
if (!/^[1-9]\d*$/.test(cases)) {
  console.error(`pnpm fuzz: cases per package must be a positive integer, got ${cases}`);
  process.exit(2);
}
const harness = join(root, 'packages/tensor/dist/testing/fuzz.js');
if (!existsSync(harness)) {
  console.error('pnpm fuzz: build first (pnpm run build): packages/tensor/dist/testing/fuzz.js is missing');
  process.exit(2);
}
const { formatFuzzTable } = await import(harness);

const reportDir = mkdtempSync(join(tmpdir(), 'mlrecipe-fuzz-'));
const packages = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'test/fuzz.test.ts')),
);
const unfinished = [];
for (const name of packages) {
  const started = Date.now();
  const run = spawnSync('pnpm', ['exec', 'vitest', 'run', 'test/fuzz.test.ts'], {
    cwd: join(root, 'packages', name),
    env: { ...process.env, MLRECIPE_FUZZ_CASES: cases, MLRECIPE_FUZZ_REPORT: reportDir },
    encoding: 'utf8',
    // A suite stuck in a synchronous loop is a hang: give each package 10 minutes at most.
    timeout: 600_000,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    unfinished.push(name);
    console.log(`${name}: FAILED in ${seconds} s${run.signal ? ` (killed by ${run.signal}: a hang)` : ''}`);
    console.log((run.stdout ?? '').split('\n').slice(-60).join('\n'));
  } else console.log(`${name}: ${seconds} s`);
}

const reports = readdirSync(reportDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(reportDir, f), 'utf8')))
  .sort((a, b) => a.package.localeCompare(b.package));
console.log(`\nBad-input fuzz, ${cases} cases per package (seeded):\n`);
console.log(formatFuzzTable(reports));
const failed = reports.filter((r) => r.passes !== r.cases);
for (const r of failed)
  for (const f of r.failures) console.log(`  ${r.package} ${f.entry} ${f.input}: ${f.outcome} (${f.detail})`);
process.exit(failed.length > 0 || unfinished.length > 0 ? 1 : 0);
