import { describe, expect, it } from "vitest";
import { nelderMead } from "./nelder-mead.js";

describe("nelderMead", () => {
  it("follows R's optim on Rosenbrock's function from (-1.2, 1)", () => {
    // R 4.2: optim(c(-1.2, 1), fr) gives par 1.00026013873 1.00050599930, value 8.82524109672e-08, 195 evaluations.
    const result = nelderMead((x) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2, [-1.2, 1], {
      maxEvaluations: 500,
    });
    expect(result.point[0]).toBeCloseTo(1.00026013873, 10);
    expect(result.point[1]).toBeCloseTo(1.000505999, 9);
    expect(result.value).toBeCloseTo(8.82524109672e-8, 15);
    expect(result.evaluations).toBe(195);
    expect(result.converged).toBe(true);
  });

  it("treats a non-finite value as a wall and refuses a non-finite start", () => {
    const result = nelderMead((x) => (x[0]! < 0 ? Number.POSITIVE_INFINITY : (x[0]! - 2) ** 2), [5]);
    expect(result.point[0]).toBeCloseTo(2, 3);
    expect(() => nelderMead(() => Number.NaN, [1])).toThrow(/not finite/);
  });

  it("stops at the evaluation budget and says so", () => {
    const result = nelderMead((x) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2, [-1.2, 1], {
      maxEvaluations: 20,
    });
    expect(result.converged).toBe(false);
    expect(result.evaluations).toBeLessThanOrEqual(23);
  });
});
