import { expect, it } from "vitest";
import { wilsonInterval } from "./quality.js";

it("wilsonInterval matches the textbook value and stays in [0, 1]", () => {
  const interval = wilsonInterval(8, 10)!;
  expect(interval.low).toBeCloseTo(0.4902, 3);
  expect(interval.high).toBeCloseTo(0.9433, 3);
  expect(wilsonInterval(0, 3)!.low).toBe(0);
  expect(wilsonInterval(3, 3)!.high).toBe(1);
  expect(wilsonInterval(0, 0)).toBeNull();
});
