import { forbidden, invalidInput } from "../errors.js";
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
  request: { kind: ReportKind; recipientId?: number | null | undefined },
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

/** A schedule's fields an edit may change; each absent one is kept. */
export interface ReportScheduleEdit {
  kind?: ReportKind | undefined;
  recipientId?: number | null | undefined;
  businessUnitId?: number | undefined;
}

/**
 * The kind, recipient and business unit of `schedule` once `edit` is applied, under the rules of
 * scheduling one: without reports.manage only a business unit's weekly report addressed to oneself
 * (forbidden, naming `kind` or `recipientId`); a weekly report needs its unit and a daily digest
 * its manager (invalid input naming the field). A digest made from a weekly report without a
 * recipient goes to the editor, as a new one would.
 */
export function editedReportSchedule(
  actor: Actor,
  schedule: { kind: ReportKind; recipientId: number | null; businessUnitId: number | null },
  edit: ReportScheduleEdit,
): { kind: ReportKind; recipientId: number | null; businessUnitId: number | null } {
  const kind = edit.kind ?? schedule.kind;
  const refusal = reportScheduleRefusal(actor, { kind, recipientId: edit.recipientId });
  if (refusal) throw forbidden(refusal);
  let recipientId = edit.recipientId === undefined ? schedule.recipientId : edit.recipientId;
  if (kind === "daily_digest" && recipientId === null) {
    if (edit.recipientId === null)
      throw invalidInput("A daily digest is for a manager", [{ path: "recipientId", message: "required" }]);
    recipientId = actor.id;
  }
  const businessUnitId = kind === "weekly_business_unit" ? (edit.businessUnitId ?? schedule.businessUnitId) : null;
  if (kind === "weekly_business_unit" && businessUnitId === null)
    throw invalidInput("A weekly business unit report needs businessUnitId", [
      { path: "businessUnitId", message: "required" },
    ]);
  return { kind, recipientId, businessUnitId };
}
