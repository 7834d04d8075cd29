import { countOf } from "../count-of.js";
import { startOfLocalDay } from "../time/local-days.js";

/**
 * Scheduled reports (issue 13, item 9): a daily digest of a manager's projects, or a weekly report
 * of a business unit's. Pure: the period a run covers and the text it sends.
 */
export const REPORT_KINDS = ["daily_digest", "weekly_business_unit"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Cron patterns the kinds default to: 07:00 every day, 07:00 on Mondays (in the schedule's zone). */
export const DEFAULT_REPORT_CRON: Record<ReportKind, string> = {
  daily_digest: "0 7 * * *",
  weekly_business_unit: "0 7 * * 1",
};

const HOUR_MS = 3_600_000;

/**
 * The period a run at `runAt` reports on: the local day before the run's (daily), or the seven
 * local days before it (weekly), in `timeZone`; [from, to) in epoch ms.
 */
export function reportPeriod(kind: ReportKind, runAt: number, timeZone: string): { from: number; to: number } {
  const to = startOfLocalDay(runAt, timeZone);
  let from = to;
  const days = kind === "daily_digest" ? 1 : 7;
  // Each step back lands inside the previous local day (days last 23 to 25 hours), then snaps to its start.
  for (let i = 0; i < days; i++) from = startOfLocalDay(from - 2 * HOUR_MS, timeZone);
  return { from, to };
}

/** One project's figures over a report's period. */
export interface ReportProjectLine {
  name: string;
  judgments: number;
  activeMs: number;
  goldAnswered: number;
  goldCorrect: number;
  tasksOpen: number;
  tasksDone: number;
  /** Spend in the period per currency, minor units. */
  spend: { currency: string; amountMinor: number; fractionDigits: number }[];
}

export interface ReportContent {
  kind: ReportKind;
  /** The schedule's name, e.g. "Daily digest for Mia" or "Search Ranking weekly". */
  title: string;
  /** Local dates of the period, e.g. "2026-12-01" or "2026-11-24 – 2026-11-30". */
  periodLabel: string;
  projects: readonly ReportProjectLine[];
}

/** The subject and plain text of a report (e-mail and the in-app list show the same). */
export function renderReport(content: ReportContent): { subject: string; text: string } {
  const subject = `[Quorum] ${content.title}: ${content.periodLabel}`;
  if (content.projects.length === 0)
    return { subject, text: `${content.title}, ${content.periodLabel}\n\nNo projects in this report.\n` };
  const totals = content.projects.reduce((sum, p) => sum + p.judgments, 0);
  const lines = content.projects.map((p) => {
    const hours = (p.activeMs / HOUR_MS).toFixed(1);
    const gold = p.goldAnswered > 0 ? `${Math.round((100 * p.goldCorrect) / p.goldAnswered)}%` : "n/a";
    const spend =
      p.spend.length === 0
        ? "no spend"
        : p.spend
            .map((s) => `${(s.amountMinor / 10 ** s.fractionDigits).toFixed(s.fractionDigits)} ${s.currency}`)
            .join(", ");
    return `- ${p.name}: ${countOf(p.judgments, "judgment", "judgments")}, ${hours} h active, gold ${gold}, ${countOf(p.tasksOpen, "task", "tasks")} open, ${p.tasksDone.toLocaleString("en-US")} done; ${spend}`;
  });
  return {
    subject,
    text: `${content.title}, ${content.periodLabel}\n\n${countOf(totals, "judgment", "judgments")} in ${countOf(content.projects.length, "project", "projects")}.\n\n${lines.join("\n")}\n`,
  };
}
