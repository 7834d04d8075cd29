import { describe, expect, it } from "vitest";
import { minimizeConjugateGradient } from "./conjugate-gradient.js";

describe("minimizeConjugateGradient", () => {
  it("finds the minimum of an ill-conditioned quadratic, stopping on the gradient tolerance", () => {
    const scales = [1, 10, 100];
    const target = [3, -2, 0.5];
    const objective = (x: Float64Array, gradient: Float64Array): number => {
      let value = 0;
      for (let i = 0; i < 3; i++) {
        const d = x[i]! - target[i]!;
        value += (scales[i]! * d * d) / 2;
        gradient[i] = scales[i]! * d;
      }
      return value;
    };
    const x = new Float64Array(3);
    const iterations = minimizeConjugateGradient(objective, x, { maxIterations: 200, gradientTolerance: 1e-8 });
    for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(target[i]!, 6);
    expect(iterations).toBeLessThan(200);
  });

  it("walks down the Rosenbrock valley to (1, 1)", () => {
    const objective = (x: Float64Array, gradient: Float64Array): number => {
      const [a, b] = [x[0]!, x[1]!];
      gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      gradient[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const x = Float64Array.of(-1.2, 1);
    minimizeConjugateGradient(objective, x, { maxIterations: 500, gradientTolerance: 1e-6 });
    expect(x[0]).toBeCloseTo(1, 4);
    expect(x[1]).toBeCloseTo(1, 4);
  });

  it("stops after maxIterations and never raises the objective", () => {
    const values: number[] = [];
    const objective = (x: Float64Array, gradient: Float64Array): number => {
      const [a, b] = [x[0]!, x[1]!];
      gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      gradient[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const x = Float64Array.of(-1.2, 1);
    let before = objective(x, new Float64Array(2));
    for (let round = 0; round < 5; round++) {
      expect(minimizeConjugateGradient(objective, x, { maxIterations: 2, gradientTolerance: 0 })).toBeLessThanOrEqual(
        2,
      );
      const after = objective(x, new Float64Array(2));
      values.push(after);
      expect(after).toBeLessThanOrEqual(before);
      before = after;
    }
    expect(values.at(-1)).toBeLessThan(values[0]!);
  });
});
