/**
 * Delivery risk of a project (the console's pill; `projectRisk` in project-risk.ts is the one from
 * the finish-day distribution): a straight-line projection of recent throughput against the work
 * left before the deadline. The work left is the judgments the work tasks still need (each
 * task's current `required` less what it has; gold control tasks are not work). The pace is the
 * judgments of the last 24 hours, or of the project's life when it is younger than that. It
 * assumes the pace continues, so it is an estimate and is shown with the rates it came from.
 */
export type RiskLevel =
  | "no_tasks"
  | "not_started"
  | "done"
  | "no_deadline"
  | "on_track"
  | "tight"
  | "at_risk"
  | "late"
  | "stalled"
  /** Some tasks can never finish: too few eligible annotators (only the forecast's `projectRisk` says so). */
  | "blocked";

export interface RiskInput {
  /** Tasks to label (gold control tasks left out). */
  workTasks: number;
  /** Judgments the work tasks still need. */
  judgmentsLeft: number;
  /** Judgments given so far. */
  judgmentsTotal: number;
  /** Judgments given in the last 24 hours (the pace). */
  judgmentsLastDay: number;
  /** When the project was created (epoch ms): a younger project's pace is over its life so far. */
  createdAt: number;
  /** Epoch ms, or null without a deadline. */
  deadline: number | null;
  now: number;
}

export interface Risk {
  level: RiskLevel;
  /** Judgments still needed. */
  remaining: number;
  /** Judgments per hour over the last day (or the project's life, if shorter). */
  ratePerHour: number;
  /** Judgments per hour needed to finish by the deadline (null without one, or when past it). */
  requiredPerHour: number | null;
  /** When the work would finish at the current pace (epoch ms), or null if it never would. */
  projectedFinish: number | null;
}

const HOUR = 3_600_000;
/** Finishing within the last 10% of the time left (but before the deadline) counts as tight. */
const TIGHT_MARGIN = 0.1;

/** The risk input from what the project and stats routes send. */
export function riskInput(
  project: { createdAt: string | null; deadline: string | null },
  stats: {
    tasks: { total: number; gold: number; judgmentsLeft: number };
    judgments: { total: number; lastDay: number };
  },
  now: number,
): RiskInput {
  return {
    workTasks: stats.tasks.total - stats.tasks.gold,
    judgmentsLeft: stats.tasks.judgmentsLeft,
    judgmentsTotal: stats.judgments.total,
    judgmentsLastDay: stats.judgments.lastDay,
    createdAt: project.createdAt ? Date.parse(project.createdAt) : 0,
    deadline: project.deadline ? Date.parse(project.deadline) : null,
    now,
  };
}

/** Classifies a project's delivery risk; see the module comment for the assumptions. */
export function straightLineRisk(input: RiskInput): Risk {
  const remaining = Math.max(0, input.judgmentsLeft);
  const hoursObserved = Math.min(24, Math.max(1, (input.now - input.createdAt) / HOUR));
  const ratePerHour = Math.max(0, input.judgmentsLastDay) / hoursObserved;
  const projectedFinish =
    remaining === 0 ? input.now : ratePerHour > 0 ? input.now + (remaining / ratePerHour) * HOUR : null;
  const hoursLeft = input.deadline === null ? null : (input.deadline - input.now) / HOUR;
  const requiredPerHour = hoursLeft !== null && hoursLeft > 0 ? remaining / hoursLeft : null;
  const base = { remaining, ratePerHour, requiredPerHour, projectedFinish };

  if (input.workTasks === 0) return { ...base, level: "no_tasks" };
  if (remaining === 0) return { ...base, level: "done" };
  if (hoursLeft !== null && hoursLeft <= 0) return { ...base, level: "late" };
  if (input.judgmentsTotal === 0) return { ...base, level: "not_started" };
  if (ratePerHour === 0) return { ...base, level: "stalled" };
  if (hoursLeft === null) return { ...base, level: "no_deadline" };
  const finishHours = remaining / ratePerHour;
  if (finishHours > hoursLeft) return { ...base, level: "at_risk" };
  if (finishHours > hoursLeft * (1 - TIGHT_MARGIN)) return { ...base, level: "tight" };
  return { ...base, level: "on_track" };
}

export const RISK_LABEL: Record<RiskLevel, string> = {
  no_tasks: "No tasks yet",
  not_started: "Not started",
  done: "Done",
  no_deadline: "No deadline",
  on_track: "On track",
  tight: "Tight",
  at_risk: "At risk",
  late: "Late",
  stalled: "Stalled",
  blocked: "Cannot finish",
};

/** How bad each level is, for sorting and colour: 0 fine, 1 watch, 2 act. */
export function riskSeverity(level: RiskLevel): 0 | 1 | 2 {
  if (level === "at_risk" || level === "late" || level === "stalled" || level === "blocked") return 2;
  if (level === "tight") return 1;
  return 0;
}
