import { HOUR_MS } from "./time-units.js";

/** A data-quality check on a metric, shown beside its values. */
export interface MetricCheck {
  name: "rollup_matches_raw" | "freshness";
  status: "ok" | "failed";
  message: string;
  details: Record<string, number | null>;
}

/**
 * The roll-up must count exactly the judgments stored in [from, to) (a bounded window, read in
 * one snapshot): a difference means a judgment was written without its roll-up row or twice.
 */
export function rollupCheck(options: { rollup: number; raw: number; from: number; to: number }): MetricCheck {
  const { rollup, raw } = options;
  const ok = rollup === raw;
  return {
    name: "rollup_matches_raw",
    status: ok ? "ok" : "failed",
    message: ok
      ? `The roll-up counts all ${raw} judgments since ${new Date(options.from).toISOString()}`
      : `The roll-up counts ${rollup} judgments since ${new Date(options.from).toISOString()}, the stored judgments are ${raw}`,
    details: { rollup, raw, from: options.from, to: options.to },
  };
}

/**
 * The roll-up is fresh when it holds the hour of the newest judgment (both are written in one
 * transaction, so a lag means the roll-up stopped being written). Reports the age of the newest data.
 */
export function freshnessCheck(options: {
  lastJudgmentAt: number | null;
  lastRollupHour: number | null;
  now: number;
}): MetricCheck {
  const { lastJudgmentAt, lastRollupHour, now } = options;
  const ageMs = lastJudgmentAt === null ? null : Math.max(0, now - lastJudgmentAt);
  const details = { lastJudgmentAt, lastRollupHour, ageMs };
  if (lastJudgmentAt === null) return { name: "freshness", status: "ok", message: "No judgments yet", details };
  const judgmentHour = Math.floor(lastJudgmentAt / HOUR_MS) * HOUR_MS;
  if (lastRollupHour === null || lastRollupHour < judgmentHour)
    return {
      name: "freshness",
      status: "failed",
      message: `The roll-up stops at ${lastRollupHour === null ? "nothing" : new Date(lastRollupHour).toISOString()}, but a judgment was stored at ${new Date(lastJudgmentAt).toISOString()}`,
      details,
    };
  const minutes = Math.round((ageMs ?? 0) / 60_000);
  return { name: "freshness", status: "ok", message: `Up to date; the newest judgment is ${minutes} min old`, details };
}
