import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DAY = 86_400_000;

interface Appealable {
  judgments: { projectId: number; judgmentId: number; taskId: number; kind: string }[];
  actions: { projectId: number; qualityActionId: number; action: string; reason: string; closesAt: string }[];
}

describe.each(targets)("appeals of what hidden checks did, over HTTP on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
  });
  afterAll(() => t.close());

  /**
   * A project serving hidden controls (gold "spam") among ordinary tasks, whose rule pauses anyone
   * clearly under 90% gold accuracy after two gold answers.
   */
  async function project(feedback: { hidden: boolean }) {
    const plain = Array.from({ length: 30 }, (_, i) => JSON.stringify({ data: { text: `task ${i}` } }));
    const controls = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({ data: { text: `control ${i}` }, gold: "spam", goldExplanation: "It sells." }),
    );
    const { id } = await createProjectWithTasks(
      t,
      {
        name: `Hidden checks ${feedback.hidden ? "told" : "silent"}`,
        schema: { type: "single_choice", options: ["ok", "spam"] },
        goldPolicy: { share: 0.5, feedback },
        qualityRules: { minGoldAnswers: 2, minAccuracy: 0.9, action: "pause", minActiveMs: 0, maxFastShare: 1 },
      },
      [...plain, ...controls],
    );
    return id;
  }

  /** The annotator answers "ok" to everything until the rule pauses them; returns the control tasks they answered. */
  async function workUntilPaused(projectId: number, who: TestSession) {
    const controls: number[] = [];
    const ordinary: number[] = [];
    for (let i = 0; i < 40; i++) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: who.cookie });
      if (next.status === 403) {
        expect(next.json.error.code).toBe("annotator_paused");
        return { controls, ordinary, pausedMessage: next.json.error.message as string };
      }
      expect(next.status, next.text).toBe(200);
      const task = next.json.assignment.task;
      (task.data.text.startsWith("control") ? controls : ordinary).push(task.id);
      const sent = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: who.cookie,
        body: { value: "ok", activeMs: 3000, clientKey: `${who.id}-${next.json.assignment.id}` },
      });
      expect(sent.status, sent.text).toBe(201);
    }
    throw new Error("never paused");
  }

  const judgmentsOf = (who: TestSession, projectId: number) =>
    t.database.db
      .selectFrom("judgments")
      .select(["id", "task_id", "verdict", "verdict_reason"])
      .where("project_id", "=", projectId)
      .where("annotator_id", "=", who.id)
      .orderBy("id")
      .execute();
  const appealable = async (who: TestSession): Promise<Appealable> => {
    const response = await t.call("GET", "/support/appealable", { cookie: who.cookie });
    expect(response.status, response.text).toBe(200);
    return response.json;
  };
  const appeal = (who: TestSession, projectId: number, body: Record<string, unknown>) =>
    t.call("POST", `/projects/${projectId}/appeals`, {
      cookie: who.cookie,
      body: { reason: "I was careful", ...body },
    });

  it("keeps a hidden control's miss out of appealable work and refuses its appeal like any unappealable judgment", async () => {
    const id = await project({ hidden: false });
    const who = await t.userSession("annotator", { languages: ["en"] }, "silent");
    const { controls, pausedMessage } = await workUntilPaused(id, who);
    expect(controls.length).toBeGreaterThan(0);
    // Told they are paused, not how many of their answers were checks nor how many they missed.
    expect(pausedMessage).toBe(
      "You are paused on this project: accuracy on quality checks is below the project's minimum",
    );
    const judgments = await judgmentsOf(who, id);
    const missed = judgments.filter((j) => j.verdict_reason === "gold");
    expect(missed.length).toBeGreaterThan(0);
    expect(missed.every((j) => j.verdict === "rejected")).toBe(true);

    const listed = await appealable(who);
    expect(listed.judgments.filter((j) => j.projectId === id)).toEqual([]);
    const text = JSON.stringify(listed);
    for (const task of controls) expect(text).not.toMatch(new RegExp(`"taskId":${task}\\b`));

    // Refused exactly as an ordinary judgment that was never rejected is refused.
    const ordinary = judgments.find((j) => j.verdict === null || j.verdict === "accepted")!;
    const refusedGold = await appeal(who, id, { judgmentId: missed[0]!.id });
    const refusedOrdinary = await appeal(who, id, { judgmentId: ordinary.id });
    expect(refusedGold.status).toBe(409);
    expect(refusedGold.status).toBe(refusedOrdinary.status);
    expect(refusedGold.json.error).toEqual({
      ...refusedOrdinary.json.error,
      requestId: refusedGold.json.error.requestId,
    });
  });

  it("lists the pause without naming a task, files one appeal of it, shows staff the misses, and upheld lets the annotator work again", async () => {
    const id = await project({ hidden: false });
    const who = await t.userSession("annotator", { languages: ["en"] }, "paused");
    const { controls } = await workUntilPaused(id, who);
    const [action] = (await appealable(who)).actions.filter((a) => a.projectId === id);
    expect(action).toMatchObject({
      action: "pause",
      qualityActionId: expect.any(Number),
      closesAt: new Date(clock.now + 7 * DAY).toISOString(),
    });
    // The rule's reason counts gold answers; the annotator reads a neutral wording.
    expect(action!.reason).not.toMatch(/\d|gold/);

    const both = await appeal(who, id, { judgmentId: 1, qualityActionId: action!.qualityActionId });
    expect(both.status).toBe(400);
    expect(both.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "judgmentId",
      "qualityActionId",
    ]);
    const neither = await appeal(who, id, {});
    expect(neither.status).toBe(400);
    expect(neither.json.error.details.map((d: { path: string }) => d.path)).toContain("qualityActionId");
    const stranger = await t.userSession("annotator", { languages: ["en"] }, "stranger");
    expect((await appeal(stranger, id, { qualityActionId: action!.qualityActionId })).status).toBe(404);

    const filed = await appeal(who, id, {
      qualityActionId: action!.qualityActionId,
      reason: "The checks were unclear.",
    });
    expect(filed.status, filed.text).toBe(201);
    const again = await appeal(who, id, { qualityActionId: action!.qualityActionId });
    expect(again.status).toBe(409);
    expect(again.json.error.details[0].path).toBe("qualityActionId");
    expect((await appealable(who)).actions.filter((a) => a.projectId === id)).toEqual([]);

    // The annotator's own view of the appeal names no task and no gold.
    const mine = await t.call("GET", "/support/appeals", { cookie: who.cookie });
    const own = mine.json.appeals.find((a: { id: number }) => a.id === filed.json.id);
    expect(own).toMatchObject({ kind: "action", judgmentId: null, taskId: null, value: null });
    expect(own.qualityAction.reason).toBe(action!.reason);
    expect(own).not.toHaveProperty("misses");
    for (const task of controls) expect(mine.text).not.toMatch(new RegExp(`"taskId":${task}\\b`));
    expect(mine.text).not.toContain("spam");

    // The reviewer deciding sees the action's full reason and every miss, with its gold answer.
    const queue = await t.call("GET", "/support/appeals?status=pending", { cookie: roles.reviewer.cookie });
    const seen = queue.json.appeals.find((a: { id: number }) => a.id === filed.json.id);
    expect(seen.qualityAction).toMatchObject({ id: action!.qualityActionId, action: "pause", reversedAt: null });
    expect(seen.qualityAction.reason).toMatch(/^gold accuracy 0\/2/);
    const missedTasks = (await judgmentsOf(who, id)).filter((j) => j.verdict_reason === "gold").map((j) => j.task_id);
    expect(seen.misses.map((m: { taskId: number }) => m.taskId).sort()).toEqual([...missedTasks].sort());
    expect(seen.misses[0]).toMatchObject({ value: "ok", gold: "spam", servedAs: "hidden" });
    // A vendor lead (no gold.read) does not get the misses.
    const lead = await t.call("GET", "/support/appeals", { cookie: roles.vendor_lead.cookie });
    expect(lead.text).not.toContain('"misses"');

    const decided = await t.call("POST", `/projects/${id}/appeals/${filed.json.id}/decision`, {
      cookie: roles.reviewer.cookie,
      body: { decision: "upheld", note: "the checks were ambiguous" },
    });
    expect(decided.status, decided.text).toBe(204);
    const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: who.cookie });
    expect(next.status, next.text).toBe(200);
    expect(next.json.assignment.task.id).toEqual(expect.any(Number));
    const actions = await t.call("GET", `/projects/${id}/quality/actions`, { cookie: roles.manager.cookie });
    expect(actions.json.actions.find((a: { id: number }) => a.id === action!.qualityActionId)).toMatchObject({
      reversedAt: expect.any(String),
    });
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("project_id", "=", id)
      .where("action", "like", "appeal.%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["appeal.file", "appeal.upheld"]);
    expect(JSON.parse(audit[1]!.details)).toMatchObject({
      appealId: filed.json.id,
      qualityActionId: action!.qualityActionId,
      annotatorId: who.id,
      actionsReversed: 1,
    });
    const twice = await t.call("POST", `/projects/${id}/appeals/${filed.json.id}/decision`, {
      cookie: roles.manager.cookie,
      body: { decision: "rejected" },
    });
    expect(twice.status).toBe(409);
  });

  it("once a pause is lifted, the rule counts only the answers after it: a right answer keeps them working, new misses pause again", async () => {
    const id = await project({ hidden: false });
    const who = await t.userSession("annotator", { languages: ["en"] }, "restart");
    await workUntilPaused(id, who);
    const [action] = (await appealable(who)).actions.filter((a) => a.projectId === id);
    const filed = await appeal(who, id, { qualityActionId: action!.qualityActionId, reason: "unclear checks" });
    expect(filed.status, filed.text).toBe(201);
    const upheld = await t.call("POST", `/projects/${id}/appeals/${filed.json.id}/decision`, {
      cookie: roles.reviewer.cookie,
      body: { decision: "upheld" },
    });
    expect(upheld.status, upheld.text).toBe(204);

    /** Answers the next task: controls with `control`, ordinary tasks "ok"; the status code of the lease. */
    const answer = async (control: string) => {
      const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: who.cookie });
      if (next.status !== 200) return { status: next.status, control: false };
      const isControl = next.json.assignment.task.data.text.startsWith("control");
      const sent = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: who.cookie,
        body: { value: isControl ? control : "ok", activeMs: 3000, clientKey: `restart-${next.json.assignment.id}` },
      });
      expect(sent.status, sent.text).toBe(201);
      return { status: 200, control: isControl };
    };
    // Right answers to the next two controls: the record is 2 of 4, below 90%, yet they keep working.
    let controlsRight = 0;
    for (let i = 0; i < 12 && controlsRight < 2; i++) {
      const step = await answer("spam");
      expect(step.status).toBe(200);
      if (step.control) controlsRight++;
    }
    expect(controlsRight).toBe(2);
    expect((await t.call("POST", `/projects/${id}/assignments/next`, { cookie: who.cookie })).status).toBe(200);

    // Misses after the lift (two make 2 of 4 since it): the rule pauses again at the next
    // checkpoint (every 5th judgment: this project tells nothing of hidden controls), counting
    // only the answers since the lift.
    let paused = false;
    let missed = 0;
    for (let i = 0; i < 20 && !paused; i++) {
      const step = await answer("ok");
      paused = step.status === 403;
      if (step.control) missed++;
    }
    expect(paused).toBe(true);
    expect(missed).toBeGreaterThanOrEqual(2);
    const actions = await t.call("GET", `/projects/${id}/quality/actions`, { cookie: roles.manager.cookie });
    const latest = actions.json.actions.find(
      (a: { annotatorId: number; reversedAt: string | null; action: string }) =>
        a.annotatorId === who.id && a.reversedAt === null && a.action === "pause",
    );
    expect(latest.reason).toMatch(new RegExp(`^gold accuracy 2/${2 + missed} `));
  });

  it("a rejected action appeal leaves the annotator paused; a late one or a manager's own action is refused", async () => {
    const id = await project({ hidden: false });
    const who = await t.userSession("annotator", { languages: ["en"] }, "refused");
    await workUntilPaused(id, who);
    const [action] = (await appealable(who)).actions.filter((a) => a.projectId === id);
    const filed = await appeal(who, id, { qualityActionId: action!.qualityActionId });
    const decided = await t.call("POST", `/projects/${id}/appeals/${filed.json.id}/decision`, {
      cookie: roles.manager.cookie,
      body: { decision: "rejected" },
    });
    expect(decided.status).toBe(204);
    const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: who.cookie });
    expect(next.status).toBe(403);
    expect(next.json.error.code).toBe("annotator_paused");

    // A manager's action is not an automatic one: taken up with the manager, not appealed.
    const other = await t.userSession("annotator", { languages: ["en"] }, "manual");
    const paused = await t.call("POST", `/projects/${id}/annotators/${other.id}/status`, {
      cookie: roles.manager.cookie,
      body: { status: "paused", reason: "talk to me" },
    });
    expect(paused.status, paused.text).toBe(204);
    expect((await appealable(other)).actions).toEqual([]);
    const manual = await t.database.db
      .selectFrom("quality_actions")
      .select("id")
      .where("annotator_id", "=", other.id)
      .executeTakeFirstOrThrow();
    const refused = await appeal(other, id, { qualityActionId: manual.id });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details[0].path).toBe("qualityActionId");

    const late = await t.userSession("annotator", { languages: ["en"] }, "late");
    await workUntilPaused(id, late);
    const [lateAction] = (await appealable(late)).actions.filter((a) => a.projectId === id);
    clock.now += 8 * DAY;
    expect((await appealable(late)).actions).toEqual([]);
    const closed = await appeal(late, id, { qualityActionId: lateAction!.qualityActionId });
    clock.now -= 8 * DAY;
    expect(closed.status).toBe(409);
    expect(closed.json.error).toMatchObject({ code: "appeal_window_closed", details: [{ path: "qualityActionId" }] });
  });

  it("files one appeal of an action under concurrency and decides it once", async () => {
    const id = await project({ hidden: false });
    const who = await t.userSession("annotator", { languages: ["en"] }, "twice");
    await workUntilPaused(id, who);
    const [action] = (await appealable(who)).actions.filter((a) => a.projectId === id);
    const filings = await Promise.all([0, 1].map(() => appeal(who, id, { qualityActionId: action!.qualityActionId })));
    expect(filings.map((f) => f.status).sort()).toEqual([201, 409]);
    const appealId = filings.find((f) => f.status === 201)!.json.id;
    const decisions = await Promise.all(
      [roles.manager, roles.admin].map((staff) =>
        t.call("POST", `/projects/${id}/appeals/${appealId}/decision`, {
          cookie: staff.cookie,
          body: { decision: "upheld" },
        }),
      ),
    );
    expect(decisions.map((d) => d.status).sort()).toEqual([204, 409]);
  });

  it("keeps a hidden control's miss appealable where the project gives feedback on hidden controls", async () => {
    const id = await project({ hidden: true });
    const who = await t.userSession("annotator", { languages: ["en"] }, "told");
    expect((await workUntilPaused(id, who)).pausedMessage).toMatch(/gold accuracy 0\/2/);
    const missed = (await judgmentsOf(who, id)).filter((j) => j.verdict_reason === "gold");
    const listed = (await appealable(who)).judgments.filter((j) => j.projectId === id);
    expect(listed.map((j) => j.judgmentId).sort()).toEqual(missed.map((j) => j.id).sort());
    expect(listed.every((j) => j.kind === "gold")).toBe(true);
    const filed = await appeal(who, id, { judgmentId: missed[0]!.id });
    expect(filed.status, filed.text).toBe(201);
  });
});
