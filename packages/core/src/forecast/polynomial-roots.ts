/**
 * The largest modulus among the roots of the monic polynomial z^n + c[0] z^(n-1) + … + c[n-1],
 * found by the Aberth-Ehrlich iteration on all roots at once (cubic convergence on simple roots),
 * from starting points spread on a circle. For the characteristic polynomial of seasonal ETS
 * models (degree m + 1 ≤ 25), whose roots cluster near the unit circle, where a Schur-Cohn test
 * (no roots computed) loses too much to cancellation to honour a 1e-10 tolerance. Stops when no
 * root moves by more than 1e-13 of its size, or after 500 sweeps.
 */
export function largestRootModulus(coefficients: readonly number[]): number {
  return createRootFinder()(coefficients);
}

/**
 * `largestRootModulus` for a sequence of nearby polynomials of one degree (an optimiser's
 * steps): each search starts from the previous polynomial's roots, so it converges in a few sweeps.
 */
export function createRootFinder(): (coefficients: readonly number[]) => number {
  let re = new Float64Array(0);
  let im = new Float64Array(0);
  return (coefficients) => {
    const n = coefficients.length;
    if (n !== re.length) {
      re = new Float64Array(n);
      im = new Float64Array(n);
      // Start on a circle with the roots' geometric-mean modulus |c[n−1]|^(1/n), turned off the axes.
      const radius = Math.max(Math.abs(coefficients[n - 1]!) ** (1 / n), 0.5);
      for (let k = 0; k < n; k++) {
        const angle = (2 * Math.PI * k) / n + 0.4;
        re[k] = radius * Math.cos(angle);
        im[k] = radius * Math.sin(angle);
      }
    }
    const largest = aberth(coefficients, re, im);
    if (!Number.isFinite(largest)) re = new Float64Array(0); // start afresh next time
    return largest;
  };
}

/** Aberth-Ehrlich sweeps from the roots in (re, im), updated in place; returns the largest modulus. */
function aberth(coefficients: readonly number[], re: Float64Array, im: Float64Array): number {
  const n = coefficients.length;
  if (n === 0) return 0;
  for (let sweep = 0; sweep < 500; sweep++) {
    let moved = 0;
    for (let k = 0; k < n; k++) {
      const zr = re[k]!;
      const zi = im[k]!;
      // p(z) and p'(z) by Horner.
      let pr = 1;
      let pi = 0;
      let dr = 0;
      let di = 0;
      for (let i = 0; i < n; i++) {
        const nextDr = dr * zr - di * zi + pr;
        di = dr * zi + di * zr + pi;
        dr = nextDr;
        const nextPr = pr * zr - pi * zi + coefficients[i]!;
        pi = pr * zi + pi * zr;
        pr = nextPr;
      }
      if (pr === 0 && pi === 0) continue;
      // ratio = p / p'
      const d2 = dr * dr + di * di;
      if (d2 === 0) continue;
      const ratioRe = (pr * dr + pi * di) / d2;
      const ratioIm = (pi * dr - pr * di) / d2;
      // sum = Σ_{j≠k} 1 / (z_k − z_j)
      let sumRe = 0;
      let sumIm = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const ar = zr - re[j]!;
        const ai = zi - im[j]!;
        const a2 = ar * ar + ai * ai;
        if (a2 === 0) continue;
        sumRe += ar / a2;
        sumIm -= ai / a2;
      }
      // w = ratio / (1 − ratio · sum)
      const denRe = 1 - (ratioRe * sumRe - ratioIm * sumIm);
      const denIm = -(ratioRe * sumIm + ratioIm * sumRe);
      const den2 = denRe * denRe + denIm * denIm;
      const stepRe = den2 === 0 ? ratioRe : (ratioRe * denRe + ratioIm * denIm) / den2;
      const stepIm = den2 === 0 ? ratioIm : (ratioIm * denRe - ratioRe * denIm) / den2;
      re[k] = zr - stepRe;
      im[k] = zi - stepIm;
      moved = Math.max(moved, Math.hypot(stepRe, stepIm) / Math.max(1, Math.hypot(re[k]!, im[k]!)));
    }
    if (moved < 1e-13) break;
  }
  let largest = 0;
  for (let k = 0; k < n; k++) largest = Math.max(largest, Math.hypot(re[k]!, im[k]!));
  return largest;
}
