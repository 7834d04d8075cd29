import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { type PriorTaskState, UNDO_WINDOW_MS, type UndoInput, undoVerdict } from "./undo-verdict.js";

const decidedAt = 1_800_000_000_000;
const prior: PriorTaskState = {
  required: 3,
  judgmentCount: 3,
  slotsTaken: 3,
  aggregate: { value: "dog", method: "online-ds" },
  confidence: 0.7,
  updatedAt: decidedAt - 5000,
};

const input = (overrides: Partial<UndoInput> = {}): UndoInput => ({
  item: { status: "rejected", reviewerId: 7, reviewedAt: decidedAt },
  requesterId: 7,
  decidedSince: false,
  now: decidedAt + 10_000,
  task: { judgmentCount: 3, slotsTaken: 3, aggregate: prior.aggregate },
  prior,
  ...overrides,
});

function messageOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === "undo_unavailable") return error.message;
    throw error;
  }
  return undefined;
}

describe("undoVerdict", () => {
  it("puts a rejected task back to what it needed before, while nobody has taken it", () => {
    expect(undoVerdict(input())).toEqual({
      kind: "restore_required",
      required: 3,
      updatedAt: prior.updatedAt,
      judgmentCount: 3,
      slotsTaken: 3,
    });
  });

  it("gives a corrected task its earlier label back while the label is still the reviewer's", () => {
    const change = undoVerdict(
      input({
        item: { status: "corrected", reviewerId: 7, reviewedAt: decidedAt },
        task: { judgmentCount: 3, slotsTaken: 3, aggregate: { value: "cat", method: "review" } },
      }),
    );
    expect(change).toEqual({
      kind: "restore_label",
      aggregate: prior.aggregate,
      confidence: 0.7,
      updatedAt: prior.updatedAt,
    });
  });

  it("leaves an accepted task as it is", () => {
    expect(undoVerdict(input({ item: { status: "accepted", reviewerId: 7, reviewedAt: decidedAt } }))).toEqual({
      kind: "keep",
    });
  });

  it("refuses after the window, after another verdict, for someone else, or on a pending item", () => {
    expect(messageOf(() => undoVerdict(input({ now: decidedAt + UNDO_WINDOW_MS })))).toBeUndefined();
    expect(messageOf(() => undoVerdict(input({ now: decidedAt + UNDO_WINDOW_MS + 1 })))).toMatch(/2 minutes/);
    expect(messageOf(() => undoVerdict(input({ decidedSince: true })))).toMatch(/most recent/);
    expect(messageOf(() => undoVerdict(input({ requesterId: 8 })))).toMatch(/reviewer who gave/);
    expect(
      messageOf(() => undoVerdict(input({ item: { status: "pending", reviewerId: 7, reviewedAt: null } }))),
    ).toMatch(/no verdict/);
  });

  it("lets a rejection stand once an annotator has leased or answered the reopened task", () => {
    expect(messageOf(() => undoVerdict(input({ task: { judgmentCount: 3, slotsTaken: 4, aggregate: null } })))).toMatch(
      /already taken/,
    );
    expect(messageOf(() => undoVerdict(input({ task: { judgmentCount: 4, slotsTaken: 4, aggregate: null } })))).toMatch(
      /already taken/,
    );
  });

  it("lets a correction stand once something else relabelled the task", () => {
    const relabelled = input({
      item: { status: "corrected", reviewerId: 7, reviewedAt: decidedAt },
      task: { judgmentCount: 3, slotsTaken: 3, aggregate: { value: "cat", method: "dawid-skene" } },
    });
    expect(messageOf(() => undoVerdict(relabelled))).toMatch(/label has changed/);
  });

  it("cannot reverse a rejection or correction recorded without the task's earlier state", () => {
    expect(messageOf(() => undoVerdict(input({ prior: null })))).toMatch(/without what it changed/);
  });
});
