import type { FeasibilityReport, LabelSchema } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { IntakeRequestsTable } from "../schema-intake.js";
import { isNumberRecord, isObject, isTextList, parseJsonColumn } from "./json-column.js";

export type IntakeStatus = "draft" | "assessed" | "accepted";

export interface NewIntakeRequest {
  name: string;
  volume: number;
  taskType: string;
  schema: LabelSchema;
  languages: string[];
  skills: Record<string, number>;
  qualityTarget: number;
  overlap: number;
  deadline: number;
  budgetMinor: number;
  currency: string;
  secondsPerJudgment: number | null;
  guidelines: string;
}

export interface IntakeRequest extends NewIntakeRequest {
  id: number;
  status: IntakeStatus;
  feasibility: FeasibilityReport | null;
  assessedAt: number | null;
  projectId: number | null;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

function toIntakeRequest(row: Selectable<IntakeRequestsTable>): IntakeRequest {
  return {
    id: Number(row.id),
    name: row.name,
    status: row.status as IntakeStatus,
    volume: Number(row.volume),
    taskType: row.task_type,
    schema: parseJsonColumn(row.label_schema, "intake_requests.label_schema", isObject) as unknown as LabelSchema,
    languages: parseJsonColumn(row.languages, "intake_requests.languages", isTextList),
    skills: parseJsonColumn(row.skills, "intake_requests.skills", isNumberRecord),
    qualityTarget: row.quality_target,
    overlap: row.overlap,
    deadline: Number(row.deadline),
    budgetMinor: Number(row.budget_minor),
    currency: row.currency,
    secondsPerJudgment: row.seconds_per_judgment,
    guidelines: row.guidelines,
    feasibility:
      row.feasibility === null
        ? null
        : (parseJsonColumn(row.feasibility, "intake_requests.feasibility", isObject) as unknown as FeasibilityReport),
    assessedAt: row.assessed_at === null ? null : Number(row.assessed_at),
    projectId: row.project_id === null ? null : Number(row.project_id),
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function insertIntakeRequest(
  db: Kysely<DB>,
  request: NewIntakeRequest,
  actorId: number,
  now: number,
): Promise<IntakeRequest> {
  const row = await db
    .insertInto("intake_requests")
    .values({
      name: request.name,
      status: "draft",
      volume: request.volume,
      task_type: request.taskType,
      label_schema: JSON.stringify(request.schema),
      languages: JSON.stringify(request.languages),
      skills: JSON.stringify(request.skills),
      quality_target: request.qualityTarget,
      overlap: request.overlap,
      deadline: request.deadline,
      budget_minor: request.budgetMinor,
      currency: request.currency,
      seconds_per_judgment: request.secondsPerJudgment,
      guidelines: request.guidelines,
      feasibility: null,
      assessed_at: null,
      project_id: null,
      created_by: actorId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toIntakeRequest(row);
}

export async function getIntakeRequest(db: Kysely<DB>, id: number): Promise<IntakeRequest | undefined> {
  const row = await db.selectFrom("intake_requests").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toIntakeRequest(row);
}

export async function listIntakeRequests(db: Kysely<DB>, limit = 100): Promise<IntakeRequest[]> {
  const rows = await db.selectFrom("intake_requests").selectAll().orderBy("id", "desc").limit(limit).execute();
  return rows.map(toIntakeRequest);
}

/** Stores a feasibility report on a request not yet accepted; undefined when it was accepted meanwhile. */
export async function storeFeasibility(
  db: Kysely<DB>,
  id: number,
  report: FeasibilityReport,
  now: number,
): Promise<IntakeRequest | undefined> {
  const row = await db
    .updateTable("intake_requests")
    .set({ feasibility: JSON.stringify(report), assessed_at: now, status: "assessed", updated_at: now })
    .where("id", "=", id)
    .where("status", "!=", "accepted")
    .returningAll()
    .executeTakeFirst();
  return row && toIntakeRequest(row);
}

/** Marks an assessed request accepted as `projectId`; undefined when it was not in `assessed`. */
export async function markIntakeAccepted(
  db: Kysely<DB>,
  id: number,
  projectId: number,
  now: number,
): Promise<IntakeRequest | undefined> {
  const row = await db
    .updateTable("intake_requests")
    .set({ status: "accepted", project_id: projectId, updated_at: now })
    .where("id", "=", id)
    .where("status", "=", "assessed")
    .returningAll()
    .executeTakeFirst();
  return row && toIntakeRequest(row);
}
