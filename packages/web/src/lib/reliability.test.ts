import { expect, it } from "vitest";
import { reliabilitySeries } from "./reliability.js";

it("puts accuracy at each bin's midpoint and leaves empty bins out", () => {
  const series = reliabilitySeries([
    { low: 0, high: 0.5, tasks: 0, meanConfidence: null, accuracy: { estimate: null, low: 0, high: 1 } },
    { low: 0.5, high: 1, tasks: 4, meanConfidence: 0.8, accuracy: { estimate: 0.75, low: 0.3, high: 0.95 } },
  ]);
  expect(series).toEqual({
    x: [0.25, 0.75],
    accuracy: [null, 0.75],
    high: [null, 0.95],
    low: [null, 0.3],
    perfect: [0.25, 0.75],
  });
});
