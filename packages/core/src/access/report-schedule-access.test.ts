import { describe, expect, it } from "vitest";
import {
  canActOnReportSchedule,
  editedReportSchedule,
  reportRecipient,
  reportScheduleRefusal,
  schedulableReportKinds,
} from "./report-schedule-access.js";

const manager = { id: 1, role: "manager" as const };
const analyst = { id: 2, role: "analyst" as const };
const reviewer = { id: 3, role: "reviewer" as const };

describe("who schedules which reports, for whom", () => {
  it("gives managers every kind, analysts and finance the weekly report, others none", () => {
    expect(schedulableReportKinds("manager")).toEqual(["daily_digest", "weekly_business_unit"]);
    expect(schedulableReportKinds("finance")).toEqual(["weekly_business_unit"]);
    expect(schedulableReportKinds("reviewer")).toEqual([]);
  });

  it("refuses a digest or another recipient to those without reports.manage, naming the field", () => {
    expect(reportScheduleRefusal(analyst, { kind: "daily_digest" })).toMatch(/^kind: /);
    expect(reportScheduleRefusal(analyst, { kind: "weekly_business_unit", recipientId: 1 })).toMatch(/^recipientId: /);
    expect(reportScheduleRefusal(analyst, { kind: "weekly_business_unit", recipientId: 2 })).toBeUndefined();
    expect(reportScheduleRefusal(manager, { kind: "daily_digest", recipientId: 7 })).toBeUndefined();
  });

  it("addresses an analyst's report to them, a manager's weekly report to nobody unless asked", () => {
    expect(reportRecipient(analyst, { kind: "weekly_business_unit" })).toBe(2);
    expect(reportRecipient(manager, { kind: "weekly_business_unit" })).toBeNull();
    expect(reportRecipient(manager, { kind: "daily_digest" })).toBe(1);
    expect(reportRecipient(manager, { kind: "weekly_business_unit", recipientId: 7 })).toBe(7);
  });

  it("lets managers act on every schedule and others only on their own", () => {
    expect(canActOnReportSchedule(manager, { createdBy: 2 })).toBe(true);
    expect(canActOnReportSchedule(analyst, { createdBy: 2 })).toBe(true);
    expect(canActOnReportSchedule(analyst, { createdBy: 1 })).toBe(false);
    expect(canActOnReportSchedule(reviewer, { createdBy: 3 })).toBe(false);
  });

  it("edits a schedule under the rules of making one: analysts keep a weekly report to themselves", () => {
    const weekly = { kind: "weekly_business_unit" as const, recipientId: 2, businessUnitId: 5 };
    expect(editedReportSchedule(analyst, weekly, {})).toEqual(weekly);
    expect(editedReportSchedule(analyst, weekly, { businessUnitId: 6 })).toMatchObject({ businessUnitId: 6 });
    expect(() => editedReportSchedule(analyst, weekly, { kind: "daily_digest" })).toThrow(/^kind: /);
    expect(() => editedReportSchedule(analyst, weekly, { recipientId: 1 })).toThrow(/^recipientId: /);
    expect(() => editedReportSchedule(analyst, weekly, { recipientId: null })).toThrow(/^recipientId: /);
  });

  it("turns a manager's weekly report into their digest (the unit goes), and a digest needs its manager", () => {
    const unaddressed = { kind: "weekly_business_unit" as const, recipientId: null, businessUnitId: 5 };
    expect(editedReportSchedule(manager, unaddressed, { kind: "daily_digest" })).toEqual({
      kind: "daily_digest",
      recipientId: 1,
      businessUnitId: null,
    });
    const digest = { kind: "daily_digest" as const, recipientId: 1, businessUnitId: null };
    expect(() => editedReportSchedule(manager, digest, { recipientId: null })).toThrow(/daily digest/);
    expect(() => editedReportSchedule(manager, digest, { kind: "weekly_business_unit" })).toThrow(/businessUnitId/);
    expect(editedReportSchedule(manager, digest, { kind: "weekly_business_unit", businessUnitId: 5 })).toEqual({
      kind: "weekly_business_unit",
      recipientId: 1,
      businessUnitId: 5,
    });
  });
});
