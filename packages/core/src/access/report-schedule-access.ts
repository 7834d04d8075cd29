import { REPORT_KINDS, type ReportKind } from "../reports/scheduled-report.js";
import { can, type Role } from "../roles.js";

type Actor = { id: number; role: Role };

/**
 * The report kinds `role` may schedule: every kind with reports.manage; with reports.schedule only
 * a business unit's weekly report, since a daily digest covers the projects its recipient created
 * (an analyst's or finance's would be empty).
 */
export function schedulableReportKinds(role: Role): readonly ReportKind[] {
  if (can(role, "reports.manage")) return REPORT_KINDS;
  return can(role, "reports.schedule") ? ["weekly_business_unit"] : [];
}

/**
 * Why `actor` may not schedule a report of `kind` for `recipientId`, naming the field; undefined
 * when they may. Without reports.manage a report is addressed to oneself only.
 */
export function reportScheduleRefusal(
  actor: Actor,
  request: { kind: ReportKind; recipientId?: number | undefined },
): string | undefined {
  if (!schedulableReportKinds(actor.role).includes(request.kind))
    return "kind: a daily digest covers the projects its recipient created; schedule a business unit's weekly report instead";
  if (!can(actor.role, "reports.manage") && request.recipientId !== undefined && request.recipientId !== actor.id)
    return "recipientId: your role schedules reports addressed to yourself only";
  return undefined;
}

/**
 * Whom a new schedule is addressed to: the one asked for, else the scheduler for a daily digest or
 * for anyone without reports.manage (so their runs land in their own list); else nobody (a
 * manager's weekly report goes to its e-mail addresses).
 */
export function reportRecipient(
  actor: Actor,
  request: { kind: ReportKind; recipientId?: number | undefined },
): number | null {
  if (request.recipientId !== undefined) return request.recipientId;
  return request.kind === "daily_digest" || !can(actor.role, "reports.manage") ? actor.id : null;
}

/** Whether `actor` may run, read or delete a schedule: every one with reports.manage, else their own. */
export function canActOnReportSchedule(actor: Actor, schedule: { createdBy: number | null }): boolean {
  return can(actor.role, "reports.manage") || (can(actor.role, "reports.schedule") && schedule.createdBy === actor.id);
}
