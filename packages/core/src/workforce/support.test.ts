import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { dayWriter } from "../time/reader-dates.js";
import {
  checkAppealDecider,
  DEFAULT_SUPPORT_POLICY,
  decideActionAppealFiling,
  decideAppealFiling,
  firstResponseDue,
  slaState,
  statusAfterMessage,
  supportPolicyOf,
} from "./support.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("support policy and SLA", () => {
  it("takes the project's fields over the workspace's over the defaults", () => {
    expect(supportPolicyOf({ firstResponseHours: 8, appealFileDays: 3 }, { firstResponseHours: 2 })).toEqual({
      firstResponseHours: 2,
      appealFileDays: 3,
      appealDecideDays: 5,
    });
    expect(supportPolicyOf(null, null)).toEqual(DEFAULT_SUPPORT_POLICY);
  });

  it("is breached when the first answer comes late or is overdue, and not before", () => {
    const dueAt = firstResponseDue(0, { ...DEFAULT_SUPPORT_POLICY, firstResponseHours: 1.5 });
    expect(dueAt).toBe(1.5 * HOUR);
    expect(slaState({ dueAt, firstResponseAt: null }, HOUR)).toEqual({ dueAt, breached: false, remainingMs: HOUR / 2 });
    expect(slaState({ dueAt, firstResponseAt: null }, 2 * HOUR).breached).toBe(true);
    expect(slaState({ dueAt, firstResponseAt: HOUR }, 10 * HOUR)).toEqual({
      dueAt,
      breached: false,
      remainingMs: null,
    });
    expect(slaState({ dueAt, firstResponseAt: 2 * HOUR }, 2 * HOUR).breached).toBe(true);
  });

  it("moves a thread between staff and the asker, and keeps a resolved one closed", () => {
    expect(statusAfterMessage("open", true)).toBe("answered");
    expect(statusAfterMessage("answered", false)).toBe("open");
    expect(() => statusAfterMessage("resolved", true)).toThrow(DomainError);
  });
});

describe("appeal filing", () => {
  const rejected = { verdict: "rejected", verdictReason: "review", verdictAt: 0, goldFeedback: true };

  it("accepts a review or gold rejection inside the window and sets the decision's due time", () => {
    expect(decideAppealFiling(rejected, DEFAULT_SUPPORT_POLICY, 7 * DAY)).toEqual({
      kind: "review",
      decideBy: 12 * DAY,
    });
    expect(decideAppealFiling({ ...rejected, verdictReason: "gold" }, DEFAULT_SUPPORT_POLICY, DAY).kind).toBe("gold");
  });

  it("refuses a late appeal with appeal_window_closed naming the judgment", () => {
    try {
      decideAppealFiling(rejected, DEFAULT_SUPPORT_POLICY, 7 * DAY + 1);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "appeal_window_closed", details: [{ path: "judgmentId" }] });
    }
  });

  it("says the day the window closed in the reader's zone and locale", () => {
    // Rejected late on December 2 (UTC): the 7-day window closes late on the 9th, the 10th in Tokyo.
    const verdictAt = Date.UTC(2026, 11, 2, 20);
    const now = verdictAt + 8 * DAY;
    const message = (writeDay?: ReturnType<typeof dayWriter>) => {
      try {
        decideAppealFiling({ ...rejected, verdictAt }, DEFAULT_SUPPORT_POLICY, now, writeDay);
      } catch (error) {
        return (error as Error).message;
      }
      return "filed";
    };
    expect(message()).toContain("this one closed on Dec 9");
    expect(message(dayWriter({ timeZone: "Asia/Tokyo", locale: "de" }, now))).toContain("this one closed on 10. Dez.");
  });

  it("refuses what is not a rejection against the person (accepted, or rejected by the aggregate)", () => {
    for (const judgment of [
      { ...rejected, verdict: "accepted" },
      { ...rejected, verdictReason: "aggregate" },
      { verdict: null, verdictReason: null, verdictAt: null, goldFeedback: true },
    ])
      expect(() => decideAppealFiling(judgment, DEFAULT_SUPPORT_POLICY, 0)).toThrow(/Only a judgment rejected/);
  });

  it("refuses a missed hidden control exactly like a judgment never rejected, so the refusal tells nothing", () => {
    const refusal = (judgment: Parameters<typeof decideAppealFiling>[0]) => {
      try {
        decideAppealFiling(judgment, DEFAULT_SUPPORT_POLICY, 0);
      } catch (error) {
        return error;
      }
      return expect.unreachable();
    };
    const hidden = refusal({ ...rejected, verdictReason: "gold", goldFeedback: false });
    expect(hidden).toEqual(refusal({ ...rejected, verdict: "accepted" }));
    expect(hidden).toMatchObject({ code: "conflict", details: [{ path: "judgmentId" }] });
    // A review's rejection stays appealable whatever the gold feedback.
    expect(decideAppealFiling({ ...rejected, goldFeedback: false }, DEFAULT_SUPPORT_POLICY, 0).kind).toBe("review");
  });
});

describe("appeal of an automatic action", () => {
  const paused = { action: "pause", actorId: null, createdAt: 0, reversedAt: null };

  it("accepts an automatic pause, retraining or flag in force inside the window", () => {
    for (const action of ["pause", "retrain", "flag"])
      expect(decideActionAppealFiling({ ...paused, action }, DEFAULT_SUPPORT_POLICY, 7 * DAY)).toEqual({
        kind: "action",
        decideBy: 12 * DAY,
      });
  });

  it("refuses a manager's action, a reversed one or an exam pass (conflict), and a late one, naming qualityActionId", () => {
    for (const action of [
      { ...paused, actorId: 4 },
      { ...paused, reversedAt: 1 },
      { ...paused, action: "exam_passed" },
    ])
      expect(() => decideActionAppealFiling(action, DEFAULT_SUPPORT_POLICY, 0)).toThrow(
        expect.objectContaining({ code: "conflict", details: [expect.objectContaining({ path: "qualityActionId" })] }),
      );
    expect(() => decideActionAppealFiling(paused, DEFAULT_SUPPORT_POLICY, 7 * DAY + 1)).toThrow(
      expect.objectContaining({
        code: "appeal_window_closed",
        message: expect.stringContaining("within 7 days of the action"),
        details: [expect.objectContaining({ path: "qualityActionId" })],
      }),
    );
  });
});

describe("who decides an appeal", () => {
  const reviewer = { id: 7, role: "reviewer" as const };
  const admin = { id: 1, role: "admin" as const };

  it("refuses the appellant and the person whose rejection is contested", () => {
    expect(() =>
      checkAppealDecider({ decider: reviewer, appellantId: 7, rejectedBy: null, anotherDecider: true }),
    ).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() =>
      checkAppealDecider({ decider: reviewer, appellantId: 3, rejectedBy: 7, anotherDecider: false }),
    ).toThrow(
      expect.objectContaining({ code: "appeal_own_rejection", message: expect.stringContaining("You rejected") }),
    );
    expect(() => checkAppealDecider({ decider: admin, appellantId: 3, rejectedBy: 1, anotherDecider: true })).toThrow(
      expect.objectContaining({ code: "appeal_own_rejection" }),
    );
  });

  it("lets anyone else decide, and an admin their own rejection only when nobody else could", () => {
    expect(checkAppealDecider({ decider: reviewer, appellantId: 3, rejectedBy: 8, anotherDecider: true })).toEqual({
      soleDecider: false,
    });
    expect(checkAppealDecider({ decider: reviewer, appellantId: 3, rejectedBy: null, anotherDecider: true })).toEqual({
      soleDecider: false,
    });
    expect(checkAppealDecider({ decider: admin, appellantId: 3, rejectedBy: 1, anotherDecider: false })).toEqual({
      soleDecider: true,
    });
    const manager = { id: 2, role: "manager" as const };
    expect(() =>
      checkAppealDecider({ decider: manager, appellantId: 3, rejectedBy: 2, anotherDecider: false }),
    ).toThrow(expect.objectContaining({ code: "appeal_own_rejection" }));
  });
});
