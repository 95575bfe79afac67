// The spelled-word results as table rows, shared by the terminal output and the report.
import type { SpelledWords } from './spelled_experiment.js';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
/** "12.3 % [9.8, 15.1]": a rate and its 95 % interval, in percent. */
export const withInterval = (v: { value: number; low: number; high: number }) =>
  `${pct(v.value)} [${(100 * v.low).toFixed(1)}, ${(100 * v.high).toFixed(1)}]`;

/** Letter and word error rates of the CTC model on each split, with 95 % intervals. */
export function splitRows(w: SpelledWords): string[][] {
  const names = {
    train: 'train (synthetic, sample)',
    trainDev: 'train-dev (synthetic)',
    dev: 'dev (real speaker 1, car)',
    test: 'test (real speaker 2, car)',
  };
  return (['train', 'trainDev', 'dev', 'test'] as const).map((split) => {
    const e = w.splits[split];
    return [names[split], String(e.wordErrorRate.n), withInterval(e.letterErrorRate), withInterval(e.wordErrorRate)];
  });
}

/** The candidate transcribers on dev and test, their latency, and which one was chosen. */
export function transcriberRows(w: SpelledWords): string[][] {
  return w.transcribers.map((t) => [
    t.name,
    withInterval(t.dev.letterErrorRate),
    withInterval(t.dev.wordErrorRate),
    withInterval(t.test.letterErrorRate),
    `${t.latencyMs.toFixed(1)} ms`,
    w.selection.best?.name === t.name
      ? 'chosen'
      : (w.selection.rejected.find((r) => r.name === t.name)?.reasons.join('; ') ?? ''),
  ]);
}

/** Confusable letter groups and the most confused pairs on dev, with 95 % intervals. */
export function confusionRows(w: SpelledWords, topPairs = 8): string[][] {
  return [
    ...w.confusions.groups.map((g) => [`group ${g.name}`, `${g.confusions} of ${g.occurrences}`, withInterval(g.rate)]),
    ...w.confusions.pairs
      .slice(0, topPairs)
      .map((p) => [`pair ${p.name}`, `${p.confusions} of ${p.occurrences}`, withInterval(p.rate)]),
  ];
}

/** The diagnosis gaps (word error) with their 95 % intervals. */
export function gapRows(w: SpelledWords): string[][] {
  return Object.entries(w.diagnosis.gaps).map(([name, gap]) => [
    name,
    gap.low === null || gap.high === null
      ? pct(gap.value)
      : withInterval({ value: gap.value, low: gap.low, high: gap.high }),
    gap.standsOut ? 'stands out' : 'within noise',
  ]);
}
