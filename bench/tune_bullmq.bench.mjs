// The same 16-trial study through BullMQ on a local redis-server: 1 worker process vs 2.
// Needs redis-server and dataset-fashion-mnist (Debian packages).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomSearch } from '@mlrecipe/tune';
import { bullmq } from '@mlrecipe/tune/node';
import { studyOptions as options } from './lib/study.mjs';

if (!existsSync('/usr/bin/redis-server')) {
  console.log('redis-server is not installed (apt-get install redis-server): skipped');
  process.exit(0);
}
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const started = [];
const waitFor = (child, pattern) =>
  new Promise((resolve) => child.stdout.on('data', (chunk) => pattern.test(String(chunk)) && resolve()));
const redis = spawn(
  '/usr/bin/redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  { stdio: ['ignore', 'pipe', 'ignore'] },
);
started.push(redis);
await waitFor(redis, /Ready to accept connections/);

const timings = {};
try {
  for (const count of [1, 2]) {
    const queueName = `bench-${count}`;
    const workers = Array.from({ length: count }, () =>
      spawn(
        process.execPath,
        [new URL('./lib/bullmq_mlp_worker.mjs', import.meta.url).pathname, String(port), queueName],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      ),
    );
    started.push(...workers);
    await Promise.all(workers.map((w) => waitFor(w, /ready/)));
    const start = performance.now();
    const result = await randomSearch({ ...options, executor: bullmq({ connection: { port }, queueName }) });
    timings[count] = (performance.now() - start) / 1000;
    console.log(
      `${count} worker process(es): ${timings[count].toFixed(1)} s for ${result.trials.length} trials; best devError ${(100 * result.best.metrics.devError).toFixed(2)} %`,
    );
    for (const w of workers) w.kill();
  }
  console.log(`speed-up of 2 BullMQ workers over 1: ${(timings[1] / timings[2]).toFixed(2)}×`);
} finally {
  for (const child of started) child.kill('SIGKILL');
}
