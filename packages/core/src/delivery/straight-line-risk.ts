/**
 * Delivery risk of a project by a straight-line projection of recent throughput against the
 * work left before the deadline (the web app's lib/risk.ts, where `straightLineRisk` is called
 * `projectRisk`; `projectRisk` here is the one from the finish-day distribution). It assumes the
 * last 24 hours' pace continues and that every task still needs `overlap` judgments minus those
 * it has; it ignores skips, dynamic overlap and gold re-checks, so it is an estimate and is shown
 * with the rates it came from.
 */
export type RiskLevel = "done" | "no_deadline" | "on_track" | "tight" | "at_risk" | "late" | "stalled";

export interface RiskInput {
  /** Tasks in the project. */
  totalTasks: number;
  /** Tasks with all the judgments they need. */
  doneTasks: number;
  /** Judgments each task needs. */
  overlap: number;
  /** Judgments given so far. */
  judgmentsTotal: number;
  /** Judgments given in the last 24 hours (the pace). */
  judgmentsLastDay: number;
  /** Epoch ms, or null without a deadline. */
  deadline: number | null;
  now: number;
  /** A paused or archived project is not projected. */
  status?: string;
}

export interface Risk {
  level: RiskLevel;
  /** Judgments still needed. */
  remaining: number;
  /** Judgments per hour over the last day. */
  ratePerHour: number;
  /** Judgments per hour needed to finish by the deadline (null without one, or when past it). */
  requiredPerHour: number | null;
  /** When the work would finish at the current pace (epoch ms), or null if it never would. */
  projectedFinish: number | null;
}

const HOUR = 3_600_000;
/** Finishing within the last 10% of the time left (but before the deadline) counts as tight. */
const TIGHT_MARGIN = 0.1;

/** Judgments still needed: every task's overlap, less what has been given (never below zero). */
export function remainingJudgments(
  input: Pick<RiskInput, "totalTasks" | "doneTasks" | "overlap" | "judgmentsTotal">,
): number {
  if (input.doneTasks >= input.totalTasks) return 0;
  return Math.max(0, input.totalTasks * input.overlap - input.judgmentsTotal);
}

/** Classifies a project's delivery risk; see the module comment for the assumptions. */
export function straightLineRisk(input: RiskInput): Risk {
  const remaining = remainingJudgments(input);
  const ratePerHour = Math.max(0, input.judgmentsLastDay) / 24;
  const projectedFinish =
    remaining === 0 ? input.now : ratePerHour > 0 ? input.now + (remaining / ratePerHour) * HOUR : null;
  const hoursLeft = input.deadline === null ? null : (input.deadline - input.now) / HOUR;
  const requiredPerHour = hoursLeft !== null && hoursLeft > 0 ? remaining / hoursLeft : null;
  const base = { remaining, ratePerHour, requiredPerHour, projectedFinish };

  if (input.totalTasks === 0 || remaining === 0)
    return { ...base, level: input.totalTasks === 0 ? "no_deadline" : "done" };
  if (input.deadline === null || hoursLeft === null) return { ...base, level: "no_deadline" };
  if (hoursLeft <= 0) return { ...base, level: "late" };
  if (ratePerHour === 0) return { ...base, level: "stalled" };
  const finishHours = remaining / ratePerHour;
  if (finishHours > hoursLeft) return { ...base, level: "at_risk" };
  if (finishHours > hoursLeft * (1 - TIGHT_MARGIN)) return { ...base, level: "tight" };
  return { ...base, level: "on_track" };
}

export const RISK_LABEL: Record<RiskLevel, string> = {
  done: "Done",
  no_deadline: "No deadline",
  on_track: "On track",
  tight: "Tight",
  at_risk: "At risk",
  late: "Late",
  stalled: "Stalled",
};

/** How bad each level is, for sorting and colour: 0 fine, 1 watch, 2 act. */
export function riskSeverity(level: RiskLevel): 0 | 1 | 2 {
  if (level === "at_risk" || level === "late" || level === "stalled") return 2;
  if (level === "tight") return 1;
  return 0;
}
