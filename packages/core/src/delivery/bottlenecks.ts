import type { LanguagePool } from "./risk-register.js";

export interface BottleneckInput {
  /** The project's latest leases (a bounded window), by how they ended. */
  leases: { issued: number; skipped: number; expired: number; since: number | null };
  languages: readonly LanguagePool[];
  /** Unfinished tasks with judgments, untouched for `stuckAfterHours` or more (counted up to a cap). */
  stuckTasks: number;
  stuckAfterHours: number;
  reviews: { pending: number; oldestPendingAt: number | null };
  now: number;
}

export type BottleneckKind = "skips" | "lease_expiry" | "queue_starving" | "stuck_tasks" | "review_backlog";

export interface Bottleneck {
  kind: BottleneckKind;
  language: string | null;
  message: string;
  figures: Record<string, number | string | null>;
}

export interface BottleneckReport {
  skipRate: number | null;
  expiryRate: number | null;
  languages: (LanguagePool & { tasksPerPerson: number | null; starving: boolean })[];
  stuckTasks: number;
  reviewBacklog: { pending: number; oldestPendingHours: number | null };
  findings: Bottleneck[];
}

/** Skip or expiry rates above these (of issued leases) are findings. */
export const SKIP_RATE_LIMIT = 0.1;
export const EXPIRY_RATE_LIMIT = 0.05;
/** A pending review item older than this many hours makes the review queue a bottleneck. */
export const REVIEW_AGE_LIMIT_HOURS = 48;

/**
 * Where a project's work gets stuck: leases skipped or left to expire (over `SKIP_RATE_LIMIT`,
 * `EXPIRY_RATE_LIMIT` of at least 20 leases), queues starving in a language (open tasks with no
 * eligible person, or more than three times the project's open tasks per person), stuck tasks
 * (any), and a review backlog (pending items, the oldest past `REVIEW_AGE_LIMIT_HOURS`).
 */
export function findBottlenecks(input: BottleneckInput): BottleneckReport {
  const findings: Bottleneck[] = [];
  const { issued, skipped, expired } = input.leases;
  const skipRate = issued > 0 ? skipped / issued : null;
  const expiryRate = issued > 0 ? expired / issued : null;
  if (issued >= 20 && skipRate! > SKIP_RATE_LIMIT)
    findings.push({
      kind: "skips",
      language: null,
      message: `${(100 * skipRate!).toFixed(1)}% of the last ${issued} leases were skipped: tasks may be unclear or unanswerable; read the questions and clarify the guidelines.`,
      figures: { issued, skipped, rate: skipRate },
    });
  if (issued >= 20 && expiryRate! > EXPIRY_RATE_LIMIT)
    findings.push({
      kind: "lease_expiry",
      language: null,
      message: `${(100 * expiryRate!).toFixed(1)}% of the last ${issued} leases expired unanswered: tasks take longer than the lease or people walk away; lengthen the lease or check task size.`,
      figures: { issued, expired, rate: expiryRate },
    });
  const open = input.languages.reduce((s, l) => s + l.openTasks, 0);
  const people = input.languages.reduce((s, l) => s + l.eligiblePeople, 0);
  const average = people > 0 ? open / people : null;
  const languages = input.languages.map((pool) => {
    const tasksPerPerson = pool.eligiblePeople > 0 ? pool.openTasks / pool.eligiblePeople : null;
    const starving =
      pool.openTasks > 0 &&
      (pool.eligiblePeople === 0 || (average !== null && average > 0 && tasksPerPerson! > 3 * average));
    if (starving)
      findings.push({
        kind: "queue_starving",
        language: pool.language,
        message:
          pool.eligiblePeople === 0
            ? `${pool.openTasks} open ${pool.language ? `${pool.language} tasks` : "tasks"} wait with no eligible annotator.`
            : `${pool.language || "Tasks without a language"} ${pool.language ? "has" : "have"} ${Math.round(tasksPerPerson!)} open tasks per eligible person, over three times the project's ${Math.round(average!)}.`,
        figures: {
          openTasks: pool.openTasks,
          eligiblePeople: pool.eligiblePeople,
          tasksPerPerson,
          projectAverage: average,
        },
      });
    return { ...pool, tasksPerPerson, starving };
  });
  if (input.stuckTasks > 0)
    findings.push({
      kind: "stuck_tasks",
      language: null,
      message: `${input.stuckTasks} tasks have judgments but have not moved for ${input.stuckAfterHours} hours or more (their remaining slots may need people of a language or skill that is scarce).`,
      figures: { stuckTasks: input.stuckTasks, hours: input.stuckAfterHours },
    });
  const oldestPendingHours =
    input.reviews.oldestPendingAt === null ? null : (input.now - input.reviews.oldestPendingAt) / 3_600_000;
  if (input.reviews.pending > 0 && oldestPendingHours !== null && oldestPendingHours > REVIEW_AGE_LIMIT_HOURS)
    findings.push({
      kind: "review_backlog",
      language: null,
      message: `${input.reviews.pending} review items are pending; the oldest has waited ${Math.round(oldestPendingHours)} hours.`,
      figures: { pending: input.reviews.pending, oldestPendingHours },
    });
  return {
    skipRate,
    expiryRate,
    languages,
    stuckTasks: input.stuckTasks,
    reviewBacklog: { pending: input.reviews.pending, oldestPendingHours },
    findings,
  };
}
