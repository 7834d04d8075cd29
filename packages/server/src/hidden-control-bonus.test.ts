import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const DAY = 86_400_000;

describe.each(targets)("bonuses around hidden controls over HTTP on $dialect", (target) => {
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

  /**
   * A project of ordinary tasks and controls (gold "dog"): two onboarding controls, then hidden
   * ones; a card paying 100 a judgment, and a streak and an accuracy bonus scheme.
   */
  async function project(name: string, feedback: { hidden: boolean }) {
    const plain = Array.from({ length: 30 }, (_, i) => JSON.stringify({ data: { text: `task ${i}` } }));
    const controls = Array.from({ length: 14 }, (_, i) =>
      JSON.stringify({ data: { text: `control ${i}` }, gold: "dog", goldExplanation: "It barks." }),
    );
    const body = {
      name,
      schema: { type: "single_choice", options: ["cat", "dog"] },
      overlap: 1,
      goldPolicy: { onboarding: 2, share: 0.4, feedback },
    };
    const { id } = await createProjectWithTasks(t, body, [...plain, ...controls]);
    const card = await t.call("POST", "/rate-cards", {
      cookie: roles.finance.cookie,
      body: {
        currency: "USD",
        effectiveFrom: new Date(clock.now - DAY).toISOString(),
        projectId: id,
        payPerJudgmentMinor: 100,
        payPerActiveHourMinor: 0,
      },
    });
    expect(card.status, card.text).toBe(201);
    const schemes: number[] = [];
    for (const rule of [
      { kind: "streak", amountMinor: 50, streakLength: 3 },
      { kind: "accuracy", amountMinor: 10, accuracyBar: 0.9, minGold: 2 },
    ]) {
      const created = await t.call("POST", "/bonus-schemes", {
        cookie: roles.manager.cookie,
        body: { projectId: id, name: `${name} ${rule.kind}`, currency: "USD", budgetMinor: 1_000_000, rule },
      });
      expect(created.status, created.text).toBe(201);
      schemes.push(created.json.bonusScheme.id);
    }
    return { id, schemes };
  }

  /**
   * The annotator answers `count` tasks: "cat" to ordinary tasks (accepted: the task's only
   * answer), "dog" to the onboarding controls, and to hidden controls "dog" or "cat" as asked.
   * Returns where the hidden controls fell.
   */
  async function work(projectId: number, who: TestSession, count: number, hiddenAnswer: "dog" | "cat") {
    const hidden: number[] = [];
    for (let i = 0; i < count; i++) {
      clock.now += 60_000;
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: who.cookie });
      expect(next.status, next.text).toBe(200);
      const { assignment } = next.json;
      const control = assignment.task.data.text.startsWith("control");
      if (control && i >= 2) hidden.push(i);
      const value = !control ? "cat" : i < 2 ? "dog" : hiddenAnswer;
      const sent = await t.call("POST", `/assignments/${assignment.id}/judgment`, {
        cookie: who.cookie,
        body: { value, activeMs: 3000, clientKey: `${projectId}-${who.id}-${i}` },
      });
      expect(sent.status, sent.text).toBe(201);
    }
    return hidden;
  }

  /** Settles the project's schemes (streak, accuracy) now; what each paid. */
  async function settle(schemes: number[]) {
    clock.now += 60_000;
    const paid: number[] = [];
    for (const scheme of schemes) {
      const settled = await t.call("POST", `/bonus-schemes/${scheme}/settle`, {
        cookie: roles.manager.cookie,
        body: {},
      });
      expect(settled.status, settled.text).toBe(200);
      paid.push(settled.json.paidMinor);
    }
    const [streak, accuracy] = paid as [number, number];
    return { streak, accuracy };
  }

  /** The annotator's own earnings in the project, as their earnings page reads them. */
  async function earnings(who: TestSession, projectId: number) {
    const read = await t.call("GET", `/me/earnings?${range()}`, { cookie: who.cookie });
    expect(read.status, read.text).toBe(200);
    return (read.json.days as { projectId: number; payMinor: number; judgments: number }[])
      .filter((d) => d.projectId === projectId)
      .reduce((sum, d) => ({ pay: sum.pay + d.payMinor, judgments: sum.judgments + d.judgments }), {
        pay: 0,
        judgments: 0,
      });
  }

  /** The same annotator works two alike projects, hitting the hidden controls in one and missing them in the other. */
  async function hitAndMiss(feedback: { hidden: boolean }, who: TestSession) {
    const right = await project(`${who.id} right ${feedback.hidden}`, feedback);
    const wrong = await project(`${who.id} wrong ${feedback.hidden}`, feedback);
    const hits = await work(right.id, who, 14, "dog");
    const misses = await work(wrong.id, who, 14, "cat");
    // Controls are drawn from the annotator and their count of tasks: the same places in both.
    expect(misses).toEqual(hits);
    expect(hits.length).toBeGreaterThan(0);
    return {
      wrongProjectId: wrong.id,
      right: { bonus: await settle(right.schemes), earnings: await earnings(who, right.id) },
      wrong: { bonus: await settle(wrong.schemes), earnings: await earnings(who, wrong.id) },
    };
  }

  it("pays streaks and earnings alike whether a hidden control without feedback was answered right or wrong; accuracy only as the period's figure", async () => {
    const who = await t.userSession("annotator", { languages: ["en"] }, "bonus-silent");
    const { right, wrong, wrongProjectId } = await hitAndMiss({ hidden: false }, who);
    expect(right.bonus.streak).toBeGreaterThan(0);
    expect(wrong.bonus.streak).toBe(right.bonus.streak);
    // Earnings (bonuses included) differ only by the accuracy bonus, whose bar reads the period's
    // controls, hidden ones too: one figure that names no answer.
    expect(wrong.earnings.judgments).toBe(right.earnings.judgments);
    expect(wrong.earnings.pay - wrong.bonus.accuracy).toBe(right.earnings.pay - right.bonus.accuracy);
    expect(right.bonus.accuracy).toBeGreaterThan(0);
    expect(wrong.bonus.accuracy).toBe(0);

    // Staff still see the misses.
    const quality = await t.call("GET", `/projects/${wrongProjectId}/quality`, { cookie: roles.manager.cookie });
    expect(quality.status, quality.text).toBe(200);
    const mine = quality.json.annotators.find((a: { id: number }) => a.id === who.id);
    expect(mine.goldAccuracy.n).toBeGreaterThan(2);
    expect(mine.goldAccuracy.estimate).toBeLessThan(1);
  });

  it("where hidden controls get feedback, a miss still breaks a streak and counts against the accuracy bar", async () => {
    const who = await t.userSession("annotator", { languages: ["en"] }, "bonus-told");
    const { right, wrong } = await hitAndMiss({ hidden: true }, who);
    expect(wrong.bonus.streak).toBeLessThan(right.bonus.streak);
    expect(wrong.bonus.accuracy).toBeLessThan(right.bonus.accuracy);
  });
});
