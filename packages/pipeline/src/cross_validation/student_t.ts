// Student's t quantile for the small degrees of freedom of k-fold cross-validation (k − 1 = 1 … 20).
// Written here rather than taken from a library: the workspace's statistics (metrics) have no t
// distribution yet, and this needs only the density's integral, done by Simpson's rule to ~1e-9.

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(0 ≤ T ≤ t) for T ~ t(ν), by Simpson's rule on the density. */
function centralMass(t: number, nu: number): number {
  const logScale = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  const density = (x: number) => Math.exp(logScale - ((nu + 1) / 2) * Math.log1p((x * x) / nu));
  const steps = 4000;
  const h = t / steps;
  let sum = density(0) + density(t);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * density(i * h);
  return (sum * h) / 3;
}

/** The two-sided critical value t such that P(|T| ≤ t) = confidence for T ~ t(ν). */
export function studentTCritical(confidence: number, nu: number): number {
  let low = 0;
  let high = 1;
  while (2 * centralMass(high, nu) < confidence) high *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (2 * centralMass(mid, nu) < confidence) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
