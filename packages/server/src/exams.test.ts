import { ROLES, type Role } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DAY = 86_400_000;
const EXAM = {
  name: "Sentiment basics",
  skill: "sentiment",
  level: 2,
  p0: 0.7,
  p1: 0.9,
  alpha: 0.05,
  beta: 0.05,
  maxItems: 40,
};
const GUIDE = "# Polarity\nJudge the writer's feeling.\n## Sarcasm\nSarcastic praise is negative.";
const OPTIONS = ["pos", "neg"];

describe.each(targets)("exams and training over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let sessions: Record<Role, TestSession>;
  let projectId = 0;
  /** The gold answer of each gold task, by the text in its data. */
  const goldByText = new Map<string, string>();

  beforeAll(async () => {
    t = await openTestApp(target);
    sessions = await signInEveryRole(t);
    const lines = Array.from({ length: 24 }, (_, i) => {
      const answer = OPTIONS[i % 2]!;
      goldByText.set(`gold ${i}`, answer);
      return JSON.stringify({ data: { text: `gold ${i}` }, gold: answer, goldExplanation: "SECRET-WHY" });
    });
    lines.push(JSON.stringify({ data: { text: "plain" } }));
    projectId = (
      await createProjectWithTasks(
        t,
        {
          name: "Sentiment",
          schema: { type: "single_choice", options: OPTIONS },
          guidelines: GUIDE,
          requirements: { languages: ["en"], skills: { sentiment: 2 } },
        },
        lines,
      )
    ).id;
  });
  afterAll(() => t.close());

  const right = (data: { text: string }) => goldByText.get(data.text)!;
  const wrong = (data: { text: string }) => OPTIONS.find((o) => o !== goldByText.get(data.text))!;

  async function createExam(body: Record<string, unknown> = {}) {
    const created = await t.call("POST", "/exams", { cookie: t.admin, body: { ...EXAM, projectId, ...body } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual(["id"]);
    return created.json.id as number;
  }

  /** Starts an attempt and answers until decided; returns each answer's reply. */
  async function take(cookie: string, examId: number, answer: (data: { text: string }, i: number) => string) {
    const started = await t.call("POST", `/exams/${examId}/attempts`, { cookie });
    expect(started.status).toBe(201);
    expect(started.json).toEqual({ attempt: { id: expect.any(Number), status: "in_progress" } });
    const attemptId = started.json.attempt.id as number;
    const replies: { status: string; feedback?: unknown }[] = [];
    for (let i = 0; ; i++) {
      const next = await t.call("POST", `/exam-attempts/${attemptId}/next`, { cookie });
      if (next.status === 204) break;
      expect(next.status).toBe(200);
      expect(Object.keys(next.json)).toEqual(["item"]);
      expect(Object.keys(next.json.item).sort()).toEqual(["data", "id"]);
      expect(next.text).not.toContain("SECRET-WHY");
      const answered = await t.call("POST", `/exam-attempts/${attemptId}/answers`, {
        cookie,
        body: { itemId: next.json.item.id, value: answer(next.json.item.data, i) },
      });
      expect(answered.status).toBe(200);
      replies.push(answered.json);
    }
    return { attemptId, replies };
  }

  it("passes a flawless annotator after 12 answers; the skill appears in /users/me and opens the project", async () => {
    const examId = await createExam();
    const ana = await t.userSession("annotator", { languages: ["en"] }, "ana");
    // Without the skill the project is not theirs yet, but its exam is.
    expect((await t.call("GET", `/projects/${projectId}`, { cookie: ana.cookie })).status).toBe(404);
    const listed = await t.call("GET", "/exams", { cookie: ana.cookie });
    expect(listed.json.exams.find((e: { id: number }) => e.id === examId)).toMatchObject({
      projectName: "Sentiment",
      answersToPass: 12,
      lastAttempt: null,
      holds: false,
      required: true,
    });
    const detail = await t.call("GET", `/exams/${examId}`, { cookie: ana.cookie });
    expect(detail.json.project).toEqual({
      id: projectId,
      name: "Sentiment",
      schema: {
        type: "single_choice",
        options: [
          { value: "pos", label: "pos" },
          { value: "neg", label: "neg" },
        ],
      },
      sensitive: false,
    });

    const { attemptId, replies } = await take(ana.cookie, examId, right);
    expect(replies).toEqual([...Array(11).fill({ status: "in_progress" }), { status: "passed" }]);
    const attempt = await t.call("GET", `/exam-attempts/${attemptId}`, { cookie: ana.cookie });
    expect(attempt.json.attempt).toMatchObject({ status: "passed", answered: 12, correct: 12, length: 24 });

    const me = await t.call("GET", "/users/me", { cookie: ana.cookie });
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ id: ana.id, email: ana.email, role: "annotator", languages: ["en"] });
    expect(me.json.skills).toEqual([
      {
        skill: "sentiment",
        level: 2,
        state: "active",
        grantedAt: new Date(t.clock.now).toISOString(),
        expiresAt: new Date(t.clock.now + 180 * DAY).toISOString(),
        idleAt: new Date(t.clock.now + 90 * DAY).toISOString(),
      },
    ]);
    expect((await t.call("GET", `/projects/${projectId}`, { cookie: ana.cookie })).status).toBe(200);
    const projects = await t.call("GET", "/projects", { cookie: ana.cookie });
    expect(projects.json.projects.map((p: { id: number }) => p.id)).toContain(projectId);
    const lease = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: ana.cookie });
    expect(lease.status).toBe(200);
  });

  it("fails an annotator who misses the first 3 and makes them wait the retry delay", async () => {
    const examId = await createExam({ retryDelayMs: 2 * DAY });
    const bo = await t.userSession("annotator", { languages: ["en"] }, "bo");
    const { replies } = await take(bo.cookie, examId, wrong);
    expect(replies.map((r) => r.status)).toEqual(["in_progress", "in_progress", "failed"]);
    const again = await t.call("POST", `/exams/${examId}/attempts`, { cookie: bo.cookie });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("exam_retry_wait");
    expect(again.json.error.details[0]).toEqual({
      path: "retryAt",
      message: new Date(t.clock.now + 2 * DAY).toISOString(),
    });
    const listed = await t.call("GET", "/exams", { cookie: bo.cookie });
    expect(listed.json.exams.find((e: { id: number }) => e.id === examId)).toMatchObject({
      lastAttempt: { status: "failed" },
      retryAt: new Date(t.clock.now + 2 * DAY).toISOString(),
    });
    const me = await t.call("GET", "/users/me", { cookie: bo.cookie });
    expect(me.json.skills).toEqual([]);
  });

  it("gives feedback only when the exam says so, and refuses bad answers with the field named", async () => {
    const examId = await createExam({ feedback: true });
    const cy = await t.userSession("annotator", { languages: ["en"] }, "cy");
    const other = await t.userSession("annotator", { languages: ["en"] }, "cy2");
    const started = await t.call("POST", `/exams/${examId}/attempts`, { cookie: cy.cookie });
    const attemptId = started.json.attempt.id;
    const resumed = await t.call("POST", `/exams/${examId}/attempts`, { cookie: cy.cookie });
    expect(resumed.status).toBe(200);
    expect(resumed.json.attempt.id).toBe(attemptId);

    const item = (await t.call("POST", `/exam-attempts/${attemptId}/next`, { cookie: cy.cookie })).json.item;
    const answer = (body: unknown, cookie = cy.cookie) =>
      t.call("POST", `/exam-attempts/${attemptId}/answers`, { cookie, body });
    const offSchema = await answer({ itemId: item.id, value: "meh" });
    expect(offSchema.status).toBe(400);
    expect(offSchema.json.error.details[0].path).toBe("value");
    const unserved = await answer({ itemId: item.id + 100_000, value: "pos" });
    expect(unserved.status).toBe(400);
    expect(unserved.json.error.details[0].path).toBe("itemId");
    expect((await answer({ itemId: item.id, value: right(item.data) }, other.cookie)).status).toBe(404);
    expect((await t.call("POST", `/exam-attempts/${attemptId}/next`, { cookie: other.cookie })).status).toBe(404);
    expect((await t.call("GET", `/exam-attempts/${attemptId}`, { cookie: other.cookie })).status).toBe(404);

    const first = await answer({ itemId: item.id, value: wrong(item.data) });
    expect(first.json).toEqual({
      status: "in_progress",
      feedback: { correct: false, answer: right(item.data), explanation: "SECRET-WHY" },
    });
    expect((await answer({ itemId: item.id, value: wrong(item.data) })).json).toEqual(first.json);
    const changed = await answer({ itemId: item.id, value: right(item.data) });
    expect(changed.status).toBe(409);
    expect(changed.json.error.code).toBe("already_submitted");
  });

  it("checks the exam's settings and the project's gold, naming the field", async () => {
    const low = await t.call("POST", "/exams", { cookie: t.admin, body: { ...EXAM, projectId, p1: 0.6 } });
    expect(low.status).toBe(400);
    expect(low.json.error.details[0].path).toBe("p1");
    const thin = await t.call("POST", "/exams", { cookie: t.admin, body: { ...EXAM, projectId, alpha: 0.001 } });
    expect(thin.status).toBe(400);
    expect(thin.json.error.details[0].path).toBe("projectId");
    // α = 0.001: pass at ln(0.95/0.001) = 6.856, i.e. 6.856 / 0.2513 = 27.3, so 28 straight right answers.
    expect(thin.json.error.message).toContain("needs at least 28");
    const missing = await t.call("POST", "/exams", { cookie: t.admin, body: { ...EXAM, projectId: 99_999 } });
    expect(missing.status).toBe(404);
  });

  it("takes the documented test when it is left out: p0 0.7, p1 0.9, α = β = 0.05, at most 40 items", async () => {
    const created = await t.call("POST", "/exams", {
      cookie: t.admin,
      body: { name: "Defaults", skill: "sentiment", level: 1, projectId },
    });
    expect(created.status).toBe(201);
    const exam = await t.call("GET", `/exams/${created.json.id}`, { cookie: t.admin });
    expect(exam.json.exam).toMatchObject({ p0: 0.7, p1: 0.9, alpha: 0.05, beta: 0.05, maxItems: 40 });
    const stricter = await t.call("POST", "/exams", {
      cookie: t.admin,
      body: { name: "Stricter", skill: "sentiment", level: 1, projectId, p0: 0.8, p1: 0.95 },
    });
    expect(stricter.status).toBe(201);
    const kept = await t.call("GET", `/exams/${stricter.json.id}`, { cookie: t.admin });
    expect(kept.json.exam).toMatchObject({ p0: 0.8, p1: 0.95, alpha: 0.05, beta: 0.05, maxItems: 40 });
    const above = await t.call("POST", "/exams", {
      cookie: t.admin,
      body: { name: "Above", skill: "sentiment", level: 1, projectId, p0: 0.95 },
    });
    expect(above.status).toBe(400);
    expect(above.json.error.details[0].path).toBe("p1");
  });

  it("ends retraining on a pass, logged as an automatic action a manager can reverse", async () => {
    const examId = await createExam();
    const di = await t.userSession("annotator", { languages: ["en"], skills: { sentiment: 2 } }, "di");
    const set = await t.call("POST", `/projects/${projectId}/annotators/${di.id}/status`, {
      cookie: t.admin,
      body: { status: "retrain", reason: "too many misses" },
    });
    expect(set.status).toBe(204);
    const listed = await t.call("GET", "/exams", { cookie: di.cookie });
    expect(listed.json.exams.find((e: { id: number }) => e.id === examId)).toMatchObject({
      retraining: true,
      required: false,
    });
    await take(di.cookie, examId, right);
    const actions = await t.call("GET", `/projects/${projectId}/quality/actions`, { cookie: t.admin });
    const mine = actions.json.actions.filter((a: { annotatorId: number }) => a.annotatorId === di.id);
    expect(mine.map((a: { action: string; automatic: boolean }) => [a.action, a.automatic])).toEqual([
      ["exam_passed", true],
      ["retrain", false],
    ]);
    const statusOf = async () =>
      (await t.call("GET", `/projects/${projectId}/quality`, { cookie: t.admin })).json.annotators.find(
        (a: { id: number }) => a.id === di.id,
      ).status;
    expect(await statusOf()).toBe("ok");
    const reversed = await t.call("POST", `/projects/${projectId}/quality/actions/${mine[0].id}/reverse`, {
      cookie: t.admin,
    });
    expect(reversed.status).toBe(204);
    expect(await statusOf()).toBe("retrain");
  });

  it("lets a manager mark a guideline version as requiring re-certification", async () => {
    const path = `/projects/${projectId}/guidelines/1`;
    const marked = await t.call("PATCH", path, { cookie: t.admin, body: { requiresRecertification: true } });
    expect(marked.json).toEqual({ version: 1, requiresRecertification: true });
    expect(
      (
        await t.call("PATCH", `/projects/${projectId}/guidelines/7`, {
          cookie: t.admin,
          body: { requiresRecertification: true },
        })
      ).status,
    ).toBe(404);
    const bad = await t.call("PATCH", path, { cookie: t.admin, body: { requiresRecertification: "yes" } });
    expect(bad.json.error.details[0].path).toBe("requiresRecertification");
    const cleared = await t.call("PATCH", path, { cookie: t.admin, body: { requiresRecertification: false } });
    expect(cleared.status).toBe(200);
  });

  it("builds a training module from a guideline section; the annotator sees the hint after answering", async () => {
    const tasks = await t.call("GET", `/projects/${projectId}/tasks?limit=200`, { cookie: t.admin });
    const practice = tasks.json.tasks.filter((x: { gold: unknown }) => x.gold !== null).slice(-2);
    const noSection = await t.call("POST", "/training-modules", {
      cookie: t.admin,
      body: { projectId, title: "Sarcasm", section: "Irony", items: [{ taskId: practice[0].id, hint: "h" }] },
    });
    expect(noSection.status).toBe(400);
    expect(noSection.json.error.message).toContain('"Sarcasm"');
    const created = await t.call("POST", "/training-modules", {
      cookie: t.admin,
      body: {
        projectId,
        title: "Sarcasm",
        section: "Sarcasm",
        items: practice.map((p: { id: number }) => ({ taskId: p.id, hint: "Praise with a sneer is negative." })),
      },
    });
    expect(created.status).toBe(201);
    const moduleId = created.json.id;
    const ed = await t.userSession("annotator", { languages: ["en"] }, "ed");
    const list = await t.call("GET", "/training-modules", { cookie: ed.cookie });
    expect(list.json.modules).toEqual([expect.objectContaining({ id: moduleId, itemCount: 2, answered: 0 })]);
    const read = await t.call("GET", `/training-modules/${moduleId}`, { cookie: ed.cookie });
    expect(read.json.module.body).toBe("## Sarcasm\nSarcastic praise is negative.");
    expect(read.text).not.toContain("sneer");
    expect(read.text).not.toContain("SECRET-WHY");
    const item = read.json.module.items[0];
    const answered = await t.call("POST", `/training-modules/${moduleId}/answers`, {
      cookie: ed.cookie,
      body: { itemId: item.id, value: right(item.data) },
    });
    expect(answered.json).toEqual({
      correct: true,
      answer: right(item.data),
      explanation: "SECRET-WHY",
      hint: "Praise with a sneer is negative.",
    });
    const after = await t.call("GET", `/training-modules/${moduleId}`, { cookie: ed.cookie });
    expect(after.json.module.items[0]).toMatchObject({
      hint: "Praise with a sneer is negative.",
      yours: { correct: true },
    });
  });

  it("gives each role only what it may do and see", async () => {
    const examId = await createExam();
    const acme = await t.userSession("annotator", { languages: ["en"], vendor: "Acme" }, "acme");
    const solo = await t.userSession("annotator", { languages: ["en"] }, "solo");
    await take(acme.cookie, examId, right);
    await take(solo.cookie, examId, wrong);
    const attempts = (role: Role) => t.call("GET", `/exams/${examId}/attempts`, { cookie: sessions[role].cookie });
    for (const role of ["admin", "manager", "analyst", "reviewer"] as const)
      expect((await attempts(role)).json.attempts).toHaveLength(2);
    const lead = await attempts("vendor_lead");
    expect(lead.json.attempts.map((a: { annotatorName: string }) => a.annotatorName)).toEqual([`annotator acme`]);
    expect((await attempts("annotator")).status).toBe(403);
    const soloAttempt = (await t.call("GET", `/exams/${examId}/attempts`, { cookie: t.admin })).json.attempts.find(
      (a: { annotatorId: number }) => a.annotatorId === solo.id,
    );
    expect(soloAttempt.activeMs).toBe(0);
    expect(
      (await t.call("GET", `/exam-attempts/${soloAttempt.id}`, { cookie: sessions.vendor_lead.cookie })).status,
    ).toBe(404);
    expect((await t.call("GET", `/exam-attempts/${soloAttempt.id}`, { cookie: sessions.analyst.cookie })).status).toBe(
      200,
    );

    const newExam = { ...EXAM, projectId };
    for (const role of ROLES) {
      const created = await t.call("POST", "/exams", { cookie: sessions[role].cookie, body: newExam });
      expect(created.status, role).toBe(role === "admin" || role === "manager" ? 201 : 403);
      const started = await t.call("POST", `/exams/${examId}/attempts`, { cookie: sessions[role].cookie });
      expect(started.status, role).toBe(role === "annotator" ? 201 : 403);
      const listed = await t.call("GET", "/exams", { cookie: sessions[role].cookie });
      expect(listed.status).toBe(200);
      const me = await t.call("GET", "/users/me", { cookie: sessions[role].cookie });
      expect(me.json.user.role).toBe(role);
    }
    expect((await t.call("GET", "/users/me")).status).toBe(401);
    const flag = (role: Role) =>
      t.call("PATCH", `/projects/${projectId}/guidelines/1`, {
        cookie: sessions[role].cookie,
        body: { requiresRecertification: false },
      });
    for (const role of ROLES)
      expect((await flag(role)).status, role).toBe(role === "admin" || role === "manager" ? 200 : 403);
    const training = (role: Role) =>
      t.call("POST", "/training-modules", {
        cookie: sessions[role].cookie,
        body: { projectId, title: "x", section: "Polarity", items: [{ taskId: 1, hint: "h" }] },
      });
    for (const role of ["reviewer", "annotator", "vendor_lead", "analyst"] as const)
      expect((await training(role)).status, role).toBe(403);
  });

  it("hides exams of a project in a language the annotator does not speak", async () => {
    const examId = await createExam();
    const fr = await t.userSession("annotator", { languages: ["fr"] }, "fr");
    expect((await t.call("GET", `/exams/${examId}`, { cookie: fr.cookie })).status).toBe(404);
    expect((await t.call("POST", `/exams/${examId}/attempts`, { cookie: fr.cookie })).status).toBe(404);
    expect((await t.call("GET", "/exams", { cookie: fr.cookie })).json.exams).toEqual([]);
  });

  it("documents every new route with its body schema", async () => {
    const doc = await t.call("GET", "/openapi.json");
    const paths = doc.json.paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(["/exams", "/exams/{id}/attempts"]));
    const examBody = paths["/exams"].post.requestBody.content["application/json"].schema;
    expect(examBody.required).toEqual(["name", "skill", "level", "projectId"]);
    expect(examBody.properties.p0.default).toBe(0.7);
    expect(examBody.properties.maxItems.default).toBe(40);
    expect(paths["/exam-attempts/{id}/answers"].post.requestBody.content["application/json"].schema.required).toEqual([
      "itemId",
      "value",
    ]);
    for (const path of [
      "/exams/{id}",
      "/exam-attempts/{id}",
      "/exam-attempts/{id}/next",
      "/users/me",
      "/projects/{id}/guidelines/{version}",
      "/training-modules",
      "/training-modules/{id}",
      "/training-modules/{id}/answers",
    ])
      expect(paths[path], path).toBeDefined();
  });
});
