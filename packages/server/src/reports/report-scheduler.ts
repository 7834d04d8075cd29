import { invalidInput } from "@quorum/core";
import {
  buildScheduledReport,
  claimReportRun,
  type Database,
  dueReportSchedules,
  insertReportRun,
  type ReportRun,
  type ReportSchedule,
} from "@quorum/storage";
import { Cron } from "croner";
import type { Mailer } from "../monitoring/mailer.js";

/** The first time after `after` that `cron` fires in `timeZone` (croner); refuses a bad pattern by name. */
export function nextRunAt(cron: string, timeZone: string, after: number): number {
  let job: Cron;
  try {
    job = new Cron(cron, { timezone: timeZone, paused: true });
  } catch (error) {
    throw invalidInput(`Not a cron pattern: ${(error as Error).message}`, [
      { path: "cron", message: "not a cron pattern" },
    ]);
  }
  const next = job.nextRun(new Date(after));
  job.stop();
  if (!next) throw invalidInput("This cron pattern never fires", [{ path: "cron", message: "never fires" }]);
  return next.getTime();
}

export interface ReportSchedulerOptions {
  database: Database;
  now: () => number;
  log: (line: string) => void;
  /** Reports are e-mailed when given (QUORUM_SMTP_URL); otherwise kept in the in-app list only. */
  mailer?: Mailer | undefined;
  /** Croner pattern of the check for due schedules (default: every minute, at second 0). */
  tick?: string;
}

/**
 * Runs a report schedule at `at`: builds the report, e-mails it when a mailer and addresses are
 * there, and logs the run (its text stays readable in the app whatever the delivery). A failed
 * e-mail is logged as such, never lost.
 */
export async function runReport(
  options: Pick<ReportSchedulerOptions, "database" | "mailer" | "log">,
  schedule: ReportSchedule,
  at: number,
): Promise<ReportRun> {
  const report = await buildScheduledReport(options.database.db, schedule, at);
  let delivery: ReportRun["delivery"] = "in_app";
  let error: string | null = null;
  if (options.mailer && report.emails.length > 0) {
    try {
      await options.mailer.send({ to: report.emails, subject: report.subject, text: report.text });
      delivery = "emailed";
    } catch (failure) {
      delivery = "failed";
      error = (failure as Error).message;
      options.log(`report ${schedule.id} e-mail failed: ${error}`);
    }
  }
  return insertReportRun(options.database.db, {
    scheduleId: schedule.id,
    recipientId: schedule.recipientId,
    periodFrom: report.period.from,
    periodTo: report.period.to,
    subject: report.subject,
    body: report.text,
    delivery,
    error,
    createdAt: at,
  });
}

/**
 * The scheduled reports of a server process: a croner job (every minute by default) runs each
 * schedule that is due. A run is claimed by moving the schedule's next run on with a conditional
 * update, so processes sharing a database never send one report twice.
 */
export function createReportScheduler(options: ReportSchedulerOptions) {
  const { database, now, log } = options;
  let job: Cron | undefined;

  async function runDue(at = now()): Promise<ReportRun[]> {
    const runs: ReportRun[] = [];
    for (const schedule of await dueReportSchedules(database.db, at)) {
      const next = nextRunAt(schedule.cron, schedule.timeZone, at);
      const won = await claimReportRun(database.db, {
        id: schedule.id,
        expectedNextRunAt: schedule.nextRunAt,
        nextRunAt: next,
      });
      if (won) runs.push(await runReport(options, schedule, at));
    }
    return runs;
  }

  return {
    runDue,
    start() {
      job = new Cron(options.tick ?? "0 * * * * *", { protect: true, unref: true }, async () => {
        await runDue().catch((error: Error) => log(`scheduled reports failed: ${error.message}`));
      });
    },
    stop() {
      job?.stop();
      options.mailer?.close();
    },
  };
}

export type ReportScheduler = ReturnType<typeof createReportScheduler>;
