// Variants of the dynamic-overlap replay beside fixed-5 majority vote, on both halves of the gold:
// the tuning half (1), where a setting may be chosen, and the scored half (0). For trying a
// stopping rule or engine setting before it goes into bench/quality.ts's single policy.
// Run: npx tsx bench/replay-variants.ts --only zheng-s_dog,zheng-d_duck \
//        --variants '[{"minGain":0.12},{"minGain":0.16,"voteTieContinues":true}]'
// Each variant is a DynamicPolicy (min 2, max 5 unless given) plus an optional "engine" object
// overriding bench/quality.ts's engine settings, and optionally "minGains": a list of min gains
// run in turn, with the accuracies read off that curve at 2.5 judgments per task (as
// bench/quality.ts reads its table). Judgments per task are all-in: with "control" (gold tasks
// served as the product serves gold, bench/replay.ts's ControlPlan), the control tasks'
// judgments are spread over the queue tasks, and control tasks are left out of both halves'
// accuracies, e.g.
//        --variants '[{"minGains":[0.08,0.12,0.16,0.2],"control":{"fraction":0.05,"share":0.05,"overlap":5}}]'
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseCsv } from "../packages/core/src/formats/csv.js";
import { encodeAnswers, encodeGold, sortClasses } from "../packages/core/src/quality/index.js";
import {
  type DynamicPolicy,
  type EngineSettings,
  judgmentsPerTask,
  offlineLabels,
  prepareReplay,
  type ReplayData,
  replayDynamic,
  replayFixed,
} from "./replay.js";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    variants: { type: "string", default: '[{"minGain":0.12}]' },
    seeds: { type: "string", default: "5" },
    datasets: {
      type: "string",
      default: process.env.QUORUM_DATASETS ?? new URL("../../shared/datasets/", import.meta.url).pathname,
    },
  },
});
const datasetsDir = args.datasets.endsWith("/") ? args.datasets : `${args.datasets}/`;
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
/** bench/quality.ts's ENGINE. */
const ENGINE: EngineSettings = {
  priorAccuracy: 0.7,
  priorStrength: 4,
  refitEvery: 500,
  refitGrowth: 0.1,
  pooledPriorStrength: 4,
  refitMaxIterations: 20,
};
/** `minGains`: run each and read the accuracies off that curve at the budget (all-in judgments per task). */
type Variant = Partial<DynamicPolicy> & { engine?: Partial<EngineSettings>; minGains?: number[] };
const BUDGET = 2.5;
const variants = JSON.parse(args.variants) as Variant[];

async function readRows(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of parseCsv([readFileSync(path, "utf8")])) if (record.line > 1) rows.push(record.fields);
  return rows;
}

async function load(name: string): Promise<ReplayData> {
  const answerRows = (await readRows(`${datasetsDir}${name}/answers.csv`)).map(
    ([task = "", worker = "", label = ""]) => ({ task, worker, label }),
  );
  const goldRows = (await readRows(`${datasetsDir}${name}/gold.csv`)).map(([task = "", label = ""]) => ({
    task,
    label,
  }));
  const answers = encodeAnswers(answerRows, sortClasses([...answerRows, ...goldRows].map((row) => row.label)));
  return prepareReplay(name, answers, encodeGold(answers, goldRows).gold);
}

/** Accuracy on the gold tasks of `half`, control tasks (`skip`) left out. */
function accuracy(data: ReplayData, labels: ArrayLike<number>, half: number, skip?: Uint8Array): number {
  let right = 0;
  let scored = 0;
  for (let t = 0; t < data.taskCount; t++) {
    if (data.gold[t]! < 0 || data.half[t] !== half || skip?.[t]) continue;
    scored++;
    if (labels[t] === data.gold[t]) right++;
  }
  return right / scored;
}

interface Point {
  minGain: number | undefined;
  used: number;
  queueUsed: number;
  /** Per half: at stop, final, fixed-5 MV on the same tasks. */
  atStop: number[];
  final: number[];
  fixed: number[];
}

/** The points' accuracies linearly interpolated at `budget` all-in judgments per task (undefined: even the cheapest costs more). */
function atBudget(points: Point[], budget: number): Point | undefined {
  const sorted = [...points].sort((a, b) => a.used - b.used);
  if (sorted.length === 0 || sorted[0]!.used > budget) return undefined;
  const b = sorted.find((p) => p.used >= budget);
  if (!b) return sorted[sorted.length - 1];
  const a = sorted[sorted.indexOf(b) - 1] ?? b;
  const w = b.used === a.used ? 1 : (budget - a.used) / (b.used - a.used);
  const mix = (x: number[], y: number[]) => x.map((v, i) => v + w * (y[i]! - v));
  return {
    minGain: (a.minGain ?? 0) + w * ((b.minGain ?? 0) - (a.minGain ?? 0)),
    used: budget,
    queueUsed: a.queueUsed + w * (b.queueUsed - a.queueUsed),
    atStop: mix(a.atStop, b.atStop),
    final: mix(a.final, b.final),
    fixed: mix(a.fixed, b.fixed),
  };
}

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;
const line = (label: string, p: Point) =>
  `  ${label} @ ${p.used.toFixed(2)}/task all-in (${p.queueUsed.toFixed(2)} on queue tasks): ` +
  `tuning at stop / final ${f3(p.atStop[1]!)} / ${f3(p.final[1]!)} (${signed(p.atStop[1]! - p.fixed[1]!)}), ` +
  `scored ${f3(p.atStop[0]!)} / ${f3(p.final[0]!)} (${signed(p.atStop[0]! - p.fixed[0]!)})\n`;
for (const name of args.only?.split(",") ?? []) {
  const data = await load(name);
  const fixedLabels = seeds.map((seed) => offlineLabels(data, replayFixed(data, seed, 5).served).mv);
  const fixedOn = (half: number, skip?: Uint8Array) =>
    fixedLabels.reduce((sum, mv) => sum + accuracy(data, mv, half, skip), 0) / seeds.length;
  process.stdout.write(`${name}: fixed-5 MV tuning half ${f3(fixedOn(1))}, scored half ${f3(fixedOn(0))}\n`);
  for (const { engine, minGains, ...policy } of variants) {
    const points: Point[] = [];
    for (const minGain of minGains ?? [policy.minGain]) {
      const point: Point = { minGain, used: 0, queueUsed: 0, atStop: [0, 0], final: [0, 0], fixed: [0, 0] };
      for (const seed of seeds) {
        const outcome = replayDynamic(
          data,
          seed,
          { ...ENGINE, ...engine },
          { min: 2, max: 5, target: 1, ...policy, minGain },
        );
        const perTask = judgmentsPerTask(outcome);
        point.used += perTask.allIn / seeds.length;
        point.queueUsed += perTask.queue / seeds.length;
        for (const half of [0, 1]) {
          point.atStop[half]! += accuracy(data, outcome.atStop, half, outcome.control) / seeds.length;
          point.final[half]! += accuracy(data, outcome.final, half, outcome.control) / seeds.length;
          point.fixed[half]! += fixedOn(half, outcome.control) / seeds.length;
        }
      }
      points.push(point);
      process.stdout.write(line(JSON.stringify({ ...policy, minGain, ...(engine ? { engine } : {}) }), point));
    }
    if (minGains) {
      const at = atBudget(points, BUDGET);
      process.stdout.write(
        at
          ? line(`→ at ${BUDGET} (min gain ${at.minGain!.toFixed(3)})`, at)
          : `  → every min gain costs more than ${BUDGET}\n`,
      );
    }
  }
}
