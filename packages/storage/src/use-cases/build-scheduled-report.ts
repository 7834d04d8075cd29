import { currencyFractionDigits, localDate, type ReportProjectLine, renderReport, reportPeriod } from "@quorum/core";
import type { Kysely } from "kysely";
import type { ReportSchedule } from "../repositories/report-schedules.js";
import { projectTaskCounts } from "../repositories/task-counters.js";
import type { DB } from "../schema.js";

export interface BuiltReport {
  period: { from: number; to: number };
  subject: string;
  text: string;
  /** The schedule's addresses and the recipient's own, without repeats. */
  emails: string[];
}

/**
 * A scheduled report as run at `runAt`: the schedule's projects (a daily digest: the active
 * projects its recipient created; a weekly report: the business unit's projects that are not
 * archived), each with its judgments, active time and gold from the hourly roll-up, its tasks now
 * (counters) and its spend from the ledger over the period (the local days of the schedule's zone).
 */
export async function buildScheduledReport(
  db: Kysely<DB>,
  schedule: ReportSchedule,
  runAt: number,
): Promise<BuiltReport> {
  const period = reportPeriod(schedule.kind, runAt, schedule.timeZone);
  let projects = db.selectFrom("projects").select(["id", "name"]).where("status", "<>", "archived");
  projects =
    schedule.kind === "daily_digest"
      ? projects.where("created_by", "=", schedule.recipientId ?? -1)
      : projects.where("business_unit_id", "=", schedule.businessUnitId ?? -1);
  const lines: ReportProjectLine[] = [];
  for (const project of await projects.orderBy("id").execute()) lines.push(await projectLine(db, project, period));
  const last = localDate(period.to - 1, schedule.timeZone);
  const first = localDate(period.from, schedule.timeZone);
  const { subject, text } = renderReport({
    kind: schedule.kind,
    title: schedule.name,
    periodLabel: first === last ? first : `${first} – ${last}`,
    projects: lines,
  });
  const recipient =
    schedule.recipientId === null
      ? undefined
      : await db.selectFrom("users").select("email").where("id", "=", schedule.recipientId).executeTakeFirst();
  const emails = [...new Set([...schedule.emails, ...(recipient ? [recipient.email] : [])])];
  return { period, subject, text, emails };
}

async function projectLine(
  db: Kysely<DB>,
  project: { id: number; name: string },
  period: { from: number; to: number },
): Promise<ReportProjectLine> {
  const activity = await db
    .selectFrom("activity_hourly")
    .select((eb) => [
      eb.fn.sum<number>("judgments").as("judgments"),
      eb.fn.sum<number>("active_ms").as("active_ms"),
      eb.fn.sum<number>("gold_answered").as("gold_answered"),
      eb.fn.sum<number>("gold_correct").as("gold_correct"),
    ])
    .where("project_id", "=", project.id)
    .where("hour", ">=", period.from)
    .where("hour", "<", period.to)
    .executeTakeFirst();
  const spend = await db
    .selectFrom("cost_ledger")
    .select((eb) => ["currency", eb.fn.sum<number>("amount_minor").as("amount")])
    .where("project_id", "=", project.id)
    .where("at", ">=", period.from)
    .where("at", "<", period.to)
    .groupBy("currency")
    .orderBy("currency")
    .execute();
  const tasks = await projectTaskCounts(db, project.id);
  return {
    name: project.name,
    judgments: Number(activity?.judgments ?? 0),
    activeMs: Number(activity?.active_ms ?? 0),
    goldAnswered: Number(activity?.gold_answered ?? 0),
    goldCorrect: Number(activity?.gold_correct ?? 0),
    tasksOpen: tasks.open + tasks.full,
    tasksDone: tasks.done,
    spend: spend.map((s) => ({
      currency: s.currency,
      amountMinor: Number(s.amount),
      fractionDigits: currencyFractionDigits(s.currency),
    })),
  };
}
