// Variants of the dynamic-overlap replay beside fixed-5 majority vote, on both halves of the gold:
// the tuning half (1), where a setting may be chosen, and the scored half (0). For trying a
// stopping rule or engine setting before it goes into bench/quality.ts's single policy.
// Run: npx tsx bench/replay-variants.ts --only zheng-s_dog,zheng-d_duck \
//        --variants '[{"minGain":0.12},{"minGain":0.16,"voteTieContinues":true}]'
// Each variant is a DynamicPolicy (min 2, max 5 unless given) plus an optional "engine" object
// overriding bench/quality.ts's engine settings.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseCsv } from "../packages/core/src/formats/csv.js";
import { encodeAnswers, encodeGold, sortClasses } from "../packages/core/src/quality/index.js";
import {
  type DynamicPolicy,
  type EngineSettings,
  meanUsed,
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
type Variant = Partial<DynamicPolicy> & { engine?: Partial<EngineSettings> };
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

function accuracy(data: ReplayData, labels: ArrayLike<number>, half: number): number {
  let right = 0;
  let scored = 0;
  for (let t = 0; t < data.taskCount; t++) {
    if (data.gold[t]! < 0 || data.half[t] !== half) continue;
    scored++;
    if (labels[t] === data.gold[t]) right++;
  }
  return right / scored;
}

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`;
for (const name of args.only?.split(",") ?? []) {
  const data = await load(name);
  const fixed = [0, 0];
  for (const seed of seeds) {
    const mv = offlineLabels(data, replayFixed(data, seed, 5).served).mv;
    for (const half of [0, 1]) fixed[half]! += accuracy(data, mv, half) / seeds.length;
  }
  process.stdout.write(`${name}: fixed-5 MV tuning half ${f3(fixed[1]!)}, scored half ${f3(fixed[0]!)}\n`);
  for (const { engine, ...policy } of variants) {
    let used = 0;
    const atStop = [0, 0];
    const final = [0, 0];
    for (const seed of seeds) {
      const outcome = replayDynamic(data, seed, { ...ENGINE, ...engine }, { min: 2, max: 5, target: 1, ...policy });
      used += meanUsed(outcome.used) / seeds.length;
      for (const half of [0, 1]) {
        atStop[half]! += accuracy(data, outcome.atStop, half) / seeds.length;
        final[half]! += accuracy(data, outcome.final, half) / seeds.length;
      }
    }
    process.stdout.write(
      `  ${JSON.stringify({ ...policy, ...(engine ? { engine } : {}) })} @ ${used.toFixed(2)}/task: ` +
        `tuning at stop / final ${f3(atStop[1]!)} / ${f3(final[1]!)} (${signed(atStop[1]! - fixed[1]!)}), ` +
        `scored ${f3(atStop[0]!)} / ${f3(final[0]!)} (${signed(atStop[0]! - fixed[0]!)})\n`,
    );
  }
}
