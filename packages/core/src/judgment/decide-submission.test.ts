import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { parseLabelSchema } from "../label-schema.js";
import { DEFAULT_GOLD_POLICY } from "../policy/quality-policy.js";
import { decideSubmission, type SubmissionState } from "./decide-submission.js";
import { MAX_ACTIVE_MS } from "./judgment.js";

const schema = parseLabelSchema({ type: "single_choice", options: [{ value: "cat" }, { value: "dog" }] });
const now = 1_800_000_000_000;
const lease = { id: 7, annotatorId: 3, status: "active" as const, expiresAt: now + 60_000, servedAs: null };
const task = { data: { text: "a picture" }, gold: null, goldExplanation: null };
const goldFeedback = DEFAULT_GOLD_POLICY.feedback;
const state: SubmissionState = { lease, previous: undefined, task, schema, goldFeedback };
const submission = { annotatorId: 3, value: "cat", activeMs: 4_000, clientKey: "k1", now };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe("decideSubmission", () => {
  it("stores a valid answer in an active lease, with the active time as given", () => {
    expect(decideSubmission(state, submission)).toEqual({
      kind: "store",
      value: "cat",
      goldCorrect: null,
      activeMs: 4_000,
    });
  });

  it("caps the active time of a tab left open and never counts it below zero", () => {
    const long = decideSubmission(state, { ...submission, activeMs: 10 * MAX_ACTIVE_MS });
    expect(long).toMatchObject({ kind: "store", activeMs: MAX_ACTIVE_MS });
    expect(decideSubmission(state, { ...submission, activeMs: -5 })).toMatchObject({ activeMs: 0 });
  });

  it("scores an onboarding control and tells the annotator the answer and why", () => {
    const onboarding = { ...lease, servedAs: "onboarding" as const };
    const gold = { ...state, lease: onboarding, task: { ...task, gold: "dog", goldExplanation: "ears" } };
    expect(decideSubmission(gold, submission)).toEqual({
      kind: "store",
      value: "cat",
      goldCorrect: false,
      activeMs: 4_000,
      gold: { correct: false, answer: "dog", explanation: "ears" },
    });
    expect(decideSubmission(gold, { ...submission, value: "dog" })).toMatchObject({
      goldCorrect: true,
      gold: { correct: true },
    });
  });

  it("scores a hidden control without telling anything unless the policy gives feedback on hidden controls", () => {
    const gold = { ...state, task: { ...task, gold: "dog", goldExplanation: "ears" } };
    for (const servedAs of ["hidden", null] as const) {
      const hidden = { ...gold, lease: { ...lease, servedAs } };
      expect(decideSubmission(hidden, submission)).toEqual({
        kind: "store",
        value: "cat",
        goldCorrect: false,
        activeMs: 4_000,
      });
      expect(
        decideSubmission({ ...hidden, goldFeedback: { onboarding: true, hidden: true } }, submission),
      ).toMatchObject({ gold: { correct: false, answer: "dog", explanation: "ears" } });
    }
    const training = { ...gold, lease: { ...lease, servedAs: "training" as const } };
    expect(decideSubmission(training, submission)).toMatchObject({ gold: { correct: false } });
    expect(
      decideSubmission({ ...training, goldFeedback: { onboarding: false, hidden: true } }, submission),
    ).not.toHaveProperty("gold");
  });

  it("replays the judgment of a clientKey already used in this lease, whatever the lease's state", () => {
    const previous = { assignmentId: 7, value: "dog" };
    const replayed = { ...state, lease: { ...lease, status: "submitted" as const, expiresAt: now - 1 }, previous };
    expect(decideSubmission(replayed, submission)).toEqual({ kind: "replay", judgment: previous });
    const gold = { ...replayed, task: { ...task, gold: "dog", goldExplanation: null } };
    expect(decideSubmission(gold, submission)).toEqual({ kind: "replay", judgment: previous });
    const onboarding = { ...gold, lease: { ...gold.lease, servedAs: "onboarding" as const } };
    expect(decideSubmission(onboarding, submission)).toEqual({
      kind: "replay",
      judgment: previous,
      gold: { correct: true, answer: "dog", explanation: null },
    });
  });

  it("refuses a clientKey used for another lease", () => {
    const previous = { assignmentId: 6, value: "dog" };
    expect(codeOf(() => decideSubmission({ ...state, previous }, submission))).toBe("client_key_reused");
  });

  it("refuses a second answer to a lease, and answers to ended leases", () => {
    const as = (status: "submitted" | "expired" | "skipped" | "released") => ({
      ...state,
      lease: { ...lease, status },
    });
    expect(codeOf(() => decideSubmission(as("submitted"), submission))).toBe("already_submitted");
    expect(codeOf(() => decideSubmission(as("expired"), submission))).toBe("lease_expired");
    expect(codeOf(() => decideSubmission(as("skipped"), submission))).toBe("assignment_closed");
    expect(codeOf(() => decideSubmission(as("released"), submission))).toBe("assignment_closed");
  });

  it("expires a lease whose time ran out, however good the answer", () => {
    const late = { ...submission, now: lease.expiresAt };
    expect(decideSubmission(state, late)).toEqual({ kind: "expire", expiredAt: lease.expiresAt });
    expect(decideSubmission(state, { ...late, value: "not an option" })).toEqual({
      kind: "expire",
      expiredAt: lease.expiresAt,
    });
  });

  it("does not let anyone else answer a lease, nor see that it exists", () => {
    expect(codeOf(() => decideSubmission(state, { ...submission, annotatorId: 4 }))).toBe("not_found");
  });

  it("names the field of an answer that does not fit the schema", () => {
    try {
      decideSubmission(state, { ...submission, value: "horse" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("invalid_input");
      expect((error as DomainError).details[0]?.path).toBe("value");
    }
  });
});
