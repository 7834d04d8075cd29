import { insertAppeal, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

/** What one answer showed the annotator: the task, the status and the whole body of each response. */
interface Answered {
  control: boolean;
  next: string;
  status: number;
  body: Record<string, unknown>;
  replay: Record<string, unknown>;
}

describe.each(targets)("gold feedback policy over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  const plain = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ data: { text: `task ${i}` } }));
  const controls = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ data: { text: `control ${i}` }, gold: "dog", goldExplanation: "It barks." }),
    );

  async function project(goldPolicy: Record<string, unknown>) {
    const schema = { type: "single_choice", options: ["cat", "dog"] };
    const body = { name: "Controls", schema, overlap: 1, goldPolicy };
    return (await createProjectWithTasks(t, body, [...plain(40), ...controls(12)])).id;
  }

  /** An annotator answers `count` tasks ("cat" to all, so every control is answered wrongly), each submitted twice. */
  async function work(projectId: number, cookie: string, count: number): Promise<Answered[]> {
    const answered: Answered[] = [];
    for (let i = 0; i < count; i++) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie });
      expect(next.status).toBe(200);
      const id = next.json.assignment.id;
      const body = { value: "cat", activeMs: 3000, clientKey: `${projectId}-${i}` };
      const judged = await t.call("POST", `/assignments/${id}/judgment`, { cookie, body });
      const replay = await t.call("POST", `/assignments/${id}/judgment`, { cookie, body });
      answered.push({
        control: next.json.assignment.task.data.text.startsWith("control"),
        next: next.text,
        status: judged.status,
        body: judged.json,
        replay: replay.json,
      });
    }
    return answered;
  }

  /** Everything the annotator saw of a task is the same shape as for an ordinary task, and says nothing of gold. */
  function expectNoFeedback(answered: Answered[]) {
    const keys = (body: Record<string, unknown>) => [Object.keys(body), Object.keys(body.judgment as object)];
    const ordinary = answered.find((a) => !a.control)!;
    for (const a of answered) {
      expect(a.status).toBe(201);
      expect(keys(a.body)).toEqual(keys(ordinary.body));
      expect(keys(a.replay)).toEqual(keys(ordinary.replay));
      for (const text of [a.next, JSON.stringify(a.body), JSON.stringify(a.replay)]) {
        expect(text).not.toContain("It barks");
        expect(text).not.toMatch(/gold|correct|dog/i);
      }
    }
  }

  it("tells nothing after a hidden control by default, and the answer once the project enables it", async () => {
    const id = await project({ share: 0.5 });
    const settings = await t.call("GET", `/projects/${id}`, { cookie: t.admin });
    expect(settings.json.goldPolicy.feedback).toEqual({ onboarding: true, hidden: false });

    const annotator = await t.userSession("annotator", {}, "hidden-off");
    const silent = await work(id, annotator.cookie, 10);
    expect(silent.filter((a) => a.control).length).toBeGreaterThan(0);
    expectNoFeedback(silent);
    // The annotator's own figures do not count the controls either (they would tell which answer was one).
    const today = await t.call("GET", "/me/today", { cookie: annotator.cookie });
    expect(today.json.projects.find((p: { projectId: number }) => p.projectId === id)).toMatchObject({
      judgments: 10,
      goldAnswered: 0,
      goldCorrect: 0,
    });

    const patched = await t.call("PATCH", `/projects/${id}`, {
      cookie: t.admin,
      body: { goldPolicy: { share: 0.5, feedback: { hidden: true } } },
    });
    expect(patched.status).toBe(200);
    const told = await work(id, (await t.userSession("annotator", {}, "hidden-on")).cookie, 10);
    const answeredControls = told.filter((a) => a.control);
    expect(answeredControls.length).toBeGreaterThan(0);
    for (const a of answeredControls) {
      expect(a.body.gold).toEqual({ correct: false, answer: "dog", explanation: "It barks." });
      expect(a.replay.gold).toEqual(a.body.gold);
    }
    for (const a of told.filter((a) => !a.control)) expect(a.body).not.toHaveProperty("gold");
  });

  it("tells the answer after onboarding controls by default, and not after them when turned off", async () => {
    const id = await project({ onboarding: 2 });
    const newcomer = await t.userSession("annotator", {}, "newcomer");
    const onboarding = await work(id, newcomer.cookie, 4);
    expect(onboarding.map((a) => a.control)).toEqual([true, true, false, false]);
    for (const a of onboarding.slice(0, 2))
      expect(a.body.gold).toEqual({ correct: false, answer: "dog", explanation: "It barks." });

    const quiet = await project({ onboarding: 2, feedback: { onboarding: false } });
    const untold = await work(quiet, newcomer.cookie, 4);
    expect(untold.map((a) => a.control)).toEqual([true, true, false, false]);
    expectNoFeedback(untold);
  });

  it("shows an annotator nothing of a hidden control's gold on any route they can read", async () => {
    const id = await project({ share: 0.5 });
    const annotator = await t.userSession("annotator", {}, "reader");
    const answered = await work(id, annotator.cookie, 12);
    const missed = answered.filter((a) => a.control);
    expect(missed.length).toBeGreaterThan(0);
    const controlTasks = missed.map((a) => JSON.parse(a.next).assignment.task.id as number);

    // Their coaching counts the misses it leaves out, and names none of them.
    const coaching = await t.call("GET", `/users/${annotator.id}/coaching`, { cookie: annotator.cookie });
    expect(coaching.status).toBe(200);
    expect(coaching.json.withheld).toBe(missed.length);
    expect(coaching.json.groups).toEqual([]);
    // Every GET route of the API, with the annotator's ids filled in: those they may read say
    // nothing of a control's gold (the option "dog" is in the schema, so only as an answer).
    const spec = await t.call("GET", "/openapi.json");
    const ids: Record<string, string> = { taskId: String(controlTasks[0]), userId: String(annotator.id) };
    const readable: string[] = [];
    for (const [template, operations] of Object.entries(spec.json.paths as Record<string, object>)) {
      if (!("get" in operations) || template === "/events") continue; // a stream, not a response
      const own = /^\/(users|people|wellbeing\/people)\//.test(template);
      const path = template.replace(
        /\{(\w+)\}/g,
        (_, name: string) => ids[name] ?? (name !== "id" ? "1" : own ? String(annotator.id) : String(id)),
      );
      const response = await t.call("GET", path, { cookie: annotator.cookie });
      if (response.status !== 200) continue;
      readable.push(template);
      expect(response.text, template).not.toContain("It barks");
      expect(response.text, template).not.toMatch(/"(gold|goldAnswer|answer|expected|correct)":\s*"?dog/);
      expect(response.text, template).not.toMatch(/"gold(Correct|Answered)":\s*[1-9]/);
    }
    // Not a vacuous pass: the annotator's own pages are among the routes read.
    expect(readable).toEqual(
      expect.arrayContaining([
        "/projects",
        "/projects/{id}",
        "/me/today",
        "/me/earnings",
        "/users/{id}/scorecard",
        "/users/{id}/coaching",
        "/support/appealable",
        "/support/threads",
      ]),
    );
  });

  it("names no hidden control's task to its annotator on any route they can read (their work, pay, support, actions)", async () => {
    const schema = { type: "single_choice", options: ["cat", "dog"] };
    const rules = { minGoldAnswers: 3, minAccuracy: 0.9, action: "pause", minActiveMs: 0, maxFastShare: 1 };
    const body = { name: "Checks named nowhere", schema, overlap: 1, goldPolicy: { share: 0.5 }, qualityRules: rules };
    const { id } = await createProjectWithTasks(t, body, [...plain(40), ...controls(12)]);
    const finance = await t.userSession("finance", {}, "walk-finance");
    const card = await t.call("POST", "/rate-cards", {
      cookie: finance.cookie,
      body: {
        currency: "USD",
        effectiveFrom: new Date(Date.now() - 86_400_000).toISOString(),
        projectId: id,
        payPerJudgmentMinor: 100,
        payPerActiveHourMinor: 0,
        payRejected: false,
      },
    });
    expect(card.status, card.text).toBe(201);
    const annotator = await t.userSession("annotator", {}, "walker");
    // "cat" to everything until the rule pauses them: every control answered is missed.
    const controlTasks: number[] = [];
    let ordinaryLease = 0;
    for (let i = 0; i < 40; i++) {
      const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie });
      if (next.status === 403) break;
      const { assignment } = next.json;
      if (assignment.task.data.text.startsWith("control")) controlTasks.push(assignment.task.id);
      else ordinaryLease = assignment.id;
      const judged = await t.call("POST", `/assignments/${assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: "cat", activeMs: 3000, clientKey: `walk-${i}` },
      });
      expect(judged.status).toBe(201);
    }
    expect(controlTasks.length).toBeGreaterThanOrEqual(3);
    const asked = await t.call("POST", `/projects/${id}/questions`, {
      cookie: annotator.cookie,
      body: { assignmentId: ordinaryLease, text: "Is a kitten a cat?" },
    });
    expect(asked.status, asked.text).toBe(201);
    // An appeal of a miss by its judgment id, as filed before hidden controls' misses were
    // withheld from appeal (the row the old code wrote): it stays, and must not name the task.
    const missed = await t.database.db
      .selectFrom("judgments")
      .select(["id", "task_id"])
      .where("project_id", "=", id)
      .where("annotator_id", "=", annotator.id)
      .where("verdict_reason", "=", "gold")
      .orderBy("id")
      .execute();
    expect(missed.map((j) => j.task_id)).toEqual(controlTasks);
    await insertAppeal(t.database.db, {
      projectId: id,
      judgmentId: missed[0]!.id,
      taskId: missed[0]!.task_id,
      qualityActionId: null,
      annotatorId: annotator.id,
      kind: "gold",
      reason: "I am sure it was a cat",
      filedAt: Date.now(),
      decideDueAt: Date.now() + 86_400_000,
    });
    const controlJudgments = missed.map((j) => j.id);

    const spec = await t.call("GET", "/openapi.json");
    const names = (text: string, task: number) =>
      new RegExp(`"(taskId|task_id)":\\s*${task}\\b|"task":\\s*\\{"id":\\s*${task}\\b|/tasks/${task}\\b`).test(text);
    const namesJudgment = (text: string, judgment: number) =>
      new RegExp(`"(judgmentId|judgment_id)":\\s*${judgment}\\b`).test(text);
    const readable: string[] = [];
    for (const [template, operations] of Object.entries(spec.json.paths as Record<string, object>)) {
      if (!("get" in operations) || template === "/events") continue;
      if (template.includes("{taskId}")) continue; // asks for the task by id: says nothing the caller did not name
      const own = /^\/(users|people|wellbeing\/people)\//.test(template);
      const path = template
        .replace("{questionId}", String(asked.json.id))
        .replace(/\{(\w+)\}/g, (_, name: string) => (name !== "id" ? "1" : own ? String(annotator.id) : String(id)));
      const response = await t.call("GET", path, { cookie: annotator.cookie });
      if (response.status !== 200) continue;
      readable.push(template);
      for (const task of controlTasks)
        expect(names(response.text, task), `${template} names control task ${task}`).toBe(false);
      for (const judgment of controlJudgments)
        expect(namesJudgment(response.text, judgment), `${template} names control judgment ${judgment}`).toBe(false);
    }
    expect(readable).toEqual(
      expect.arrayContaining([
        "/me/today",
        "/me/earnings",
        "/users/{id}/scorecard",
        "/users/{id}/coaching",
        "/support/appealable",
        "/support/appeals",
        "/support/threads",
        "/projects/{id}/questions/{questionId}",
      ]),
    );
    // The pause is there to appeal, naming no task.
    const appealable = await t.call("GET", "/support/appealable", { cookie: annotator.cookie });
    expect(appealable.json.actions).toMatchObject([{ projectId: id, action: "pause" }]);
    // The old appeal is listed to its annotator as an answer checked by quality control; staff see its task.
    const mine = await t.call("GET", "/support/appeals", { cookie: annotator.cookie });
    expect(mine.json.appeals).toMatchObject([
      { projectId: id, kind: "gold", judgmentId: null, taskId: null, value: null, reason: "I am sure it was a cat" },
    ]);
    const staff = await t.call("GET", `/support/appeals?projectId=${id}`, { cookie: t.admin });
    expect(staff.json.appeals).toMatchObject([{ judgmentId: missed[0]!.id, taskId: controlTasks[0], value: "cat" }]);
  });

  it("refuses a feedback switch that is not true or false, naming the field", async () => {
    const schema = { type: "single_choice", options: ["cat", "dog"] };
    const refused = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Bad", schema, goldPolicy: { feedback: { hidden: "yes" } } },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json.error.details)).toContain("goldPolicy.feedback.hidden");
  });
});
