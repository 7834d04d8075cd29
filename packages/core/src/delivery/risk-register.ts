import { budgetHeadline } from "../cost/budget-status.js";
import { countOf } from "../count-of.js";
import { isStarved } from "./delivery-block.js";
import type { ProjectRisk } from "./project-risk.js";

export type RiskKind =
  | "deadline_at_risk"
  | "quality_falling"
  | "budget_overrun"
  | "pool_too_small"
  | "review_backlog_growing"
  | "exposure_cap_binding";

/** One entry of a project's risk register: what, why (the driver) and what to do. */
export interface RiskEntry {
  kind: RiskKind;
  severity: "high" | "medium";
  /** The language the risk is about, when it is about one. */
  language: string | null;
  driver: string;
  action: string;
  figures: Record<string, number | string | null>;
}

/** Gold accuracy in two windows: the recent days and the days before them. */
export interface QualityWindows {
  recentAnswered: number;
  recentCorrect: number;
  earlierAnswered: number;
  earlierCorrect: number;
  recentDays: number;
}

export interface BudgetFigures {
  budgetId: number;
  currency: string;
  amountMinor: number;
  spentMinor: number;
  /** Spend forecast to the period's end; null when there is no forecast yet. */
  forecastMinor: number | null;
  /** Where the spending pace of the last 7 days ends the period; null or absent when unknown. */
  paceForecastMinor?: number | null;
}

export interface LanguagePool {
  language: string;
  openTasks: number;
  /** Active annotators who may work on the language's tasks. */
  eligiblePeople: number;
}

export interface ReviewFlow {
  pending: number;
  added: number;
  decided: number;
  days: number;
  /** How long the oldest pending item has waited; null when none is pending. */
  oldestPendingHours: number | null;
}

/**
 * A growing review queue is a risk only once its oldest pending item has waited this long: items
 * a manager queued a minute ago are not late, and an alert on every console page would be noise.
 */
export const REVIEW_BACKLOG_GRACE_HOURS = 24;

/** Exposure budgets (another module) report binding caps through this hook. */
export interface ExposureSignal {
  language: string | null;
  driver: string;
  action: string;
  figures?: Record<string, number | string | null>;
}

export interface RiskRegisterInput {
  delivery: ProjectRisk;
  quality?: QualityWindows;
  budgets?: readonly BudgetFigures[];
  languages?: readonly LanguagePool[];
  reviews?: ReviewFlow;
  exposure?: readonly ExposureSignal[];
  /**
   * The fewest judgments a task needs from different annotators (fixed overlap, or dynamic
   * overlap's minimum): a pool smaller than this can finish no task, however long it works.
   */
  judgmentsPerTask?: number;
}

/** Gold answers each window needs before a fall in accuracy is judged. */
export const MIN_GOLD_PER_WINDOW = 20;

const DELIVERY_DRIVERS: Record<string, string> = {
  no_throughput: "Nothing was completed in the history's days, so the work never finishes at this pace",
  past_deadline: "The deadline has passed with work left",
  throughput_falling: "Throughput is falling",
  throughput_short: "The recent days complete less than the deadline needs",
  throughput_uneven: "Slow days push the 85th-percentile finish past the deadline",
  pool_too_small:
    "Some tasks cannot finish, too few eligible annotators for the judgments each needs, so there is no finish date",
};

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

/**
 * Quality is falling when the recent window's gold accuracy is below the earlier one's by at
 * least 3 points and by a two-proportion z-test at 5% (one-sided z < −1.645), each window with
 * at least `MIN_GOLD_PER_WINDOW` gold answers; fewer answers are not evidence either way.
 */
export function qualityFalling(q: QualityWindows): {
  falling: boolean;
  recent: number | null;
  earlier: number | null;
  z: number | null;
} {
  if (q.recentAnswered < MIN_GOLD_PER_WINDOW || q.earlierAnswered < MIN_GOLD_PER_WINDOW)
    return { falling: false, recent: null, earlier: null, z: null };
  const recent = q.recentCorrect / q.recentAnswered;
  const earlier = q.earlierCorrect / q.earlierAnswered;
  const pooled = (q.recentCorrect + q.earlierCorrect) / (q.recentAnswered + q.earlierAnswered);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / q.recentAnswered + 1 / q.earlierAnswered));
  const z = se > 0 ? (recent - earlier) / se : 0;
  return { falling: earlier - recent >= 0.03 && z < -1.645, recent, earlier, z };
}

/**
 * The risk register of a project: deadline at risk (85th-percentile finish past the deadline, from
 * `projectRisk`), quality falling (`qualityFalling`), budget overrun (a budget's spend or its
 * forecast past its amount), pool too small (a language with open tasks and no eligible person),
 * review backlog growing (more items queued than decided over the window, some pending, the oldest
 * for `REVIEW_BACKLOG_GRACE_HOURS` or more), and
 * exposure caps binding (passed in by the exposure module). High severity for what stops delivery
 * (the deadline, a language nobody can work, spend already over); medium for trends.
 */
export function riskRegister(input: RiskRegisterInput): RiskEntry[] {
  const entries: RiskEntry[] = [];
  const { delivery } = input;
  if (delivery.deadlineAtRisk)
    entries.push({
      kind: "deadline_at_risk",
      severity: "high",
      language: null,
      driver: `${DELIVERY_DRIVERS[delivery.driver ?? "throughput_short"]} (85th-percentile finish: ${delivery.eta.days.p85 === null ? "never" : `${delivery.eta.days.p85} days`}).`,
      action: delivery.action ?? "",
      figures: {
        driver: delivery.driver,
        p50Days: delivery.eta.days.p50,
        p85Days: delivery.eta.days.p85,
        probabilityOnTime: delivery.probabilityOnTime,
        requiredPerDay: delivery.requiredPerDay,
        meanPerDay: delivery.meanPerDay,
      },
    });
  if (input.quality) {
    const q = qualityFalling(input.quality);
    if (q.falling)
      entries.push({
        kind: "quality_falling",
        severity: "medium",
        language: null,
        driver: `Gold accuracy fell to ${percent(q.recent!)} over the last ${input.quality.recentDays} days, from ${percent(q.earlier!)} before (z = ${q.z!.toFixed(2)}).`,
        action:
          "Look at the annotators whose gold accuracy dropped most on the quality page; check for a guideline change or new, unclear items, and retrain or pause where needed.",
        figures: {
          recentAccuracy: q.recent,
          earlierAccuracy: q.earlier,
          recentGold: input.quality.recentAnswered,
          earlierGold: input.quality.earlierAnswered,
        },
      });
  }
  for (const budget of input.budgets ?? []) {
    const pace = budget.paceForecastMinor ?? null;
    // The card's headline: the same figure (and basis) the budgets page shows and judges by.
    const headline = budgetHeadline({
      amountMinor: budget.amountMinor,
      spentMinor: budget.spentMinor,
      workForecastMinor: budget.forecastMinor,
      paceForecastMinor: pace,
      periodOver: false,
    });
    if (headline.standing === "on_track") continue;
    const over = headline.standing === "over";
    entries.push({
      kind: "budget_overrun",
      severity: over ? "high" : "medium",
      language: null,
      driver: over
        ? `Budget ${budget.budgetId} is spent past its amount: ${budget.spentMinor} of ${budget.amountMinor} ${budget.currency} minor units.`
        : headline.basis === "work_left"
          ? `Budget ${budget.budgetId} is forecast to reach ${headline.amountMinor} ${budget.currency} minor units from the work left, over its ${budget.amountMinor}.`
          : `Budget ${budget.budgetId} reaches ${headline.amountMinor} ${budget.currency} minor units by its period's end at the last 7 days' spending pace, over its ${budget.amountMinor}.`,
      action:
        "Lower the overlap on confident tasks (dynamic overlap), cut the gold share, or raise the budget; the cost page explains what drives the spend.",
      figures: {
        budgetId: budget.budgetId,
        amountMinor: budget.amountMinor,
        spentMinor: budget.spentMinor,
        forecastMinor: budget.forecastMinor,
        headlineBasis: headline.basis,
        headlineMinor: headline.amountMinor,
        paceForecastMinor: pace,
        currency: budget.currency,
      },
    });
  }
  const needed = input.judgmentsPerTask ?? 1;
  for (const pool of input.languages ?? []) {
    // The forecast's rule for "cannot finish" (`deliveryBlock`): one rule, two wordings below.
    if (!isStarved(pool, needed)) continue;
    if (pool.eligiblePeople > 0) {
      const tasks = pool.language ? `Each ${pool.language} task` : "Each task";
      entries.push({
        kind: "pool_too_small",
        severity: "high",
        language: pool.language,
        driver: `${tasks} needs ${needed} judgments from different annotators and only ${countOf(pool.eligiblePeople, "active annotator", "active annotators")} may work on it: no task can finish.`,
        // Judgments per task are fixed once a project exists, and settled tasks are not revisited.
        action: `Invite or certify ${countOf(needed - pool.eligiblePeople, `more ${pool.language ? `${pool.language} ` : ""}annotator`, `more ${pool.language ? `${pool.language} ` : ""}annotators`)} at least: each task's judgments come from different people.`,
        figures: { openTasks: pool.openTasks, eligiblePeople: pool.eligiblePeople, judgmentsPerTask: needed },
      });
      continue;
    }
    const language = pool.language ? `${pool.language} ` : "";
    entries.push({
      kind: "pool_too_small",
      severity: "high",
      language: pool.language,
      driver: `${countOf(pool.openTasks, `open ${language}task`, `open ${language}tasks`)} and no active annotator eligible for ${pool.openTasks === 1 ? "it" : "them"}.`,
      action: `Add or certify ${language}annotators (language and skills of the project's requirements).`,
      figures: { openTasks: pool.openTasks, eligiblePeople: pool.eligiblePeople },
    });
  }
  const reviews = input.reviews;
  if (
    reviews &&
    reviews.pending > 0 &&
    reviews.added > reviews.decided &&
    reviews.oldestPendingHours !== null &&
    reviews.oldestPendingHours >= REVIEW_BACKLOG_GRACE_HOURS
  )
    entries.push({
      kind: "review_backlog_growing",
      severity: "medium",
      language: null,
      driver: `${countOf(reviews.added, "item was", "items were")} queued for review and ${reviews.decided} decided over the last ${countOf(reviews.days, "day", "days")}; ${countOf(reviews.pending, "is", "are")} pending.`,
      action: "Add reviewers, or lower the review sample or the confidence threshold in the project's review settings.",
      figures: { pending: reviews.pending, added: reviews.added, decided: reviews.decided, days: reviews.days },
    });
  for (const signal of input.exposure ?? [])
    entries.push({
      kind: "exposure_cap_binding",
      severity: "medium",
      language: signal.language,
      driver: signal.driver,
      action: signal.action,
      figures: signal.figures ?? {},
    });
  return entries;
}
