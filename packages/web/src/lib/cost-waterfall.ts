import { COST_DRIVERS, type CostDriver } from "@quorum/core";

export interface WaterfallBars {
  /** "base", each driver, "current". */
  keys: ("base" | CostDriver | "current")[];
  /** The invisible part of each bar that lifts it to where the running total stands. */
  offset: number[];
  /** Rises (and the base and current totals); 0 elsewhere. */
  up: number[];
  /** Falls, as positive heights; 0 elsewhere. */
  down: number[];
  /** Each bar's signed value, for labels and tooltips. */
  values: number[];
}

/**
 * A waterfall from the base period's cost to the current one: the base total, then each driver's
 * part of the change stacked on the running total (rises up, falls down), then the current total.
 * The drivers add up to the change exactly, so the last step lands on the current total. Assumes
 * the running total stays at or above zero (costs are).
 */
export function waterfallBars(explanation: {
  base: number;
  current: number;
  drivers: Record<CostDriver, number>;
}): WaterfallBars {
  const bars: WaterfallBars = {
    keys: ["base"],
    offset: [0],
    up: [explanation.base],
    down: [0],
    values: [explanation.base],
  };
  let running = explanation.base;
  for (const driver of COST_DRIVERS) {
    const change = explanation.drivers[driver];
    const next = running + change;
    bars.keys.push(driver);
    bars.offset.push(Math.max(0, Math.min(running, next)));
    bars.up.push(Math.max(change, 0));
    bars.down.push(change < 0 ? -change : 0);
    bars.values.push(change);
    running = next;
  }
  bars.keys.push("current");
  bars.offset.push(0);
  bars.up.push(explanation.current);
  bars.down.push(0);
  bars.values.push(explanation.current);
  return bars;
}
