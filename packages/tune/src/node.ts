// @mlrecipe/tune/node: parallel trials in worker threads and studies persisted to files (Node only).

export type { BullmqOptions, BullmqWorkerOptions, RedisConnection } from './node/bullmq_executor.js';
export { bullmq, startBullmqWorker } from './node/bullmq_executor.js';
export type { StudyFile } from './node/study_file.js';
export { studyFile } from './node/study_file.js';
export type { ObjectiveModule, WorkerThreadsOptions } from './node/worker_threads_executor.js';
export { workerThreads } from './node/worker_threads_executor.js';
