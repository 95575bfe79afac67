/**
 * Pictures from two distributions, ready for the recipe: web (the large source) rows first, then
 * app (the target users care about). Labels are 0/1; tags are the ground truth error analysis reads.
 */
export interface MismatchData {
  /** The task, honestly named (e.g. "cat vs not-cat (SYNTHETIC pictures)"). */
  readonly taskName: string;
  /** Class names for 0 and 1. */
  readonly classNames: readonly [string, string];
  /** Bytes [n, height, width, channels]. */
  readonly images: { readonly values: Uint8Array; readonly shape: readonly [number, number, number, number] };
  readonly labels: Uint8Array;
  readonly webCount: number;
  readonly appCount: number;
  /** Error-analysis categories of each picture ("dog", "blurry", "mislabeled", …). */
  readonly tags: readonly (readonly string[])[];
  /** The human-level error to diagnose against when none is given, and why. */
  readonly humanLevel: { readonly value: number; readonly reason: string };
  /** What a reader of the report must know (synthetic data, generator version and settings, …). */
  readonly notes: readonly string[];
}
