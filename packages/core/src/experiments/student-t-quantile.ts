import { invalidInput } from "../errors.js";
import { normalQuantile } from "../quality/normal-quantile.js";
import { logGamma } from "./incomplete-gamma.js";

/**
 * P(|T| ≤ t) for Student's t with an integer ν, by the finite series of Abramowitz & Stegun
 * 26.7.3–4 in θ = atan(t/√ν).
 */
function centralProbability(t: number, nu: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(nu));
  const cos2 = Math.cos(theta) ** 2;
  const sin = Math.sin(theta);
  if (nu % 2 === 1) {
    let term = Math.cos(theta);
    let sum = nu > 1 ? term : 0;
    for (let k = 3; k <= nu - 2; k += 2) {
      term *= (cos2 * (k - 1)) / k;
      sum += term;
    }
    return (2 / Math.PI) * (theta + sin * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= nu - 2; k += 2) {
    term *= (cos2 * (k - 1)) / k;
    sum += term;
  }
  return sin * sum;
}

/** P(T ≤ t) for Student's t with an integer number of degrees of freedom. */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (!(Number.isInteger(degreesOfFreedom) && degreesOfFreedom >= 1))
    throw invalidInput("Student's t needs a positive integer number of degrees of freedom");
  const half = centralProbability(t, degreesOfFreedom) / 2;
  return t >= 0 ? 0.5 + half : 0.5 - half;
}

/**
 * The p-quantile of Student's t with an integer ν ≥ 1 degrees of freedom, e.g. 2.3646 for
 * p = 0.975 and ν = 7. Starts from the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5)
 * and refines it by Newton's method on the exact CDF, to about 1e-10.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  const nu = degreesOfFreedom;
  if (!(Number.isInteger(nu) && nu >= 1))
    throw invalidInput("Student's t needs a positive integer number of degrees of freedom");
  if (!(p > 0 && p < 1)) throw invalidInput("a probability must be in (0, 1)");
  if (nu === 1) return Math.tan(Math.PI * (p - 0.5));
  if (nu === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  const z = normalQuantile(p);
  const z2 = z * z;
  let t =
    z +
    (z * (z2 + 1)) / 4 / nu +
    (z * ((5 * z2 + 16) * z2 + 3)) / 96 / nu ** 2 +
    (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384 / nu ** 3;
  const logNorm = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  for (let step = 0; step < 50; step++) {
    const density = Math.exp(logNorm - ((nu + 1) / 2) * Math.log1p((t * t) / nu));
    const change = (studentTCdf(t, nu) - p) / density;
    t -= change;
    if (Math.abs(change) < 1e-12 * Math.max(1, Math.abs(t))) break;
  }
  return t;
}
