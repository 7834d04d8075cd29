import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DAY = 86_400_000;

/** How one answer moved the annotator's own earnings in its project. */
interface Answer {
  control: boolean;
  judgmentId: number;
  pay: number;
  judgments: number;
  activeMs: number;
}

describe.each(targets)("pay for hidden controls over HTTP on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
  });
  afterAll(() => t.close());

  const range = () =>
    `from=${new Date(clock.now - 30 * DAY).toISOString()}&to=${new Date(clock.now + DAY).toISOString()}`;

  /** A project of ordinary tasks and controls (gold "dog"), with a card that pays 100 a judgment and nothing for rejected work. */
  async function project(goldPolicy: Record<string, unknown>) {
    const plain = Array.from({ length: 30 }, (_, i) => JSON.stringify({ data: { text: `task ${i}` } }));
    const controls = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ data: { text: `control ${i}` }, gold: "dog", goldExplanation: "It barks." }),
    );
    const body = {
      name: `Pay ${JSON.stringify(goldPolicy)}`,
      schema: { type: "single_choice", options: ["cat", "dog"] },
    };
    const { id } = await createProjectWithTasks(t, { ...body, overlap: 1, goldPolicy }, [...plain, ...controls]);
    const card = await t.call("POST", "/rate-cards", {
      cookie: roles.finance.cookie,
      body: {
        currency: "USD",
        effectiveFrom: new Date(clock.now - DAY).toISOString(),
        projectId: id,
        payPerJudgmentMinor: 100,
        payPerActiveHourMinor: 0,
        payRejected: false,
      },
    });
    expect(card.status, card.text).toBe(201);
    return id;
  }

  /** The annotator's own earnings in the project, as their earnings page reads them. */
  async function earnings(who: TestSession, projectId: number) {
    const read = await t.call("GET", `/me/earnings?${range()}`, { cookie: who.cookie });
    expect(read.status, read.text).toBe(200);
    const days = (
      read.json.days as { projectId: number; payMinor: number; judgments: number; activeMs: number }[]
    ).filter((d) => d.projectId === projectId);
    const sum = (key: "payMinor" | "judgments" | "activeMs") => days.reduce((s, d) => s + d[key], 0);
    return { pay: sum("payMinor"), judgments: sum("judgments"), activeMs: sum("activeMs") };
  }

  /** The annotator answers "cat" to `count` tasks (every control missed), reading their earnings after each. */
  async function work(projectId: number, who: TestSession, count: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    let before = await earnings(who, projectId);
    for (let i = 0; i < count; i++) {
      clock.now += 60_000;
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: who.cookie });
      expect(next.status, next.text).toBe(200);
      const { assignment } = next.json;
      const sent = await t.call("POST", `/assignments/${assignment.id}/judgment`, {
        cookie: who.cookie,
        body: { value: "cat", activeMs: 3000, clientKey: `${projectId}-${who.id}-${i}` },
      });
      expect(sent.status, sent.text).toBe(201);
      const after = await earnings(who, projectId);
      answers.push({
        control: assignment.task.data.text.startsWith("control"),
        judgmentId: sent.json.judgment.id,
        pay: after.pay - before.pay,
        judgments: after.judgments - before.judgments,
        activeMs: after.activeMs - before.activeMs,
      });
      before = after;
    }
    return answers;
  }

  /** The finance view of the project's cost (cost per accepted label and its components). */
  async function costOf(projectId: number) {
    const summary = await t.call("GET", `/cost/summary?groupBy=project&${range()}`, { cookie: roles.finance.cookie });
    expect(summary.status, summary.text).toBe(200);
    return summary.json.rows.find((r: { key: string }) => r.key === String(projectId));
  }

  async function goldAccuracyOf(projectId: number, who: TestSession) {
    const quality = await t.call("GET", `/projects/${projectId}/quality`, { cookie: roles.manager.cookie });
    expect(quality.status, quality.text).toBe(200);
    return quality.json.annotators.find((a: { id: number }) => a.id === who.id).goldAccuracy;
  }

  it("pays a missed hidden control like an ordinary answer where hidden controls get no feedback; staff still see the miss", async () => {
    const id = await project({ share: 0.5 });
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "silent");
    const answers = await work(id, annotator, 12);
    const missed = answers.filter((a) => a.control);
    expect(missed.length).toBeGreaterThan(0);
    expect(answers.some((a) => !a.control)).toBe(true);
    // Each answer moves the annotator's pay, judgments and active time alike, control or not.
    for (const a of answers)
      expect({ pay: a.pay, judgments: a.judgments, activeMs: a.activeMs }).toEqual({
        pay: 100,
        judgments: 1,
        activeMs: 3000,
      });

    // Staff: the misses are gold overhead (not accepted labels, not rework), and still misses.
    const cost = await costOf(id);
    expect(cost).toMatchObject({
      total: 100 * answers.length,
      acceptedLabels: answers.length - missed.length,
      components: { base: 100 * (answers.length - missed.length), gold: 100 * missed.length, rework: 0 },
    });
    expect(await goldAccuracyOf(id, annotator)).toMatchObject({ estimate: 0, n: missed.length });
    const goldRows = await t.database.db
      .selectFrom("cost_ledger")
      .select(["rejected", "amount_minor"])
      .where("project_id", "=", id)
      .where("is_gold", "=", 1)
      .execute();
    expect(goldRows).toEqual(missed.map(() => ({ rejected: 1, amount_minor: 100 })));
    const verdicts = await t.database.db
      .selectFrom("judgments")
      .select(["verdict", "verdict_reason", "gold_correct"])
      .where("project_id", "=", id)
      .where("gold_correct", "is not", null)
      .execute();
    expect(verdicts).toEqual(missed.map(() => ({ verdict: "rejected", verdict_reason: "gold", gold_correct: 0 })));
  });

  it("leaves a missed control unpaid where the annotator is told about it: hidden controls with feedback, onboarding controls", async () => {
    const told = await project({ share: 0.5, feedback: { hidden: true } });
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "told");
    const answers = await work(told, annotator, 12);
    expect(answers.some((a) => a.control)).toBe(true);
    for (const a of answers) expect([a.control, a.pay, a.judgments]).toEqual([a.control, a.control ? 0 : 100, 1]);
    const missed = answers.filter((a) => a.control).length;
    expect(await costOf(told)).toMatchObject({ components: { gold: 0, base: 100 * (answers.length - missed) } });
    expect(await goldAccuracyOf(told, annotator)).toMatchObject({ estimate: 0, n: missed });

    // Onboarding controls are followed by feedback (by default): unpaid when missed. The hidden
    // controls served after them are not (feedback.hidden false): paid.
    const onboarding = await project({ onboarding: 2, share: 0.5 });
    const newcomer = await t.userSession("annotator", { languages: ["en"] }, "newcomer");
    const first = await work(onboarding, newcomer, 12);
    expect(first.slice(0, 2).map((a) => [a.control, a.pay])).toEqual([
      [true, 0],
      [true, 0],
    ]);
    expect(first.slice(2).some((a) => a.control)).toBe(true);
    for (const a of first.slice(2)) expect(a.pay).toBe(100);
  });

  it("an upheld appeal of a miss already paid as an ordinary answer pays nothing twice", async () => {
    const id = await project({ share: 0.5 });
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "appealer");
    const answers = await work(id, annotator, 8);
    const miss = answers.find((a) => a.control);
    expect(miss).toBeDefined();
    const before = await earnings(annotator, id);
    // Once the project tells annotators about hidden controls, the miss may be appealed.
    const patched = await t.call("PATCH", `/projects/${id}`, {
      cookie: t.admin,
      body: { goldPolicy: { share: 0.5, feedback: { hidden: true } } },
    });
    expect(patched.status, patched.text).toBe(200);
    const filed = await t.call("POST", `/projects/${id}/appeals`, {
      cookie: annotator.cookie,
      body: { judgmentId: miss!.judgmentId, reason: "the gold answer is wrong" },
    });
    expect(filed.status, filed.text).toBe(201);
    const decided = await t.call("POST", `/projects/${id}/appeals/${filed.json.id}/decision`, {
      cookie: roles.reviewer.cookie,
      body: { decision: "upheld" },
    });
    expect(decided.status, decided.text).toBe(204);
    expect(await earnings(annotator, id)).toEqual(before);
    expect(await costOf(id)).toMatchObject({ total: 100 * answers.length });
    expect(await goldAccuracyOf(id, annotator)).toMatchObject({ n: answers.filter((a) => a.control).length });
  });
});
