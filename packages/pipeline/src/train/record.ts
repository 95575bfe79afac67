import type { SplitEvaluation } from '../evaluate.js';
import type { EpochHealth } from './health.js';

export interface EpochRecord {
  readonly epoch: number;
  /** The learning rate of the epoch's last step (when the optimizer is scheduled). */
  readonly learningRate?: number;
  readonly trainLoss: number;
  /** The task's error: error rate, or mean absolute error for regression. */
  readonly trainError: number;
  readonly trainDevLoss?: number;
  readonly trainDevError?: number;
  readonly devLoss: number;
  readonly devError: number;
  /** Error per task (multilabel) or output (regression), per split. */
  readonly perTaskError?: { readonly train: number[]; readonly trainDev?: number[]; readonly dev: number[] };
  /** The `metrics` option's values per split. */
  readonly metrics?: {
    readonly train: Record<string, number>;
    readonly trainDev?: Record<string, number>;
    readonly dev: Record<string, number>;
  };
  /** Training health since the last evaluated epoch (see train's `health`). */
  readonly health?: EpochHealth;
  readonly seconds: number;
}

export function epochRecord(
  epoch: number,
  learningRate: number | undefined,
  onTrain: SplitEvaluation,
  onTrainDev: SplitEvaluation | undefined,
  onDev: SplitEvaluation,
  seconds: number,
): EpochRecord {
  const hasMetrics = Object.keys(onDev.metrics).length > 0;
  return {
    epoch,
    ...(learningRate === undefined ? {} : { learningRate }),
    trainLoss: onTrain.loss!,
    trainError: onTrain.error,
    ...(onTrainDev ? { trainDevLoss: onTrainDev.loss!, trainDevError: onTrainDev.error } : {}),
    devLoss: onDev.loss!,
    devError: onDev.error,
    ...(onDev.perTaskError
      ? {
          perTaskError: {
            train: [...onTrain.perTaskError!],
            ...(onTrainDev ? { trainDev: [...onTrainDev.perTaskError!] } : {}),
            dev: [...onDev.perTaskError],
          },
        }
      : {}),
    ...(hasMetrics
      ? {
          metrics: {
            train: { ...onTrain.metrics },
            ...(onTrainDev ? { trainDev: { ...onTrainDev.metrics } } : {}),
            dev: { ...onDev.metrics },
          },
        }
      : {}),
    seconds,
  };
}

/** The values early stopping can monitor (see MonitorKey). */
export function monitored(record: EpochRecord): Record<string, number> {
  const values: Record<string, number> = {
    trainLoss: record.trainLoss,
    trainError: record.trainError,
    devLoss: record.devLoss,
    devError: record.devError,
  };
  if (record.trainDevLoss !== undefined) values.trainDevLoss = record.trainDevLoss;
  if (record.trainDevError !== undefined) values.trainDevError = record.trainDevError;
  for (const [name, value] of Object.entries(record.metrics?.dev ?? {})) values[`dev_${name}`] = value;
  return values;
}

/** The keys `monitored` will have for these options, to check early stopping's monitor before training. */
export function monitorKeys(hasTrainDev: boolean, metricNames: readonly string[]): string[] {
  return [
    'trainLoss',
    'trainError',
    ...(hasTrainDev ? ['trainDevLoss', 'trainDevError'] : []),
    'devLoss',
    'devError',
    ...metricNames.map((name) => `dev_${name}`),
  ];
}
