import type { ReportInput } from '@mlrecipe/pipeline';
import type { MismatchData } from './mismatch_data.js';
import { misclassifiedExamples, type RecipeResult } from './recipe.js';

/**
 * The recipe's next steps in this app's words (diagnostics words data mismatch with speech and car
 * noise): `nextStepWording[focus][i]` stands for diagnostics' `NEXT_STEPS[focus][i]`.
 */
export const CAT_NEXT_STEPS: NonNullable<ReportInput['nextStepWording']> = {
  'data-mismatch': [
    'Look at misclassified app pictures to see how they differ from web pictures (blur, low light, framing, JPEG artefacts).',
    'Make web pictures more like app pictures by artificial data synthesis (blur, darken, recompress, re-frame them), from many settings: a few reused ones teach the model those few.',
    'Collect more app pictures and add some to training.',
  ],
};

/** Everything the HTML report shows for one turn on the web vs app data. */
export function reportInput(data: MismatchData, result: RecipeResult, extraNotes: readonly string[] = []): ReportInput {
  const { chosen, split, humanLevel } = result;
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  const missed = (c: RecipeResult['chosen']) => result.rejected.find((r) => r.name === c.name)?.reasons.join('; ');
  const verdict = (c: RecipeResult['chosen']) => {
    if (c !== chosen) return missed(c) ?? 'lower dev F1';
    return result.decision === 'best-within-bound'
      ? 'chosen'
      : `reported, not chosen: the fastest, and it misses the bound (${missed(c)})`;
  };
  return {
    ...chosen.iteration,
    title: `${data.taskName}: one turn of the recipe`,
    notes: [
      // Said first: the model shown was not chosen under the bound, and must not read as if it were.
      ...(result.decision === 'fastest-none-within-bound'
        ? [
            `No candidate met the latency bound of ${result.maxLatencyMs} ms per picture (p50), so no model was chosen: this report shows ${chosen.name}, the fastest (${chosen.latencyMs.toFixed(2)} ms), which misses the bound too. Relax the bound or make a model faster before shipping one.`,
          ]
        : []),
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
          verdict(c),
        ]),
      },
    ],
    examples: misclassifiedExamples(data, result),
    candidates: result.candidates.map((c) => ({ name: c.name, history: c.iteration.history })),
    nextStepWording: CAT_NEXT_STEPS,
  };
}
