import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EncodedAnswers, GoldLabels } from "./answers.js";
import { dawidSkene } from "./dawid-skene.js";
import { glad } from "./glad.js";
import { mace } from "./mace.js";
import { majorityVoteByTask } from "./majority-vote.js";
import { oneCoinDawidSkene } from "./one-coin-dawid-skene.js";
import { ordinalDawidSkene } from "./ordinal-ds.js";
import type { TaskPosteriors } from "./task-posteriors.js";
import { weightedMajorityVoteByTask } from "./weighted-majority-vote.js";

type Row = [task: number, worker: number, label: number];

function build(classCount: number, taskCount: number, workerCount: number, rows: readonly Row[]): EncodedAnswers {
  return {
    taskCount,
    workerCount,
    classCount,
    task: Int32Array.from(rows, (r) => r[0]),
    worker: Int32Array.from(rows, (r) => r[1]),
    label: Int32Array.from(rows, (r) => r[2]),
    taskIds: Array.from({ length: taskCount }, (_, i) => `t${i}`),
    workerIds: Array.from({ length: workerCount }, (_, i) => `w${i}`),
    classes: Array.from({ length: classCount }, (_, i) => `c${i}`),
  };
}

/** Random small answer sets: 2-4 classes, up to 12 tasks, 6 workers, 60 answers. */
const answersArbitrary = fc
  .record({ K: fc.integer({ min: 2, max: 4 }), T: fc.integer({ min: 1, max: 12 }), W: fc.integer({ min: 1, max: 6 }) })
  .chain(({ K, T, W }) =>
    fc
      .array(fc.tuple(fc.nat(T - 1), fc.nat(W - 1), fc.nat(K - 1)), { minLength: 1, maxLength: 60 })
      .map((rows) => build(K, T, W, rows)),
  );

/** A permutation of 0..n-1. */
function permutationArbitrary(n: number) {
  return fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );
}

// Fixed iteration counts (no early stop) so two runs on relabelled data do the same work.
const fixed = { maxIterations: 15, tolerance: Number.NEGATIVE_INFINITY };
const methods: Record<string, (answers: EncodedAnswers, gold?: GoldLabels) => TaskPosteriors> = {
  mv: (a) => majorityVoteByTask(a),
  wmv: (a, gold) => weightedMajorityVoteByTask(a, { gold: gold ?? new Map() }),
  ds: (a, gold) => dawidSkene(a, gold ? { ...fixed, gold } : fixed),
  onecoin: (a, gold) => oneCoinDawidSkene(a, gold ? { ...fixed, gold } : fixed),
  glad: (a, gold) => glad(a, gold ? { ...fixed, gold } : fixed),
  mace: (a, gold) => mace(a, gold ? { ...fixed, gold } : fixed),
  ordinal: (a, gold) =>
    ordinalDawidSkene(a, gold ? { ...fixed, gold, decision: "mode" } : { ...fixed, decision: "mode" }),
};

describe.each(Object.entries(methods))("%s invariants", (_name, infer) => {
  it("returns a probability distribution per task, and its argmax with that probability", () => {
    fc.assert(
      fc.property(answersArbitrary, (answers) => {
        const result = infer(answers);
        const K = answers.classCount;
        for (let t = 0; t < answers.taskCount; t++) {
          const row = Array.from(result.posterior.subarray(t * K, (t + 1) * K));
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          for (const p of row) expect(p).toBeGreaterThanOrEqual(0);
          expect(result.confidence[t]).toBe(row[result.label[t]!]);
          expect(result.confidence[t]).toBeGreaterThanOrEqual(Math.max(...row) - 1e-12);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("is invariant to relabelling the classes: permuting class indices permutes the posterior", () => {
    fc.assert(
      fc.property(
        answersArbitrary.chain((answers) => fc.tuple(fc.constant(answers), permutationArbitrary(answers.classCount))),
        ([answers, permutation]) => {
          const relabelled = { ...answers, label: answers.label.map((l) => permutation[l]!) };
          const before = infer(answers);
          const after = infer(relabelled);
          const K = answers.classCount;
          for (let t = 0; t < answers.taskCount; t++) {
            for (let k = 0; k < K; k++) {
              expect(after.posterior[t * K + permutation[k]!]).toBeCloseTo(before.posterior[t * K + k]!, 6);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("does not depend on the order of the answers", () => {
    fc.assert(
      fc.property(
        answersArbitrary.chain((answers) => fc.tuple(fc.constant(answers), permutationArbitrary(answers.task.length))),
        ([answers, order]) => {
          const shuffled = {
            ...answers,
            task: Int32Array.from(order, (i) => answers.task[i]!),
            worker: Int32Array.from(order, (i) => answers.worker[i]!),
            label: Int32Array.from(order, (i) => answers.label[i]!),
          };
          const a = infer(answers).posterior;
          const b = infer(shuffled).posterior;
          for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
        },
      ),
      { numRuns: 40 },
    );
  });

  // At least two workers: with one, Dawid-Skene is not identifiable (any confusion matrix fits).
  it("recovers the truth when every answer is right and at least two workers answered", () => {
    fc.assert(
      fc.property(
        fc
          .record({
            K: fc.integer({ min: 2, max: 4 }),
            T: fc.integer({ min: 1, max: 15 }),
            W: fc.integer({ min: 2, max: 5 }),
          })
          .chain((sizes) =>
            fc.tuple(fc.constant(sizes), fc.array(fc.nat(sizes.K - 1), { minLength: sizes.T, maxLength: sizes.T })),
          ),
        ([{ K, T, W }, truth]) => {
          const rows: Row[] = [];
          for (let t = 0; t < T; t++) for (let w = 0; w < W; w++) rows.push([t, w, truth[t]!]);
          const result = infer(build(K, T, W, rows));
          expect(Array.from(result.label)).toEqual(truth);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe.each(Object.entries(methods).filter(([name]) => name !== "mv"))("%s with gold", (_name, infer) => {
  it("keeps every gold task at its gold label with confidence 1", () => {
    fc.assert(
      fc.property(
        answersArbitrary.chain((answers) =>
          fc.tuple(
            fc.constant(answers),
            fc.array(fc.tuple(fc.nat(answers.taskCount - 1), fc.nat(answers.classCount - 1)), { maxLength: 6 }),
          ),
        ),
        ([answers, goldRows]) => {
          const gold = new Map(goldRows);
          const result = infer(answers, gold);
          for (const [t, c] of gold) {
            expect(result.label[t]).toBe(c);
            expect(result.confidence[t]).toBe(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
