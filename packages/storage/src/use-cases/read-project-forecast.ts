import {
  type BudgetFigures,
  type DayWriter,
  deliveryBlock,
  type Eta,
  type EtaPercentile,
  type ExposureSignal,
  expectedRemainingJudgments,
  initialRequired,
  type JudgmentCount,
  type Project,
  type ProjectRisk,
  probabilityDoneWithin,
  projectRisk,
  type RiskEntry,
  riskRegister,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { listBudgets } from "../repositories/budgets.js";
import { activityBuckets } from "../repositories/metric-rollups.js";
import type { DeliveryStatus } from "../repositories/project-delivery-status.js";
import { storedTaskCounters } from "../repositories/task-counters.js";
import type { DB } from "../schema.js";
import { readBudgetStatus } from "./read-budget-status.js";
import { countOpenTasksIn, readLanguagePools, readReviewFlow, sampleJudgmentCounts } from "./read-project-signals.js";

const DAY = 86_400_000;
/** Days of daily throughput the finish-date distribution draws from. */
export const FORECAST_HISTORY_DAYS = 28;
/** The quality-falling window: the last 7 days against the 21 before. */
const RECENT_DAYS = 7;

export interface ProjectForecast {
  projectId: number;
  asOf: number;
  /** Judgments completed on each whole UTC day of the history (gold included), oldest first. */
  history: { from: number; days: number; dailyJudgments: number[] };
  backlog: {
    /** Judgments still to be given, in expectation (`expectedRemainingJudgments`). */
    expectedJudgments: number;
    overlapMode: "fixed" | "dynamic";
    goldShare: number;
    tasksLeft: number;
    /** Whether any task has been judged yet. */
    started: boolean;
  };
  delivery: ProjectRisk;
  /** P(done within d days) at a few days around the percentiles, for a chart. */
  curve: { day: number; probability: number }[];
  risks: RiskEntry[];
}

/**
 * The history of daily judgments: the project's last `FORECAST_HISTORY_DAYS` whole UTC days
 * (fewer for a younger project, from its first whole day when it has a whole day after its creation;
 * today's partial day only when there is no whole day yet).
 */
async function dailyThroughput(db: Kysely<DB>, project: Project, now: number) {
  const today = Math.floor(now / DAY) * DAY;
  // The day the project was created counts only when it was whole (or is all there is): a project
  // created in the evening would otherwise enter its forecast with a near-empty first day.
  const creationDay = Math.floor(project.createdAt / DAY) * DAY;
  const created = project.createdAt > creationDay && creationDay + DAY < today ? creationDay + DAY : creationDay;
  const from = Math.max(today - FORECAST_HISTORY_DAYS * DAY, created);
  const to = from < today ? today : today + DAY;
  const rows = await activityBuckets(
    db,
    { projectId: project.id, vendor: null },
    { from, to, grain: "day", groupBy: "none" },
  );
  const days = Math.max(1, Math.round((to - from) / DAY));
  const daily = new Array<number>(days).fill(0);
  const gold = { recentAnswered: 0, recentCorrect: 0, earlierAnswered: 0, earlierCorrect: 0, recentDays: RECENT_DAYS };
  for (const row of rows) {
    const index = Math.round((row.bucket - from) / DAY);
    if (index >= 0 && index < days) daily[index]! += row.sums.judgments;
    const recent = row.bucket >= to - RECENT_DAYS * DAY;
    if (recent) {
      gold.recentAnswered += row.sums.goldAnswered;
      gold.recentCorrect += row.sums.goldCorrect;
    } else {
      gold.earlierAnswered += row.sums.goldAnswered;
      gold.earlierCorrect += row.sums.goldCorrect;
    }
  }
  const people = await db
    .selectFrom("activity_hourly")
    .select((eb) => eb.fn.count<number>("annotator_id").distinct().as("n"))
    .where("project_id", "=", project.id)
    .where("hour", ">=", from)
    .where("hour", "<", to)
    .executeTakeFirstOrThrow();
  return { from, daily, gold, activeAnnotators: Number(people.n) };
}

/**
 * Judgments still to be given, in expectation, from the task counters: fixed overlap is the
 * counters' judgments left (each task's required less what it has); dynamic overlap spreads the
 * judged open tasks over a bounded sample of their judgment counts and takes the final counts of
 * recently settled tasks as the evidence of what they will need (`expectedRemainingJudgments`);
 * gold served as a share of the work is added on top.
 */
async function expectedBacklog(db: Kysely<DB>, project: Project) {
  const counters = await storedTaskCounters(db, project.id);
  const unfinished = counters.tasks.open + counters.tasks.full;
  const judgedOpen = counters.judged.open + counters.judged.full;
  const goldShare = project.goldPolicy.share;
  const policy = project.overlapPolicy;
  // Any task judged or finished: before that, no throughput means "not started", not "stalled".
  const started = judgedOpen > 0 || counters.tasks.done > 0;
  const hasTasks = unfinished + counters.tasks.done > 0;
  if (policy.mode === "fixed")
    return {
      expectedJudgments: counters.judgmentsLeft / (1 - goldShare),
      overlapMode: "fixed" as const,
      goldShare,
      tasksLeft: unfinished,
      started,
      hasTasks,
    };
  const sample = await sampleJudgmentCounts(db, project.id);
  const sampled = sample.judgedOpen.reduce((s, g) => s + g.tasks, 0);
  const openTasks: JudgmentCount[] = [{ judgments: 0, tasks: Math.max(0, unfinished - judgedOpen) }];
  for (const group of sample.judgedOpen)
    openTasks.push({ judgments: group.judgments, tasks: sampled > 0 ? (group.tasks * judgedOpen) / sampled : 0 });
  return {
    expectedJudgments: expectedRemainingJudgments({
      openTasks,
      overlap: project.overlap,
      overlapPolicy: policy,
      settledTasks: sample.settled,
      goldShare,
    }),
    overlapMode: "dynamic" as const,
    goldShare,
    tasksLeft: unfinished,
    started,
    hasTasks,
  };
}

/**
 * What holds the backlog up for good (`deliveryBlock`), and for a block of some languages only the
 * expected judgments of the rest: the backlog less the starved languages' share of the open tasks
 * (counted up to `COUNT_CAP`, 10,000: past it the share is a floor, so the rest's dates err late).
 */
async function blockedPart(
  db: Kysely<DB>,
  project: Project,
  pools: Awaited<ReturnType<typeof readLanguagePools>>,
  judgmentsPerTask: number,
  backlog: { expectedJudgments: number; tasksLeft: number },
) {
  const block = deliveryBlock(pools, judgmentsPerTask);
  if (!block) return null;
  if (block.scope === "all") return { block, finishableBacklog: null };
  const starvedOpen = await countOpenTasksIn(db, project.id, block.languages);
  const share = backlog.tasksLeft > 0 ? Math.min(1, starvedOpen / backlog.tasksLeft) : 0;
  return { block, finishableBacklog: backlog.expectedJudgments * (1 - share) };
}

/** P(done within d) at up to 24 days spread from half the median to past the 95th percentile. */
function finishCurve(history: number[], backlog: number, eta: Eta): { day: number; probability: number }[] {
  const { p50, p95 } = eta.days;
  if (p50 === null || p95 === null) return [];
  const low = Math.max(0, Math.floor(p50 / 2));
  const high = Math.max(p95 + Math.ceil((p95 - p50) / 2), low + 1);
  const step = Math.max(1, Math.ceil((high - low) / 24));
  const curve: { day: number; probability: number }[] = [];
  for (let day = low; day <= high; day += step)
    curve.push({ day, probability: probabilityDoneWithin(history, backlog, day, 1e-3) });
  return curve;
}

/**
 * The forecast of a project's finish and its risk register, from roll-ups only: daily judgments
 * from `activity_hourly` (O(days)), the backlog from the task counters (plus bounded samples for
 * dynamic overlap), open tasks per language capped, budgets in force, the review flow of the last
 * week. `includeBudgets` is for callers who may see money; `exposure` is the hook through which
 * exposure budgets report binding caps; `writeDay` writes the days inside the sentences for their
 * reader (core's default when absent: UTC, English).
 */
export async function readProjectForecast(
  db: Kysely<DB>,
  project: Project,
  options: { now: number; includeBudgets: boolean; exposure?: readonly ExposureSignal[]; writeDay?: DayWriter },
): Promise<ProjectForecast> {
  const { now } = options;
  const [{ from, daily, gold, activeAnnotators }, backlog, languages] = await Promise.all([
    dailyThroughput(db, project, now),
    expectedBacklog(db, project),
    readLanguagePools(db, project),
  ]);
  // A task needs this many different people before it can finish (dynamic overlap: its minimum).
  const judgmentsPerTask = initialRequired(project);
  const blocked = await blockedPart(db, project, languages, judgmentsPerTask, backlog);
  const delivery = projectRisk({
    blocked,
    backlog: backlog.expectedJudgments,
    dailyThroughput: daily,
    deadline: project.deadline,
    now,
    activeAnnotators,
    started: backlog.started,
    hasTasks: backlog.hasTasks,
    ...(options.writeDay ? { writeDay: options.writeDay } : {}),
  });
  const budgets: BudgetFigures[] = [];
  if (options.includeBudgets)
    for (const budget of await listBudgets(db, { projectId: project.id, from: now, to: now + 1 })) {
      const status = await readBudgetStatus(db, budget, now);
      budgets.push({
        budgetId: budget.id,
        currency: budget.currency,
        amountMinor: budget.amountMinor,
        spentMinor: status.spent,
        forecastMinor: status.forecast,
        paceForecastMinor: status.forecastAtRecentRate,
      });
    }
  const risks = riskRegister({
    delivery,
    quality: gold,
    budgets,
    languages,
    judgmentsPerTask,
    reviews: await readReviewFlow(db, project.id, now),
    ...(options.exposure ? { exposure: options.exposure } : {}),
  });
  return {
    projectId: project.id,
    asOf: now,
    history: { from, days: daily.length, dailyJudgments: daily },
    backlog,
    delivery,
    curve: finishCurve(daily, backlog.expectedJudgments, delivery.eta),
    risks,
  };
}

/** The verdict the projects list shows of a forecast: its level, 85th-percentile finish and risks. */
export function deliveryStatusOf(forecast: ProjectForecast): DeliveryStatus {
  return {
    projectId: forecast.projectId,
    level: forecast.delivery.level,
    finishP85: forecast.delivery.finish.p85,
    risks: forecast.risks.map((risk) => ({ kind: risk.kind, language: risk.language })),
    evaluatedAt: forecast.asOf,
  };
}

export type { EtaPercentile };
