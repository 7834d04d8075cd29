import { describe, expect, it } from "vitest";
import type { LabelSchema, LabelValue } from "../label-schema.js";
import { type RefitAnswer, startRefit } from "./refit-labels.js";

const choice: LabelSchema = {
  type: "single_choice",
  options: [
    { value: "cat", label: "Cat" },
    { value: "dog", label: "Dog" },
  ],
};

function answer(taskId: number, annotatorId: number, value: LabelValue, extra: Partial<RefitAnswer> = {}): RefitAnswer {
  return { taskId, annotatorId, value, gold: null, aggregate: null, ...extra };
}

/** Tasks 1-`tasks` alternate cat/dog; annotators 1 and 2 are right, annotator 3 always says cat. */
function crowd(tasks = 8): RefitAnswer[] {
  const answers: RefitAnswer[] = [];
  for (let task = 1; task <= tasks; task++) {
    const truth = task % 2 ? "cat" : "dog";
    answers.push(answer(task, 1, truth), answer(task, 2, truth), answer(task, 3, "cat"));
  }
  return answers;
}

describe("startRefit", () => {
  it("has nothing to re-fit for a schema without fixed classes", () => {
    expect(startRefit({ type: "free_text", minLength: 1, maxLength: 10 })).toBeUndefined();
  });

  it("fits nothing when no answer is one of the classes", () => {
    const refit = startRefit(choice)!;
    refit.add(answer(1, 1, "horse"));
    expect(refit.fit()).toBeUndefined();
  });

  it("recovers the labels the reliable annotators agree on, and reports what it fitted", () => {
    const refit = startRefit(choice)!;
    for (const a of crowd()) refit.add(a);
    refit.add(answer(9, 1, "horse"));
    const fit = refit.fit()!;
    expect(fit.summary).toMatchObject({ tasks: 8, judgments: 24, method: "dawid-skene" });
    const tasks = [...fit.tasks()];
    expect(tasks.map((t) => [t.taskId, t.aggregate.value])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((id) => [id, id % 2 ? "cat" : "dog"]),
    );
    for (const t of tasks) {
      expect(t.aggregate.method).toBe("dawid-skene");
      expect(Math.exp(Math.max(...t.logPosterior))).toBeCloseTo(t.confidence, 9);
    }
  });

  it("credits each annotator a fresh prior (4 a row) plus one unit per answer", () => {
    const refit = startRefit(choice)!;
    for (const a of crowd()) refit.add(a);
    const fit = refit.fit()!;
    const annotators = [...fit.annotators()];
    expect(annotators.map((a) => a.annotatorId)).toEqual([1, 2, 3]);
    for (const a of annotators) expect(a.confusion.reduce((s, c) => s + c, 0)).toBeCloseTo(8 + 8, 4);
    // The always-"cat" annotator's answers sit in the cat column: the dog column keeps the prior.
    const lazy = annotators[2]!.confusion;
    expect(lazy[1]!).toBeCloseTo(1.2, 4);
    expect(lazy[3]!).toBeCloseTo(2.8, 4);
    // The crowd prior is 4 pseudo-answers a row.
    expect(fit.crowdPrior[0]! + fit.crowdPrior[1]!).toBeCloseTo(4, 4);
    expect(fit.crowdPrior[2]! + fit.crowdPrior[3]!).toBeCloseTo(4, 4);
  });

  it("clamps gold and reviewed tasks to their known answers and never overwrites a reviewer's", () => {
    const refit = startRefit(choice)!;
    for (const a of crowd(30)) {
      if (a.taskId === 1) refit.add({ ...a, gold: "dog" });
      else if (a.taskId === 2) refit.add({ ...a, aggregate: { value: "cat", method: "review" } });
      else refit.add({ ...a, aggregate: { value: "dog", method: "online-ds" } });
    }
    const tasks = [...refit.fit()!.tasks()];
    expect(tasks.find((t) => t.taskId === 1)?.aggregate.value).toBe("dog");
    expect(tasks.find((t) => t.taskId === 2)).toBeUndefined();
    expect(tasks.find((t) => t.taskId === 3)?.aggregate.value).toBe("cat");
  });

  it("fits ratings order-aware and returns them as numbers", () => {
    const refit = startRefit({ type: "rating", min: 1, max: 3, labels: {} })!;
    const truth = (task: number) => (task % 3) + 1;
    for (let task = 1; task <= 30; task++)
      for (const annotator of [1, 2, 3]) refit.add(answer(task, annotator, truth(task)));
    const fit = refit.fit()!;
    expect(fit.summary.method).toBe("ordinal-ds");
    for (const t of fit.tasks()) expect(t.aggregate.value).toBe(truth(t.taskId));
  });
});
