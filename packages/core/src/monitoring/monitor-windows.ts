import { baselinePeriods, type MonitorDefinition } from "./monitor-definition.js";
import { DAY_MS } from "./time-units.js";

export interface TimeWindow {
  from: number;
  to: number;
}

export interface EvaluationWindows {
  current: TimeWindow;
  /** The windows of the same length just before `current`, newest first. */
  baseline: TimeWindow[];
}

/**
 * The windows a monitor compares at `now`. Realtime: the last `windowMinutes` up to now. Daily: the
 * last complete UTC day. The baseline is the `baselinePeriods` windows of the same length before.
 */
export function evaluationWindows(
  definition: Pick<MonitorDefinition, "schedule" | "windowMinutes" | "condition">,
  now: number,
): EvaluationWindows {
  const length = definition.schedule === "daily" ? DAY_MS : definition.windowMinutes * 60_000;
  const end = definition.schedule === "daily" ? Math.floor(now / DAY_MS) * DAY_MS : now;
  const baseline: TimeWindow[] = [];
  for (let k = 1; k <= baselinePeriods(definition.condition); k++)
    baseline.push({ from: end - (k + 1) * length, to: end - k * length });
  return { current: { from: end - length, to: end }, baseline };
}

/** Whether a daily monitor last evaluated at `lastEvaluatedAt` is due again at `now` (a new UTC day began). */
export function dailyEvaluationDue(lastEvaluatedAt: number | null, now: number): boolean {
  return lastEvaluatedAt === null || Math.floor(now / DAY_MS) > Math.floor(lastEvaluatedAt / DAY_MS);
}
