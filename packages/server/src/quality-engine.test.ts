import { CROWD_PRIOR_ID, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, signInAnnotators, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("quality engine over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  async function project(body: Record<string, unknown>, tasks: string[]) {
    const schema = { type: "single_choice", options: ["cat", "dog"] };
    return (await createProjectWithTasks(t, { name: "Q", schema, ...body }, tasks)).id;
  }
  const plain = (n: number) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ data: { text: `task ${i}`, truth: i % 2 ? "dog" : "cat" } }));
  const gold = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ data: { text: `control ${i}`, truth: "dog" }, gold: "dog", goldExplanation: "It barks." }),
    );

  /** Labels until nothing is left (or `limit`); `answer` picks the value from the task data. */
  async function work(
    cookie: string,
    projectId: number,
    answer: (data: { text: string; truth: string }) => string,
    limit = 1000,
  ) {
    const served: { text: string; gold: unknown; status: number }[] = [];
    for (let i = 0; i < limit; i++) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie });
      if (next.status !== 200) {
        served.push({ text: "", gold: undefined, status: next.status });
        break;
      }
      expect(next.text).not.toContain("It barks");
      const data = next.json.assignment.task.data;
      const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie,
        body: { value: answer(data), activeMs: 3000, clientKey: `${next.json.assignment.id}` },
      });
      expect(judged.status).toBe(201);
      served.push({ text: data.text, gold: judged.json.gold, status: 200 });
    }
    return served;
  }

  it("mixes control tasks in: onboarding first, then about the gold share, each answered by everyone once", async () => {
    const id = await project({ overlap: 2, goldPolicy: { share: 0.2, onboarding: 3 } }, [...plain(60), ...gold(30)]);
    const people = await signInAnnotators(t, 3, "gold");
    const runs = [];
    for (const person of people) runs.push(await work(person.cookie, id, (d) => d.truth, 30));
    for (const served of runs) {
      expect(served.slice(0, 3).every((s) => s.text.startsWith("control"))).toBe(true);
      const controls = served.filter((s) => s.text.startsWith("control")).length;
      expect(controls).toBeGreaterThanOrEqual(4);
      expect(controls).toBeLessThan(20);
      expect(served.find((s) => s.text.startsWith("control"))?.gold).toEqual({
        correct: true,
        answer: "dog",
        explanation: "It barks.",
      });
    }
    // Every annotator answered control 0: controls are not limited by the overlap of 2.
    expect(runs.every((served) => served.some((s) => s.text === "control 0"))).toBe(true);
    const quality = await t.call("GET", `/projects/${id}/quality`, { cookie: t.admin });
    expect(quality.json.annotators).toHaveLength(3);
    for (const a of quality.json.annotators) {
      expect(a.goldAccuracy.estimate).toBe(1);
      expect(a.goldAccuracy.low).toBeGreaterThan(0.5);
      expect(a.goldAccuracy.high).toBeCloseTo(1, 9);
    }
  });

  it("dynamic overlap stops confident tasks early and asks for more where annotators disagree", async () => {
    const id = await project({ overlapPolicy: { mode: "dynamic", min: 2, max: 5, target: 0.9 } }, plain(20));
    const agreeing = await signInAnnotators(t, 5, "dyn");
    // Two careful annotators first: most tasks settle at 2 judgments.
    await work(agreeing[0]!.cookie, id, (d) => d.truth);
    await work(agreeing[1]!.cookie, id, (d) => d.truth);
    // A contrarian disagrees on everything still open, and the rest label what remains.
    await work(agreeing[2]!.cookie, id, (d) => (d.truth === "dog" ? "cat" : "dog"));
    await work(agreeing[3]!.cookie, id, (d) => d.truth);
    await work(agreeing[4]!.cookie, id, (d) => d.truth);
    const tasks = await t.call("GET", `/projects/${id}/tasks?limit=100`, { cookie: t.admin });
    const counts = tasks.json.tasks.map((task: { judgments: number }) => task.judgments);
    expect(counts.every((n: number) => n >= 2 && n <= 5)).toBe(true);
    expect(tasks.json.tasks.every((task: { status: string }) => task.status === "done")).toBe(true);
    const total = counts.reduce((a: number, b: number) => a + b, 0);
    expect(total).toBeLessThan(20 * 5);
    for (const task of tasks.json.tasks) expect(task.aggregate).toBe(task.data.truth);
  });

  it("dynamic overlap with minGain stops by the expected gain of another judgment, not by the confidence target", async () => {
    // Two agreeing newcomers (no crowd prior yet: 70% accurate each) leave a task at confidence
    // 0.85, under the 0.9 target; another judgment is then worth about 0.026 of accuracy.
    const cheap = await project(
      { overlapPolicy: { mode: "dynamic", min: 2, max: 5, target: 0.9, minGain: 0.05 } },
      plain(6),
    );
    const careful = await project(
      { overlapPolicy: { mode: "dynamic", min: 2, max: 5, target: 0.9, minGain: 0.01 } },
      plain(6),
    );
    const pair = await signInAnnotators(t, 2, "gain");
    for (const id of [cheap, careful]) for (const person of pair) await work(person.cookie, id, (d) => d.truth);
    const list = async (id: number) =>
      (await t.call("GET", `/projects/${id}/tasks?limit=100`, { cookie: t.admin })).json.tasks as {
        judgments: number;
        status: string;
      }[];
    // Worth less than 0.05: every task settles at two judgments.
    expect((await list(cheap)).map((task) => [task.judgments, task.status])).toEqual(Array(6).fill([2, "done"]));
    // Worth more than 0.01: every task asks for a third.
    expect((await list(careful)).map((task) => [task.judgments, task.status])).toEqual(Array(6).fill([2, "open"]));
  });

  it("pauses an annotator whose gold accuracy is clearly too low, logs it, and a manager can reverse it", async () => {
    const id = await project(
      {
        overlap: 1,
        goldPolicy: { share: 0.5, onboarding: 12 },
        qualityRules: { minGoldAnswers: 8, minAccuracy: 0.8, action: "pause" },
      },
      [...plain(40), ...gold(20)],
    );
    const careless = await t.userSession("annotator", {}, "careless");
    const served = await work(careless.cookie, id, () => "cat", 40);
    const last = served[served.length - 1]!;
    expect(last.status).toBe(403);
    expect(served.filter((s) => s.status === 200).length).toBeLessThanOrEqual(12);
    const refused = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: careless.cookie });
    // The project gives no feedback on hidden controls: the annotator is told why without the gold counts.
    expect(refused.json.error.message).toContain("accuracy on quality checks is below the project's minimum");
    const actions = await t.call("GET", `/projects/${id}/quality/actions`, { cookie: t.admin });
    expect(actions.json.actions[0]).toMatchObject({ action: "pause", automatic: true, annotatorId: careless.id });
    const reversePath = `/projects/${id}/quality/actions/${actions.json.actions[0].id}/reverse`;
    expect((await t.call("POST", reversePath, { cookie: careless.cookie })).status).toBe(403);
    const reviewer = await t.userSession("reviewer", {}, "rev-q");
    expect((await t.call("POST", reversePath, { cookie: reviewer.cookie })).status).toBe(403);
    const reversed = await t.call("POST", reversePath, { cookie: t.admin });
    expect(reversed.status).toBe(204);
    expect((await t.call("POST", `/projects/${id}/assignments/next`, { cookie: careless.cookie })).status).toBe(200);
  });

  it("re-fits Dawid-Skene over the project and reports agreement and a confusion matrix", async () => {
    const id = await project({ overlap: 3 }, [...plain(30), ...gold(6)]);
    const people = await signInAnnotators(t, 3, "fit");
    await Promise.all(
      people.map((p, i) => work(p.cookie, id, (d) => (i === 2 && d.text.endsWith("1") ? "cat" : d.truth))),
    );
    const refit = await t.call("POST", `/projects/${id}/quality/refit`, { cookie: t.admin });
    expect(refit.json).toMatchObject({ tasks: 36, judgments: 108, method: "dawid-skene" });
    const tasks = await t.call("GET", `/projects/${id}/tasks?limit=100`, { cookie: t.admin });
    for (const task of tasks.json.tasks) expect(task.aggregate).toBe(task.data.truth);
    // Newcomers will start from the crowd's average confusion: 4 pseudo-answers a row, mostly right.
    const crowd = await t.database.db
      .selectFrom("annotator_quality")
      .select("confusion")
      .where("project_id", "=", id)
      .where("annotator_id", "=", CROWD_PRIOR_ID)
      .executeTakeFirstOrThrow();
    const prior = JSON.parse(crowd.confusion!) as number[];
    expect(prior[0]! + prior[1]!).toBeCloseTo(4, 4);
    expect(prior[3]!).toBeGreaterThan(2.8);
    const quality = await t.call("GET", `/projects/${id}/quality`, { cookie: t.admin });
    expect(quality.json.agreement.overall.percentAgreement).toBeGreaterThan(0.8);
    expect(quality.json.confusion.against).toBe("gold");
    // Gold tasks are all "dog"; the third annotator called "control 1" a cat.
    expect(quality.json.confusion.matrix).toEqual([
      [0, 0],
      [1, 17],
    ]);
  });
});
