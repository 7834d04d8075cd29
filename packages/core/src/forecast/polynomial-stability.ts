/**
 * Whether every root of the monic polynomial z^n + c[0] z^(n-1) + … + c[n-1] has modulus below
 * `radius`, by the Schur-Cohn test on p(radius·z): a polynomial a₀ + … + a_n z^n has all its roots
 * inside the unit circle exactly when |a_n| > |a₀| and (a_n·p(z) − a₀·z^n p(1/z)) / z, of degree
 * n − 1, has too. No root is computed, so there is no iteration to converge.
 */
export function rootsWithin(coefficients: readonly number[], radius: number): boolean {
  const n = coefficients.length;
  // Ascending coefficients of q(z) = p(radius·z) / radius^n, which keeps q monic.
  let a: number[] = [];
  for (let k = 0; k <= n; k++) {
    const c = k === n ? 1 : coefficients[n - 1 - k]!; // coefficient of z^k in p
    a.push(c / radius ** (n - k));
  }
  for (let degree = n; degree > 0; degree--) {
    const lead = a[degree]!;
    const constant = a[0]!;
    if (!(Math.abs(lead) > Math.abs(constant))) return false;
    const reduced: number[] = [];
    for (let j = 0; j < degree; j++) reduced.push(lead * a[j + 1]! - constant * a[degree - 1 - j]!);
    a = reduced;
  }
  return true;
}
