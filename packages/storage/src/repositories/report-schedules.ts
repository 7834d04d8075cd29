import { REPORT_KINDS, type ReportKind } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import { isTextList, oneOf, parseJsonColumn } from "./json-column.js";

export interface ReportSchedule {
  id: number;
  name: string;
  kind: ReportKind;
  cron: string;
  timeZone: string;
  recipientId: number | null;
  businessUnitId: number | null;
  emails: string[];
  nextRunAt: number;
  /** Its newest run, manual ("Run now") or scheduled, and how it was delivered; null before the first. */
  lastRun: LastReportRun | null;
  createdBy: number | null;
  createdAt: number;
  /** When it was paused; null while it runs. The scheduler leaves a paused schedule out. */
  pausedAt: number | null;
}

/** When a schedule last ran and how its report went out (`failed`: the e-mail was refused, with why). */
export interface LastReportRun {
  at: number;
  delivery: ReportRun["delivery"];
  error: string | null;
}

export interface ReportRun {
  id: number;
  scheduleId: number;
  recipientId: number | null;
  periodFrom: number;
  periodTo: number;
  subject: string;
  body: string;
  delivery: "emailed" | "in_app" | "failed";
  error: string | null;
  createdAt: number;
}

const readKind = oneOf(REPORT_KINDS, "report_schedules.kind");
const readDelivery = oneOf(["emailed", "in_app", "failed"] as const, "report_runs.delivery");

/** A schedule's row with the columns of its newest run (all null before the first). */
type ScheduleRow = Selectable<DB["report_schedules"]> & {
  last_run_created_at: number | string | null;
  last_run_delivery: string | null;
  last_run_error: string | null;
};

function toSchedule(row: ScheduleRow): ReportSchedule {
  return {
    id: Number(row.id),
    name: row.name,
    kind: readKind(row.kind),
    cron: row.cron,
    timeZone: row.time_zone,
    recipientId: row.recipient_id === null ? null : Number(row.recipient_id),
    businessUnitId: row.business_unit_id === null ? null : Number(row.business_unit_id),
    emails: parseJsonColumn(row.emails, "report_schedules.emails", isTextList),
    nextRunAt: Number(row.next_run_at),
    lastRun:
      row.last_run_created_at === null || row.last_run_delivery === null
        ? null
        : {
            at: Number(row.last_run_created_at),
            delivery: readDelivery(row.last_run_delivery),
            error: row.last_run_error,
          },
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: Number(row.created_at),
    pausedAt: row.paused_at === null ? null : Number(row.paused_at),
  };
}

function toRun(row: Selectable<DB["report_runs"]>): ReportRun {
  return {
    id: Number(row.id),
    scheduleId: Number(row.schedule_id),
    recipientId: row.recipient_id === null ? null : Number(row.recipient_id),
    periodFrom: Number(row.period_from),
    periodTo: Number(row.period_to),
    subject: row.subject,
    body: row.body,
    delivery: readDelivery(row.delivery),
    error: row.error,
    createdAt: Number(row.created_at),
  };
}

/**
 * Schedules with their newest run's time, delivery and error: the newest run's id from one lookup
 * in `report_runs_schedule (schedule_id, id)`, its row joined by primary key.
 */
function selectSchedules(db: Kysely<DB>) {
  return db
    .selectFrom("report_schedules as s")
    .leftJoin("report_runs as r", (join) =>
      join.on((eb) =>
        eb(
          "r.id",
          "=",
          eb
            .selectFrom("report_runs as n")
            .whereRef("n.schedule_id", "=", "s.id")
            .select((n) => n.fn.max("n.id").as("id")),
        ),
      ),
    )
    .selectAll("s")
    .select(["r.created_at as last_run_created_at", "r.delivery as last_run_delivery", "r.error as last_run_error"]);
}

export type NewReportSchedule = Omit<ReportSchedule, "id" | "lastRun" | "pausedAt">;

export async function insertReportSchedule(db: Kysely<DB>, schedule: NewReportSchedule): Promise<ReportSchedule> {
  const row = await db
    .insertInto("report_schedules")
    .values({
      name: schedule.name,
      kind: schedule.kind,
      cron: schedule.cron,
      time_zone: schedule.timeZone,
      recipient_id: schedule.recipientId,
      business_unit_id: schedule.businessUnitId,
      emails: JSON.stringify(schedule.emails),
      next_run_at: schedule.nextRunAt,
      created_by: schedule.createdBy,
      created_at: schedule.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSchedule({ ...row, last_run_created_at: null, last_run_delivery: null, last_run_error: null });
}

export async function listReportSchedules(db: Kysely<DB>): Promise<ReportSchedule[]> {
  const rows = await selectSchedules(db).orderBy("s.id").execute();
  return rows.map(toSchedule);
}

export async function findReportSchedule(db: Kysely<DB>, id: number): Promise<ReportSchedule | undefined> {
  const row = await selectSchedules(db).where("s.id", "=", id).executeTakeFirst();
  return row && toSchedule(row);
}

/** What may change of a schedule: its pattern, zone, kind, addressees, next run and pause. */
export type ReportScheduleChanges = Partial<
  Pick<
    ReportSchedule,
    "name" | "kind" | "cron" | "timeZone" | "recipientId" | "businessUnitId" | "emails" | "nextRunAt" | "pausedAt"
  >
>;

/** Changes a schedule in place (its runs stay); the schedule as changed, or undefined if it is gone. */
export async function updateReportSchedule(
  db: Kysely<DB>,
  id: number,
  changes: ReportScheduleChanges,
): Promise<ReportSchedule | undefined> {
  const result = await db
    .updateTable("report_schedules")
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.kind !== undefined && { kind: changes.kind }),
      ...(changes.cron !== undefined && { cron: changes.cron }),
      ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
      ...(changes.recipientId !== undefined && { recipient_id: changes.recipientId }),
      ...(changes.businessUnitId !== undefined && { business_unit_id: changes.businessUnitId }),
      ...(changes.emails !== undefined && { emails: JSON.stringify(changes.emails) }),
      ...(changes.nextRunAt !== undefined && { next_run_at: changes.nextRunAt }),
      ...(changes.pausedAt !== undefined && { paused_at: changes.pausedAt }),
    })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? findReportSchedule(db, id) : undefined;
}

/** Deletes a schedule; its runs stay in the list (they were sent). Whether it existed. */
export async function deleteReportSchedule(db: Kysely<DB>, id: number): Promise<boolean> {
  const result = await db.deleteFrom("report_schedules").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Schedules whose next run is due at `now` and that are not paused, oldest due first (through
 * `report_schedules_due`).
 */
export async function dueReportSchedules(db: Kysely<DB>, now: number, limit = 50): Promise<ReportSchedule[]> {
  const rows = await selectSchedules(db)
    .where("s.next_run_at", "<=", now)
    .where("s.paused_at", "is", null)
    .orderBy("s.next_run_at")
    .limit(limit)
    .execute();
  return rows.map(toSchedule);
}

/**
 * Claims a due run: moves the schedule's next run on (the run's row, written once the report is
 * out, becomes its last run), only if no other process did since it was
 * read (`expectedNextRunAt`) and nobody paused it meanwhile. Whether this process won the run.
 */
export async function claimReportRun(
  db: Kysely<DB>,
  claim: { id: number; expectedNextRunAt: number; nextRunAt: number },
): Promise<boolean> {
  const result = await db
    .updateTable("report_schedules")
    .set({ next_run_at: claim.nextRunAt })
    .where("id", "=", claim.id)
    .where("next_run_at", "=", claim.expectedNextRunAt)
    .where("paused_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertReportRun(db: Kysely<DB>, run: Omit<ReportRun, "id">): Promise<ReportRun> {
  const row = await db
    .insertInto("report_runs")
    .values({
      schedule_id: run.scheduleId,
      recipient_id: run.recipientId,
      period_from: run.periodFrom,
      period_to: run.periodTo,
      subject: run.subject,
      body: run.body,
      delivery: run.delivery,
      error: run.error,
      created_at: run.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRun(row);
}

/** Runs, newest first: of one schedule, or those addressed to one person (their in-app list). */
export async function listReportRuns(
  db: Kysely<DB>,
  filter: { scheduleId?: number; recipientId?: number; limit?: number },
): Promise<ReportRun[]> {
  let query = db.selectFrom("report_runs").selectAll();
  if (filter.scheduleId !== undefined) query = query.where("schedule_id", "=", filter.scheduleId);
  if (filter.recipientId !== undefined) query = query.where("recipient_id", "=", filter.recipientId);
  const rows = await query
    .orderBy("id", "desc")
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map(toRun);
}
