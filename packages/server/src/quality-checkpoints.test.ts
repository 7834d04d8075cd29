import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("automatic quality rules at checkpoints over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  /**
   * A project whose second task in the queue is a control (gold "dog" among ordinary tasks) and
   * whose rule pauses after one missed control.
   */
  async function project(feedback: { hidden: boolean }) {
    const plain = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ data: { text: `task ${i}` } }));
    const control = JSON.stringify({ data: { text: "control" }, gold: "dog", goldExplanation: "It barks." });
    const body = {
      name: `Checkpoints ${feedback.hidden}`,
      schema: { type: "single_choice", options: ["cat", "dog"] },
      overlap: 1,
      goldPolicy: { share: 0, onboarding: 0, feedback },
      qualityRules: { minGoldAnswers: 1, minAccuracy: 0.9, action: "pause", minActiveMs: 0, maxFastShare: 1 },
    };
    return (await createProjectWithTasks(t, body, [...plain(1), control, ...plain(10)])).id;
  }

  /**
   * The annotator answers "cat" while they may lease (so the control, their 2nd answer, is
   * missed); returns after which answer each lease was refused, and which answer was the control.
   */
  async function work(projectId: number, name: string) {
    const annotator = await t.userSession("annotator", {}, name);
    let control = 0;
    for (let answered = 0; answered < 10; answered++) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
      if (next.status === 403) return { control, refusedAfter: answered, refusal: next.json };
      expect(next.status, next.text).toBe(200);
      const { assignment } = next.json;
      if (assignment.task.data.text === "control") control = answered + 1;
      const sent = await t.call("POST", `/assignments/${assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: "cat", activeMs: 3000, clientKey: `${name}-${answered}` },
      });
      expect(sent.status, sent.text).toBe(201);
    }
    return { control, refusedAfter: undefined, refusal: undefined };
  }

  it("without feedback on hidden controls, pauses at the 5th judgment, not right after the missed 2nd", async () => {
    const id = await project({ hidden: false });
    const { control, refusedAfter, refusal } = await work(id, "checkpoint-silent");
    expect(control).toBe(2);
    // Answers 3 to 5 were leased after the miss; the pause meets the annotator on the 6th lease.
    expect(refusedAfter).toBe(5);
    expect(JSON.stringify(refusal)).toMatch(/pause/i);
  });

  it("where hidden controls are told, pauses right after the miss", async () => {
    const id = await project({ hidden: true });
    const { control, refusedAfter } = await work(id, "checkpoint-told");
    expect(control).toBe(2);
    expect(refusedAfter).toBe(2);
  });
});
