import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const OPTIONS = ["pos", "neg"];
const GOLD_TASKS = 20;

/**
 * A gold task an annotator has already met outside the labeling queue (a training module's
 * practice, which shows its answer; an exam item, which shows its text) is no secret check on
 * them: served again as a control it would be recognised, and with it that the task is a control.
 */
describe.each(targets)("controls an annotator has seen elsewhere on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let projectId = 0;
  const goldByText = new Map<string, string>();
  const practiceTexts: string[] = [];

  beforeAll(async () => {
    t = await openTestApp(target);
    const lines = Array.from({ length: GOLD_TASKS }, (_, i) => {
      const answer = OPTIONS[i % 2]!;
      goldByText.set(`gold ${i}`, answer);
      return JSON.stringify({ data: { text: `gold ${i}` }, gold: answer, goldExplanation: "why" });
    });
    for (let i = 0; i < 30; i++) lines.push(JSON.stringify({ data: { text: `plain ${i}` } }));
    projectId = (
      await createProjectWithTasks(
        t,
        {
          name: "Seen controls",
          schema: { type: "single_choice", options: OPTIONS },
          guidelines: "# Polarity\nJudge the writer's feeling.\n## Sarcasm\nSarcastic praise is negative.",
          requirements: { languages: ["en"] },
          overlap: 1,
          // Every lease is a control while the annotator has one left to answer.
          goldPolicy: { share: 0.1, onboarding: 100, feedback: { onboarding: false, hidden: false } },
        },
        lines,
      )
    ).id;
    const tasks = await t.call("GET", `/projects/${projectId}/tasks?limit=200`, { cookie: t.admin });
    const practice = tasks.json.tasks.filter((task: { gold: unknown }) => task.gold !== null).slice(0, 2);
    for (const task of practice) practiceTexts.push(task.data.text);
    const module = await t.call("POST", "/training-modules", {
      cookie: t.admin,
      body: {
        projectId,
        title: "Sarcasm",
        section: "Sarcasm",
        items: practice.map((task: { id: number }) => ({ taskId: task.id, hint: "Praise with a sneer is negative." })),
      },
    });
    expect(module.status).toBe(201);
  });
  afterAll(() => t.close());

  /** The gold texts among everything the annotator is leased until the project runs dry. */
  async function controlsLeased(cookie: string): Promise<string[]> {
    const controls: string[] = [];
    for (let i = 0; ; i++) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie });
      if (next.status === 204) break;
      expect(next.status).toBe(200);
      const text = next.json.assignment.task.data.text as string;
      if (goldByText.has(text)) controls.push(text);
      const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie,
        body: { value: "pos", activeMs: 3000, clientKey: `k-${i}` },
      });
      expect(judged.status).toBe(201);
    }
    return controls;
  }

  it("never serves a training module's practice tasks as controls", async () => {
    const { cookie } = await t.userSession("annotator", { languages: ["en"] }, "trainee");
    const controls = await controlsLeased(cookie);
    expect(controls.filter((text) => practiceTexts.includes(text))).toEqual([]);
    expect(controls).toHaveLength(GOLD_TASKS - practiceTexts.length);
  });

  it("never serves an annotator the exam items they were shown, while others still get them", async () => {
    const exam = await t.call("POST", "/exams", {
      cookie: t.admin,
      body: {
        projectId,
        name: "Polarity",
        skill: "polarity",
        level: 1,
        p0: 0.7,
        p1: 0.9,
        alpha: 0.05,
        beta: 0.05,
        maxItems: 40,
      },
    });
    expect(exam.status).toBe(201);
    const candidate = await t.userSession("annotator", { languages: ["en"] }, "candidate");
    const started = await t.call("POST", `/exams/${exam.json.id}/attempts`, { cookie: candidate.cookie });
    const attemptId = started.json.attempt.id as number;
    const shown: string[] = [];
    // Two answered items, and a third shown and left unanswered (the attempt stays in progress).
    for (let i = 0; i < 3; i++) {
      const next = await t.call("POST", `/exam-attempts/${attemptId}/next`, { cookie: candidate.cookie });
      expect(next.status).toBe(200);
      const text = next.json.item.data.text as string;
      shown.push(text);
      if (i === 2) break;
      const wrong = OPTIONS.find((option) => option !== goldByText.get(text))!;
      const answered = await t.call("POST", `/exam-attempts/${attemptId}/answers`, {
        cookie: candidate.cookie,
        body: { itemId: next.json.item.id, value: wrong },
      });
      expect(answered.status).toBe(200);
    }

    const controls = await controlsLeased(candidate.cookie);
    expect(controls.filter((text) => shown.includes(text))).toEqual([]);
    expect(controls).toHaveLength(GOLD_TASKS - practiceTexts.length - shown.length);

    const other = await t.userSession("annotator", { languages: ["en"] }, "other");
    const theirs = await controlsLeased(other.cookie);
    expect(theirs).toEqual(expect.arrayContaining(shown));
  });
});
