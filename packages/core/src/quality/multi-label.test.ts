import { describe, expect, it } from "vitest";
import { encodeMultiLabelAnswers, multiLabelInference } from "./multi-label.js";
import { mulberry32 } from "./random.js";

describe("multi-label inference", () => {
  const taxonomy = ["hate", "spam", "violence"];
  const random = mulberry32(2);
  const truth: string[][] = [];
  const rows: { task: string; worker: string; labels: string[] }[] = [];
  for (let t = 0; t < 200; t++) {
    const set = taxonomy.filter(() => random() < 0.3);
    truth.push(set);
    for (let w = 0; w < 5; w++) {
      // Workers 0-2 flip each label with probability 0.1; workers 3-4 select at random.
      const noisy = w >= 3;
      const labels = taxonomy.filter((label) => (noisy ? random() < 0.5 : set.includes(label) !== random() < 0.1));
      rows.push({ task: `t${t}`, worker: `w${w}`, labels });
    }
  }
  const answers = encodeMultiLabelAnswers(rows);

  it("encodes label sets in taxonomy order and rejects unknown labels", () => {
    expect(answers.labels).toEqual(taxonomy);
    expect(answers.labelCount).toBe(3);
    const small = encodeMultiLabelAnswers([{ task: "a", worker: "w", labels: ["y", "x", "y"] }]);
    expect(Array.from(small.labelIndex)).toEqual([0, 1]);
    expect(() => encodeMultiLabelAnswers([{ task: "a", worker: "w", labels: ["z"] }], ["x"])).toThrow(
      /not in the taxonomy/,
    );
  });

  it.each(["onecoin", "ds"] as const)(
    "recovers most label sets with %s per label, with per-label confidence",
    (method) => {
      const result = multiLabelInference(answers, { method });
      let exact = 0;
      for (let t = 0; t < 200; t++) {
        const inferred = result.labelSets[t]!.map((i) => answers.labels[i]);
        if (JSON.stringify(inferred) === JSON.stringify(truth[answers.taskIds.indexOf(`t${t}`)])) exact++;
      }
      expect(exact / 200).toBeGreaterThanOrEqual(0.85);
      expect(result.perLabel).toHaveLength(3);
      for (const p of result.presence) expect(p >= 0 && p <= 1).toBe(true);
      // The random selectors are recognised as worse on every label.
      for (const fit of result.perLabel) expect(fit.workerAccuracy[4]!).toBeLessThan(fit.workerAccuracy[0]!);
    },
  );

  it("clamps gold label sets", () => {
    const result = multiLabelInference(answers, { gold: new Map([[0, [0, 2]]]) });
    expect(result.labelSets[0]).toEqual([0, 2]);
    expect(result.presence[1]).toBe(0);
  });
});
