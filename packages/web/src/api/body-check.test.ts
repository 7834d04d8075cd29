import type { ImportRefusal, JudgmentResponse, LeaseResponse, UserResponse } from "@quorum/server";
import { describe, expect, it } from "vitest";
import {
  checkBody,
  importRefusalCheck,
  isErrorBody,
  judgmentResponseCheck,
  leaseResponseCheck,
  passes,
  userResponseCheck,
} from "./body-check.js";

// Typed as the server's bodies, so these stay what the server sends.
const lease: LeaseResponse = {
  assignment: {
    id: 7,
    projectId: 1,
    task: { id: 40, data: { text: "great phone" } },
    createdAt: "2026-01-01T10:00:00.000Z",
    expiresAt: "2026-01-01T10:10:00.000Z",
    guidelineVersion: 2,
    toolVariant: "standard",
  },
};
const user: UserResponse = {
  user: {
    id: 3,
    email: "ana@example.com",
    name: "Ana",
    role: "annotator",
    languages: ["en"],
    languageLevels: {},
    skills: {},
    vendor: null,
    region: null,
    timeZone: null,
    status: "active",
    tier: "trainee",
    passwordChangeRequired: false,
    createdAt: "2026-01-01T10:00:00.000Z",
  },
};
const judgment: JudgmentResponse = {
  judgment: {
    id: 9,
    assignmentId: 7,
    taskId: 40,
    value: "positive",
    activeMs: 2100,
    guidelineVersion: 2,
    createdAt: "2026-01-01T10:01:00.000Z",
  },
  gold: { correct: false, answer: "negative", explanation: "Sarcasm" },
};

describe("response body checks", () => {
  it("accept the server's bodies", () => {
    expect(checkBody(leaseResponseCheck, lease)).toBeUndefined();
    expect(checkBody(userResponseCheck, user)).toBeUndefined();
    expect(checkBody(judgmentResponseCheck, judgment)).toBeUndefined();
    expect(checkBody(judgmentResponseCheck, { judgment: judgment.judgment })).toBeUndefined();
  });

  it("name where a body differs from what the page branches on", () => {
    const { task: _task, ...noTask } = lease.assignment;
    expect(checkBody(leaseResponseCheck, { assignment: noTask })).toBe("assignment.task");
    expect(checkBody(userResponseCheck, { user: { ...user.user, role: "owner" } })).toBe("user.role");
    expect(checkBody(judgmentResponseCheck, { ...judgment, gold: { correct: "yes" } })).toBe("gold.correct");
    expect(checkBody(leaseResponseCheck, "<html>")).toBe("the body");
  });

  it("tell the error envelope and an import's problems from other bodies", () => {
    const refusal: ImportRefusal = {
      error: { code: "invalid_input", message: "The file has problems", details: [] },
      imported: 0,
      errors: [{ line: 3, path: "data", message: "is required" }],
    };
    expect(isErrorBody(refusal)).toBe(true);
    expect(passes(importRefusalCheck, refusal)).toBe(true);
    expect(isErrorBody({ error: "Bad gateway" })).toBe(false);
    expect(passes(importRefusalCheck, { error: refusal.error })).toBe(false);
  });
});
