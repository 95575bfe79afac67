// A BullMQ worker process running the MLP objective: node bullmq_mlp_worker.mjs <redisPort> <queue>
import { startBullmqWorker } from '@mlrecipe/tune/node';

await startBullmqWorker({
  connection: { host: '127.0.0.1', port: Number(process.argv[2]) },
  objective: { module: new URL('./mlp_objective.mjs', import.meta.url).href, exportName: 'objective' },
  queueName: process.argv[3],
});
process.stdout.write('ready\n');
