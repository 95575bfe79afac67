// fast-check generators of the values a careless caller passes, shared by every package's fuzz
// test so that each probes the same kinds of mistakes (wrong type, NaN, ±Infinity, out of range,
// fractional, huge, empty).
import fc from 'fast-check';

/** Values of the wrong type for a number: strings (numeric ones too), null, booleans, objects, arrays. */
export const notANumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, '3', '', 'NaN', {}, [], [1], () => 1),
  fc.string({ maxLength: 6 }),
);

/** NaN and the infinities. */
export const nonFinite: fc.Arbitrary<number> = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
);

/** Anything but an integer ≥ 1 (counts, sizes, units): wrong types, NaN, ≤ 0, fractional, beyond 2³¹. */
export const badPositiveInteger: fc.Arbitrary<unknown> = fc.oneof(
  notANumber,
  nonFinite,
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double({ min: 0.01, max: 1000, noNaN: true }).filter((v) => !Number.isInteger(v)),
  fc.constantFrom(2 ** 31, 2 ** 53, 1e300),
);

/** Anything but an integer ≥ 0. */
export const badNonNegativeInteger: fc.Arbitrary<unknown> = fc.oneof(
  notANumber,
  nonFinite,
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.double({ min: 0.01, max: 1000, noNaN: true }).filter((v) => !Number.isInteger(v)),
  fc.constantFrom(2 ** 53, 1e300),
);

/** Anything but a finite number in [low, high] (the ends themselves excluded when `open`). */
export function badInRange(
  low: number,
  high: number,
  open: { low?: boolean; high?: boolean } = {},
): fc.Arbitrary<unknown> {
  const ends: number[] = [];
  if (open.low) ends.push(low);
  if (open.high) ends.push(high);
  // No finite number lies beyond ±Number.MAX_VALUE: a side without room is left out (a filter
  // there would never be satisfied).
  const below =
    low > -Number.MAX_VALUE
      ? [fc.double({ max: low, noNaN: true, noDefaultInfinity: true }).filter((v) => v < low)]
      : [];
  const above =
    high < Number.MAX_VALUE
      ? [fc.double({ min: high, noNaN: true, noDefaultInfinity: true }).filter((v) => v > high)]
      : [];
  return fc.oneof(notANumber, nonFinite, ...below, ...above, ...(ends.length > 0 ? [fc.constantFrom(...ends)] : []));
}

/** Anything but one of `allowed` names: other strings (prototype keys too), and non-strings. */
export function badName(allowed: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.string({ maxLength: 8 }).filter((s) => !allowed.includes(s)),
    fc.constantFrom('toString', 'constructor', '__proto__', 'hasOwnProperty'),
    fc.constantFrom(null, 1, true, {}, []),
  );
}

/** Anything but a boolean (strings 'false' and numbers included: they are truthy or falsy by accident). */
export const badBoolean: fc.Arbitrary<unknown> = fc.constantFrom('false', 'true', 0, 1, null, {}, []);

/** Anything but a plain options object. */
export const badOptions: fc.Arbitrary<unknown> = fc.constantFrom(null, 3, 'fast', true, [1, 2]);
