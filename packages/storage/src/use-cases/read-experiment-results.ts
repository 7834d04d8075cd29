import {
  EXPERIMENT_METRICS,
  type ExperimentMetric,
  type ExperimentResults,
  type ExperimentUnit,
  experimentResults,
  retentionPeriods,
  schemaClasses,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Database, Dialect } from "../database.js";
import { type ExperimentRecord, listExposures } from "../repositories/experiments.js";
import { getProject } from "../repositories/projects.js";
import type { DB } from "../schema.js";

const HOUR_MS = 3_600_000;

/** One unit's sums over a window: judgments (with gold answers) and its ledger rows. */
interface UnitSums {
  judgments: number;
  activeMs: number;
  goldAnswered: number;
  goldCorrect: number;
  costMinor: number;
  payMinor: number;
  paidMs: number;
  accepted: number;
  /** Judgments on tasks settled (done) by now, and those equal to the task's aggregate label. */
  settled: number;
  agreed: number;
  /** Judgments in the window's first and last retention periods (`retentionPeriods`). */
  firstPeriod: number;
  lastPeriod: number;
}

const zero = (): UnitSums => ({
  judgments: 0,
  activeMs: 0,
  goldAnswered: 0,
  goldCorrect: 0,
  costMinor: 0,
  payMinor: 0,
  paidMs: 0,
  accepted: 0,
  settled: 0,
  agreed: 0,
  firstPeriod: 0,
  lastPeriod: 0,
});

/** Each metric as a ratio of a unit's sums: numerator / denominator. */
const RATIOS: Record<ExperimentMetric, (s: UnitSums) => [number, number]> = {
  gold_accuracy: (s) => [s.goldCorrect, s.goldAnswered],
  throughput: (s) => [s.judgments, s.activeMs / HOUR_MS],
  handling_time: (s) => [s.activeMs / 1000, s.judgments],
  cost_per_accepted_label: (s) => [s.costMinor, s.accepted],
  earnings_per_hour: (s) => [s.payMinor, s.paidMs / HOUR_MS],
  agreement: (s) => [s.agreed, s.settled],
  // Retained (active in the first and the last period) over active in the first: 0/1 each.
  retention: (s) => [s.firstPeriod > 0 && s.lastPeriod > 0 ? 1 : 0, s.firstPeriod > 0 ? 1 : 0],
};

/**
 * A judgment's value equals its task's aggregate label, compared as JSON (the aggregate column is
 * `{"value": …, "method": …}`): JSON text on SQLite (`->` gives canonical JSON), jsonb on PostgreSQL.
 */
function agreesWithAggregate(dialect: Dialect) {
  return dialect === "postgres"
    ? sql<boolean>`(t.aggregate::jsonb -> 'value') = j.value::jsonb`
    : sql<boolean>`(t.aggregate -> '$.value') = (j.value -> '$')`;
}

/** The currency most of the project's ledger rows are in (cost metrics are read in it alone). */
async function mainCurrency(db: Kysely<DB>, projectId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom("cost_ledger")
    .select(["currency", (eb) => eb.fn.countAll<string | number>().as("rows")])
    .where("project_id", "=", projectId)
    .groupBy("currency")
    .orderBy("rows", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.currency;
}

/**
 * Sums per unit (annotator or task) of the project's judgments and ledger rows in [from, to), and
 * for agreement (`classes`: the schema's answers are classes) each unit's judgments on tasks
 * settled by now and how many of them equal the task's aggregate label.
 */
async function sumsByUnit(
  database: Database,
  experiment: ExperimentRecord,
  window: { from: number; to: number; classes: boolean },
  currency: string | undefined,
): Promise<Map<number, UnitSums>> {
  const { db } = database;
  const { from, to } = window;
  const { firstEnd, lastStart } = retentionPeriods(from, to);
  const unitColumn = experiment.unit === "annotator" ? "annotator_id" : "task_id";
  const sums = new Map<number, UnitSums>();
  const of = (id: number) => {
    let s = sums.get(id);
    if (!s) {
      s = zero();
      sums.set(id, s);
    }
    return s;
  };
  const judged = await db
    .selectFrom("judgments")
    .select((eb) => [
      eb.ref(unitColumn).as("unit"),
      eb.fn.countAll<string | number>().as("judgments"),
      eb.fn.sum<string | number>("active_ms").as("active_ms"),
      eb.fn.sum<string | number>(sql`case when gold_correct is null then 0 else 1 end`).as("gold"),
      eb.fn.sum<string | number | null>("gold_correct").as("correct"),
      eb.fn.sum<string | number>(sql`case when created_at < ${firstEnd} then 1 else 0 end`).as("first_period"),
      eb.fn.sum<string | number>(sql`case when created_at >= ${lastStart} then 1 else 0 end`).as("last_period"),
    ])
    .where("project_id", "=", experiment.projectId)
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .groupBy(unitColumn)
    .execute();
  for (const row of judged) {
    const s = of(Number(row.unit));
    s.judgments = Number(row.judgments);
    s.activeMs = Number(row.active_ms);
    s.goldAnswered = Number(row.gold);
    s.goldCorrect = Number(row.correct ?? 0);
    s.firstPeriod = Number(row.first_period);
    s.lastPeriod = Number(row.last_period);
  }
  if (window.classes) {
    const agreed = agreesWithAggregate(database.dialect);
    const settled = await db
      .selectFrom("judgments as j")
      .innerJoin("tasks as t", (join) =>
        join.onRef("t.project_id", "=", "j.project_id").onRef("t.id", "=", "j.task_id"),
      )
      .select((eb) => [
        eb.ref(`j.${unitColumn}`).as("unit"),
        eb.fn.countAll<string | number>().as("settled"),
        eb.fn.sum<string | number>(sql`case when ${agreed} then 1 else 0 end`).as("agreed"),
      ])
      .where("j.project_id", "=", experiment.projectId)
      .where("j.created_at", ">=", from)
      .where("j.created_at", "<", to)
      .where("t.status", "=", "done")
      .where("t.aggregate", "is not", null)
      .groupBy(`j.${unitColumn}`)
      .execute();
    for (const row of settled) {
      const s = of(Number(row.unit));
      s.settled = Number(row.settled);
      s.agreed = Number(row.agreed);
    }
  }
  if (currency !== undefined) {
    const ledger = await db
      .selectFrom("cost_ledger")
      .select((eb) => [
        eb.ref(unitColumn).as("unit"),
        eb.fn.sum<string | number>("amount_minor").as("cost"),
        eb.fn.sum<string | number>(sql`case when component = 'fees' then 0 else amount_minor end`).as("pay"),
        eb.fn.sum<string | number>("active_ms").as("paid_ms"),
        eb.fn.sum<string | number>("accepted_labels").as("accepted"),
      ])
      .where("project_id", "=", experiment.projectId)
      .where("at", ">=", from)
      .where("at", "<", to)
      .where("currency", "=", currency)
      .where(unitColumn, "is not", null)
      .groupBy(unitColumn)
      .execute();
    for (const row of ledger) {
      const s = of(Number(row.unit));
      s.costMinor = Number(row.cost);
      s.payMinor = Number(row.pay);
      s.paidMs = Number(row.paid_ms);
      s.accepted = Number(row.accepted);
    }
  }
  return sums;
}

export interface ExperimentUnitsByMetric {
  exposed: number[];
  /** The currency the money metrics (cost per accepted label, earnings per hour) are read in; null: no ledger rows. */
  currency: string | null;
  metrics: { metric: ExperimentMetric; units: ExperimentUnit[] }[];
  window: { from: number; to: number };
}

/** Metrics an experiment by this unit is read on: retention is a share of annotators, so not by task. */
function metricsOf(experiment: ExperimentRecord): readonly ExperimentMetric[] {
  return experiment.unit === "annotator" ? EXPERIMENT_METRICS : EXPERIMENT_METRICS.filter((m) => m !== "retention");
}

/**
 * Every exposed unit's numerator and denominator per metric, over the experiment's run; for an
 * annotator experiment with a pre-period of the same length before the start (for CUPED).
 * Agreement counts the unit's judgments in the window on tasks settled by `now`; it is read only
 * where the project's answers are classes (elsewhere an answer never equals an aggregate by chance).
 */
export async function readExperimentUnits(
  database: Database,
  experiment: ExperimentRecord,
  now: number,
): Promise<ExperimentUnitsByMetric> {
  const { db } = database;
  const from = experiment.startedAt ?? now;
  const to = experiment.stoppedAt ?? now + 1;
  const exposures = await listExposures(db, experiment);
  const currency = await mainCurrency(db, experiment.projectId);
  const project = await getProject(db, experiment.projectId);
  const classes = project !== undefined && schemaClasses(project.schema) !== undefined;
  const during = await sumsByUnit(database, experiment, { from, to, classes }, currency);
  const before =
    experiment.unit === "annotator"
      ? await sumsByUnit(database, experiment, { from: from - (to - from), to: from, classes }, currency)
      : undefined;
  const exposed = experiment.arms.map(() => 0);
  for (const exposure of exposures) exposed[exposure.arm]! += 1;
  const metrics = metricsOf(experiment).map((metric) => ({
    metric,
    units: exposures.map((exposure): ExperimentUnit => {
      const [numerator, denominator] = RATIOS[metric](during.get(exposure.unitId) ?? zero());
      const unit: ExperimentUnit = {
        unit: String(exposure.unitId),
        arm: experiment.arms[exposure.arm]!.name,
        numerator,
        denominator,
      };
      if (before) {
        const [preNumerator, preDenominator] = RATIOS[metric](before.get(exposure.unitId) ?? zero());
        unit.preNumerator = preNumerator;
        unit.preDenominator = preDenominator;
      }
      return unit;
    }),
  }));
  return { exposed, currency: currency ?? null, metrics, window: { from, to } };
}

/** The experiment's results: core's `experimentResults` on the units of `readExperimentUnits`. */
export async function readExperimentResults(
  database: Database,
  experiment: ExperimentRecord,
  now: number,
): Promise<ExperimentResults & { exposed: number[]; currency: string | null; window: { from: number; to: number } }> {
  const { exposed, currency, metrics, window } = await readExperimentUnits(database, experiment, now);
  const read = new Set<ExperimentMetric>([experiment.primaryMetric, ...experiment.guardrails.map((g) => g.metric)]);
  const results = experimentResults({
    arms: experiment.arms,
    exposed,
    primary: experiment.primaryMetric,
    guardrails: experiment.guardrails,
    // The decision metrics, then the rest for the page; Holm runs over each set apart.
    metrics: metrics.filter((m) => read.has(m.metric)),
    secondary: metrics.filter((m) => !read.has(m.metric)),
    plannedUnits: experiment.plannedUnits,
  });
  return { ...results, exposed, currency, window };
}
