import type { ReportInput } from '@mlrecipe/pipeline';
import type { MismatchData } from './mismatch_data.js';
import { misclassifiedExamples, type RecipeResult } from './recipe.js';

/** Everything the HTML report shows for one turn on the web vs app data. */
export function reportInput(data: MismatchData, result: RecipeResult, extraNotes: readonly string[] = []): ReportInput {
  const { chosen, split, humanLevel } = result;
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  return {
    ...chosen.iteration,
    title: `${data.taskName}: one turn of the recipe`,
    notes: [
      ...data.notes,
      `Split: train ${split.trainWeb} web + ${split.trainApp} app pictures; train-dev ${split.trainDev} (training distribution, not trained on); dev ${split.dev} and test ${split.test} from the app only.`,
      `Human level ${pct(humanLevel.value)}: ${humanLevel.reason}.`,
      `Dev and test hold ${split.dev} app pictures each: at a dev error of ${pct(chosen.devError)} they resolve a difference of about ${pct(result.resolvable)} in error rate (95 % confidence, 80 % power); smaller differences between candidates or splits are noise at this size.`,
      ...extraNotes,
    ],
    decisions: result.choice,
    tables: [
      {
        title: 'Model choice: optimise dev F1, satisfice latency',
        head: [
          'model',
          'parameters',
          'dev F1 (95 % bootstrap interval)',
          'dev error (95 % Wilson interval)',
          'latency (p50, ms per picture)',
          'verdict',
        ],
        rows: result.candidates.map((c) => [
          c.name,
          String(c.parameters),
          `${c.devF1.toFixed(3)} (${c.devF1Interval.low.toFixed(3)} to ${c.devF1Interval.high.toFixed(3)})`,
          `${pct(c.devError)} (${pct(c.iteration.evaluation.dev!.errorInterval!.low)} to ${pct(c.iteration.evaluation.dev!.errorInterval!.high)})`,
          c.latencyMs.toFixed(2),
          c === chosen
            ? 'chosen'
            : (result.rejected.find((r) => r.name === c.name)?.reasons.join('; ') ?? 'lower dev F1'),
        ]),
      },
    ],
    examples: misclassifiedExamples(data, result),
  };
}
