import { describe, expect, it } from "vitest";
import { rootsWithin } from "./polynomial-stability.js";

describe("rootsWithin", () => {
  it("tells polynomials with all roots inside the circle from those with one outside", () => {
    // (z − 0.5)(z + 0.9) = z² + 0.4z − 0.45
    expect(rootsWithin([0.4, -0.45], 1)).toBe(true);
    // (z − 1.1)(z − 0.2) = z² − 1.3z + 0.22
    expect(rootsWithin([-1.3, 0.22], 1)).toBe(false);
    expect(rootsWithin([-1.3, 0.22], 1.2)).toBe(true);
    // Complex pair 0.6 ± 0.7i (modulus 0.922) times (z + 0.3): z³ − 0.9z² + 0.49z + 0.255
    expect(rootsWithin([-0.9, 0.49, 0.255], 1)).toBe(true);
    expect(rootsWithin([-0.9, 0.49, 0.255], 0.9)).toBe(false);
  });

  it("puts a root on the circle inside only with the tolerance", () => {
    // (z − 1)(z − 0.5) = z² − 1.5z + 0.5
    expect(rootsWithin([-1.5, 0.5], 1)).toBe(false);
    expect(rootsWithin([-1.5, 0.5], 1 + 1e-10)).toBe(true);
  });
});
