import { type Focus, NEXT_STEPS } from '@mlrecipe/diagnostics';

/**
 * Next steps in an app's own words. `wording[focus][i]` replaces the recipe's i-th step for that
 * problem (diagnostics' `NEXT_STEPS[focus][i]`) wherever it appears in `steps`; other steps (error
 * analysis, training health, labels) are already about this run and stay as they are.
 *
 * @example
 * wordNextSteps(turn.nextSteps, {
 *   'data-mismatch': [undefined, 'Make web pictures look like app pictures: synthesise blur and low light.'],
 * });
 */
export function wordNextSteps(
  steps: readonly string[],
  wording: Readonly<Partial<Record<Focus, readonly (string | undefined)[]>>>,
): string[] {
  const words = new Map<string, string>();
  for (const [focus, generic] of Object.entries(NEXT_STEPS) as [Focus, readonly string[]][])
    generic.forEach((step, i) => {
      const own = wording[focus]?.[i];
      // A step two problems share ("search for a better architecture") keeps the first rewording.
      if (own !== undefined && !words.has(step)) words.set(step, own);
    });
  const out = steps.map((s) => words.get(s) ?? s);
  return out.filter((s, i) => out.indexOf(s) === i);
}
