import {
  EXPERIMENT_METRICS,
  EXPERIMENT_UNITS,
  type ExperimentArm,
  type ExperimentMetric,
  type ExperimentUnitKind,
  invalidInput,
  notFound,
} from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { ExperimentsTable } from "../schema-experiments.js";
import { oneOf, parseJson } from "./json-column.js";
import { RUNNING } from "./partial-index-values.js";

export const EXPERIMENT_STATUSES = ["draft", "running", "stopped"] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export interface Guardrail {
  metric: ExperimentMetric;
  /** Largest relative loss accepted, e.g. 0.05. */
  margin: number;
}

export interface ExperimentRecord {
  id: number;
  projectId: number;
  name: string;
  hypothesis: string;
  unit: ExperimentUnitKind;
  status: ExperimentStatus;
  salt: number;
  arms: ExperimentArm[];
  primaryMetric: ExperimentMetric;
  guardrails: Guardrail[];
  plannedUnits: number;
  startedAt: number | null;
  stoppedAt: number | null;
  createdBy: number | null;
  createdAt: number;
}

const toStatus = oneOf(EXPERIMENT_STATUSES, "experiments.status");
const toUnit = oneOf(EXPERIMENT_UNITS, "experiments.unit");
const toMetric = oneOf(EXPERIMENT_METRICS, "experiments.primary_metric");
const orNull = (value: number | null) => (value === null ? null : Number(value));

export function toExperiment(row: Selectable<ExperimentsTable>): ExperimentRecord {
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    name: row.name,
    hypothesis: row.hypothesis,
    unit: toUnit(row.unit),
    status: toStatus(row.status),
    salt: Number(row.salt),
    arms: withPayCurrency(parseJson<ExperimentArm[]>(row.arms), row.pay_currency),
    primaryMetric: toMetric(row.primary_metric),
    guardrails: parseJson<Guardrail[]>(row.guardrails),
    plannedUnits: Number(row.planned_units),
    startedAt: orNull(row.started_at),
    stoppedAt: orNull(row.stopped_at),
    createdBy: orNull(row.created_by),
    createdAt: Number(row.created_at),
  };
}

/** The arms with the experiment's pay currency on each arm that sets a pay. */
function withPayCurrency(arms: ExperimentArm[], currency: string | null): ExperimentArm[] {
  if (currency === null) return arms;
  return arms.map((arm) => (arm.payRateMinor === undefined ? arm : { ...arm, payCurrency: currency }));
}

/** The one currency of the arms' pay (stored once, `pay_currency`); refuses arms paying in several. */
function payCurrencyOf(arms: readonly ExperimentArm[]): string | null {
  const currencies = new Set(arms.flatMap((arm) => (arm.payCurrency === undefined ? [] : [arm.payCurrency])));
  if (currencies.size > 1)
    throw invalidInput("The arms' pay is in several currencies", [
      { path: "arms", message: `one currency for every arm's pay (${[...currencies].join(", ")} given)` },
    ]);
  return [...currencies][0] ?? null;
}

export interface NewExperiment {
  projectId: number;
  name: string;
  hypothesis: string;
  unit: ExperimentUnitKind;
  salt: number;
  arms: ExperimentArm[];
  primaryMetric: ExperimentMetric;
  guardrails: Guardrail[];
  plannedUnits: number;
}

export async function insertExperiment(
  db: Kysely<DB>,
  experiment: NewExperiment,
  actor: { id: number; now: number },
): Promise<ExperimentRecord> {
  const row = await db
    .insertInto("experiments")
    .values({
      project_id: experiment.projectId,
      name: experiment.name,
      hypothesis: experiment.hypothesis,
      unit: experiment.unit,
      salt: experiment.salt,
      arms: JSON.stringify(experiment.arms.map(({ payCurrency: _, ...arm }) => arm)),
      pay_currency: payCurrencyOf(experiment.arms),
      primary_metric: experiment.primaryMetric,
      guardrails: JSON.stringify(experiment.guardrails),
      planned_units: experiment.plannedUnits,
      started_at: null,
      stopped_at: null,
      created_by: actor.id,
      created_at: actor.now,
      updated_at: actor.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toExperiment(row);
}

export async function getExperiment(db: Kysely<DB>, id: number): Promise<ExperimentRecord> {
  const row = await db.selectFrom("experiments").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Experiment");
  return toExperiment(row);
}

export async function listExperiments(db: Kysely<DB>, projectId?: number): Promise<ExperimentRecord[]> {
  let query = db.selectFrom("experiments").selectAll().orderBy("created_at", "desc").orderBy("id", "desc");
  if (projectId !== undefined) query = query.where("project_id", "=", projectId);
  return (await query.limit(500).execute()).map(toExperiment);
}

/** The project's running experiment, if any (the partial unique index allows one). */
export async function runningExperiment(db: Kysely<DB>, projectId: number): Promise<ExperimentRecord | undefined> {
  const row = await db
    .selectFrom("experiments")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("status", "=", RUNNING)
    .executeTakeFirst();
  return row && toExperiment(row);
}

export async function setExperimentStatus(
  db: Kysely<DB>,
  id: number,
  change: { status: ExperimentStatus; startedAt?: number; stoppedAt?: number; now: number },
): Promise<void> {
  await db
    .updateTable("experiments")
    .set({
      status: change.status,
      updated_at: change.now,
      ...(change.startedAt === undefined ? {} : { started_at: change.startedAt }),
      ...(change.stoppedAt === undefined ? {} : { stopped_at: change.stoppedAt }),
    })
    .where("id", "=", id)
    .execute();
}

/** The stratified draw's arm per annotator. */
export async function experimentUnitArms(db: Kysely<DB>, experiment: ExperimentRecord): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("experiment_units")
    .select(["unit_id", "arm"])
    .where("project_id", "=", experiment.projectId)
    .where("experiment_id", "=", experiment.id)
    .execute();
  return new Map(rows.map((row) => [Number(row.unit_id), Number(row.arm)]));
}

/** Records a unit's first exposure; a later one changes nothing (insert-or-ignore on the key). */
export async function recordExposure(
  db: Kysely<DB>,
  exposure: { projectId: number; experimentId: number; unitId: number; arm: number; at: number },
): Promise<void> {
  await db
    .insertInto("experiment_exposures")
    .values({
      project_id: exposure.projectId,
      experiment_id: exposure.experimentId,
      unit_id: exposure.unitId,
      arm: exposure.arm,
      exposed_at: exposure.at,
    })
    .onConflict((oc) => oc.columns(["project_id", "experiment_id", "unit_id"]).doNothing())
    .execute();
}

export interface Exposure {
  unitId: number;
  arm: number;
  exposedAt: number;
}

export async function listExposures(db: Kysely<DB>, experiment: ExperimentRecord): Promise<Exposure[]> {
  const rows = await db
    .selectFrom("experiment_exposures")
    .select(["unit_id", "arm", "exposed_at"])
    .where("project_id", "=", experiment.projectId)
    .where("experiment_id", "=", experiment.id)
    .orderBy("unit_id")
    .execute();
  return rows.map((row) => ({ unitId: Number(row.unit_id), arm: Number(row.arm), exposedAt: Number(row.exposed_at) }));
}
