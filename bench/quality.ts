// Quality benchmark: accuracy of every truth-inference method on the public crowdsourcing
// datasets, a replay of dynamic overlap against fixed overlap, and speed at 500,000 answers.
// Run: npx tsx bench/quality.ts [--seeds 3] [--skip-speed] [--skip-replay]
// Prints Markdown to stdout and writes it to bench/out/quality.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseCsv } from "../packages/core/src/formats/csv.js";
import {
  addJudgment,
  createOnlinePosterior,
  crossValidateGold,
  dawidSkene,
  type EncodedAnswers,
  encodeAnswers,
  encodeGold,
  type GoldLabels,
  glad,
  groupAnswersByTask,
  mace,
  majorityVoteByTask,
  mulberry32,
  oneCoinDawidSkene,
  onlineTaskStatus,
  ordinalDawidSkene,
  refitOnlinePosterior,
  scoreAgainstGold,
  shouldStop,
  shuffleInPlace,
  simulateAnswers,
  sortClasses,
  type TaskPosteriors,
  weightedMajorityVoteByTask,
} from "../packages/core/src/quality/index.js";

const { values: args } = parseArgs({
  options: {
    seeds: { type: "string", default: "3" },
    "skip-speed": { type: "boolean", default: false },
    "skip-replay": { type: "boolean", default: false },
    "skip-accuracy": { type: "boolean", default: false },
    datasets: {
      type: "string",
      default: process.env.QUORUM_DATASETS ?? new URL("../../shared/datasets/", import.meta.url).pathname,
    },
  },
});
const SEEDS = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
const datasetsDir = args.datasets.endsWith("/") ? args.datasets : `${args.datasets}/`;

const markdown: string[] = [];
function emit(text = ""): void {
  markdown.push(text);
  process.stdout.write(`${text}\n`);
}
function table(header: string[], rows: string[][], align?: string[]): void {
  emit(`| ${header.join(" | ")} |`);
  emit(`|${(align ?? header.map((_, i) => (i === 0 ? ":--" : "--:"))).join("|")}|`);
  for (const row of rows) emit(`| ${row.join(" | ")} |`);
}
const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : "—");
const since = (start: number) => (performance.now() - start) / 1000;

// ---------------------------------------------------------------------------------------------
// Loading

async function readRows(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of parseCsv([readFileSync(path, "utf8")])) if (record.line > 1) rows.push(record.fields);
  return rows;
}

interface Dataset {
  name: string;
  answers: EncodedAnswers;
  gold: GoldLabels;
}

async function loadDataset(name: string): Promise<Dataset> {
  const answerRows = (await readRows(`${datasetsDir}${name}/answers.csv`)).map(
    ([task = "", worker = "", label = ""]) => ({
      task,
      worker,
      label,
    }),
  );
  const goldRows = (await readRows(`${datasetsDir}${name}/gold.csv`)).map(([task = "", label = ""]) => ({
    task,
    label,
  }));
  const answers = encodeAnswers(answerRows, sortClasses([...answerRows, ...goldRows].map((row) => row.label)));
  // Gold for tasks nobody answered is dropped (S_Adult: scored on its 333 answered gold tasks).
  return { name, answers, gold: encodeGold(answers, goldRows).gold };
}

// ---------------------------------------------------------------------------------------------
// Speed (first, so that peak RSS is not inflated by the datasets)

function speed(): void {
  emit("## Speed");
  emit();
  const rssBefore = process.memoryUsage().rss;
  let start = performance.now();
  const sim = simulateAnswers({ taskCount: 100_000, workerCount: 2000, classCount: 4, answersPerTask: 5, seed: 42 });
  const simulateSeconds = since(start);
  const answers = sim.answers;
  start = performance.now();
  const fit = dawidSkene(answers);
  const dsSeconds = since(start);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  let correct = 0;
  for (let t = 0; t < answers.taskCount; t++) if (fit.label[t] === sim.truth[t]) correct++;

  // Encoding the same answers from strings, as the CLI does.
  const rows = Array.from({ length: answers.task.length }, (_, i) => ({
    task: answers.taskIds[answers.task[i]!]!,
    worker: answers.workerIds[answers.worker[i]!]!,
    label: answers.classes[answers.label[i]!]!,
  }));
  start = performance.now();
  encodeAnswers(rows);
  const encodeSeconds = since(start);

  // Incremental updates: 100,000 judgments into an engine that already holds the 500,000 (refit).
  const state = createOnlinePosterior({ classCount: 4 });
  for (let i = 0; i < answers.task.length; i++)
    addJudgment(state, answers.task[i]!, answers.worker[i]!, answers.label[i]!);
  start = performance.now();
  refitOnlinePosterior(state);
  const refitSeconds = since(start);
  const random = mulberry32(7);
  const updates = 100_000;
  const tasks = Int32Array.from({ length: updates }, () => 100_000 + Math.floor(random() * 50_000));
  const workers = Int32Array.from({ length: updates }, () => Math.floor(random() * 2000));
  const labels = Int32Array.from({ length: updates }, () => Math.floor(random() * 4));
  start = performance.now();
  for (let i = 0; i < updates; i++) addJudgment(state, tasks[i]!, workers[i]!, labels[i]!);
  const microsPerUpdate = ((performance.now() - start) * 1000) / updates;

  table(
    ["measure", "value"],
    [
      [
        "synthetic data",
        "100,000 tasks × 5 answers = 500,000 answers, 2,000 workers (accuracy 0.6-0.95), 4 classes, seed 42",
      ],
      ["Dawid-Skene fit", `${dsSeconds.toFixed(2)} s, ${fit.iterations} iterations (converged: ${fit.converged})`],
      ["Dawid-Skene accuracy vs simulated truth", fmt(correct / answers.taskCount)],
      [
        "peak RSS of the process after the fit",
        `${(peakRss / 2 ** 20).toFixed(0)} MB (${(rssBefore / 2 ** 20).toFixed(0)} MB at start)`,
      ],
      ["simulating the answers", `${simulateSeconds.toFixed(2)} s`],
      ["encodeAnswers on 500,000 string rows", `${encodeSeconds.toFixed(2)} s`],
      ["online refit (full Dawid-Skene + reset) on 500,000", `${refitSeconds.toFixed(2)} s`],
      ["online addJudgment", `${microsPerUpdate.toFixed(2)} µs per judgment (mean of ${updates.toLocaleString("en")})`],
    ],
    [":--", ":--"],
  );
  emit();
}

// ---------------------------------------------------------------------------------------------
// Accuracy

const ORDINAL_DATASETS = new Set(["zhou-web"]);

interface AccuracyRow {
  name: string;
  cells: Record<string, number>;
  dsSeconds: number;
}

function accuracyOf(result: Pick<TaskPosteriors, "label">, gold: GoldLabels): number {
  return scoreAgainstGold(result.label, gold).accuracy;
}

function accuracyRow(dataset: Dataset): AccuracyRow {
  const { answers, gold } = dataset;
  const cells: Record<string, number> = {};
  cells.mv =
    SEEDS.map((seed) => accuracyOf(majorityVoteByTask(answers, { seed }), gold)).reduce((a, b) => a + b, 0) /
    SEEDS.length;
  cells.wmv = crossValidateGold(gold, (training) => weightedMajorityVoteByTask(answers, { gold: training })).accuracy;
  const start = performance.now();
  cells.ds = accuracyOf(dawidSkene(answers), gold);
  const dsSeconds = since(start);
  cells.dsGold = crossValidateGold(gold, (training) => dawidSkene(answers, { gold: training })).accuracy;
  cells.onecoin = accuracyOf(oneCoinDawidSkene(answers), gold);
  cells.glad = accuracyOf(glad(answers), gold);
  cells.mace = accuracyOf(mace(answers), gold);
  cells.ordinal = ORDINAL_DATASETS.has(dataset.name) ? accuracyOf(ordinalDawidSkene(answers), gold) : Number.NaN;
  return { name: dataset.name, cells, dsSeconds };
}

// Published accuracies. crowd-kit: Ustalov, Pavlichenko, Tseitlin, "Learning from Crowds with
// Crowd-Kit", JOSS 9(96) 6227, 2024, Table 1 (read from Toloka/crowd-kit joss/paper.md). Zheng et
// al., VLDB 2017, Table 6: only the D_PosSent figures are given here (MV 0.9331, D&S 0.9600, as
// quoted by a third party; not checked against the paper); other Table 6 cells are not quoted
// because we could not verify them, and their S_Adult numbers (~0.36) score unanswered gold tasks
// with a random label.
const PUBLISHED: Record<string, Record<string, string>> = {
  "zheng-d_product": { mv: "0.897", ds: "0.940", glad: "0.928", mace: "0.929" },
  "zheng-d_possent": { mv: "0.932 (Zheng: 0.933?)", ds: "0.960 (Zheng: 0.960?)", glad: "0.948", mace: "0.950" },
  "zheng-s_rel": { mv: "0.536", ds: "0.615", glad: "0.511", mace: "0.501" },
  "zheng-s_adult": { mv: "0.763", ds: "0.748", glad: "0.760", mace: "0.763" },
};

function accuracySection(datasets: Dataset[]): void {
  emit("## Accuracy against gold");
  emit();
  emit(
    "Unsupervised methods see no gold. `wmv` (gold-weighted vote) and `ds+gold` (Dawid-Skene with gold tasks clamped) " +
      "are scored by 5-fold cross-validation over the gold tasks: each gold task is scored by a fit that did not see it. " +
      `MV breaks ties at random (mean over ${SEEDS.length} seeds). Defaults everywhere (Dawid-Skene smoothing 0.01; one-coin, GLAD and MACE with uniform class priors; MACE by variational Bayes). ` +
      "`ordinal` (Dawid-Skene, posterior-median grade) is run on the ordinal dataset only.",
  );
  emit();
  const columns = ["mv", "wmv", "ds", "dsGold", "onecoin", "glad", "mace", "ordinal"];
  const titles = ["MV", "WMV (cv)", "DS", "DS+gold (cv)", "one-coin", "GLAD", "MACE", "ordinal"];
  const rows: string[][] = [];
  const headline = datasets.filter((d) => d.name !== "crowdkit-simple");
  const results = new Map<string, AccuracyRow>();
  for (const dataset of datasets) {
    const row = accuracyRow(dataset);
    results.set(dataset.name, row);
    const best = Math.max(
      ...columns
        .filter((c) => c !== "dsGold" && c !== "wmv")
        .map((c) => row.cells[c] ?? Number.NaN)
        .filter(Number.isFinite),
    );
    rows.push([
      dataset.name === "crowdkit-simple" ? "crowdkit-simple (toy, not in mean)" : dataset.name,
      dataset.answers.taskCount.toLocaleString("en"),
      dataset.answers.workerCount.toLocaleString("en"),
      dataset.answers.task.length.toLocaleString("en"),
      dataset.gold.size.toLocaleString("en"),
      ...columns.map((c) => {
        const value = row.cells[c]!;
        const text = fmt(value);
        return value === best && c !== "dsGold" && c !== "wmv" ? `**${text}**` : text;
      }),
      `${row.dsSeconds.toFixed(2)} s`,
    ]);
  }
  const mean = (column: string) => {
    const values = headline.map((d) => results.get(d.name)!.cells[column]!).filter(Number.isFinite);
    return values.length === headline.length ? fmt(values.reduce((a, b) => a + b, 0) / values.length) : "—";
  };
  rows.push(["mean (10 datasets)", "", "", "", "", ...columns.map(mean), ""]);
  table(["dataset", "tasks", "workers", "answers", "gold scored", ...titles, "DS time"], rows);
  emit();
  emit(
    "Published accuracies on the same data (crowd-kit, JOSS 2024, Table 1; `?` = Zheng et al. 2017 Table 6 as quoted by a third party, unverified):",
  );
  emit();
  table(
    ["dataset", "MV", "DS", "GLAD", "MACE", "ours MV / DS / GLAD / MACE"],
    Object.entries(PUBLISHED).map(([name, p]) => {
      const ours = results.get(name)?.cells;
      return [
        name,
        p.mv!,
        p.ds!,
        p.glad!,
        p.mace!,
        ours ? `${fmt(ours.mv!, 3)} / ${fmt(ours.ds!, 3)} / ${fmt(ours.glad!, 3)} / ${fmt(ours.mace!, 3)}` : "—",
      ];
    }),
  );
  emit();
}

// ---------------------------------------------------------------------------------------------
// Replay: dynamic overlap with the online engine vs fixed overlap 5 with majority vote

interface Policy {
  min: number;
  target: number;
}

interface ReplayResult {
  fixedAccuracy: number;
  fixedDsAccuracy: number;
  dynamicAccuracy: number;
  dynamicFinalAccuracy: number;
  judgmentsPerTask: number;
}

/** Tasks with at least 5 answers, each with its answers in a seeded random order. */
function shuffledTasks(answers: EncodedAnswers, seed: number): { tasks: number[]; order: Map<number, number[]> } {
  const random = mulberry32(seed);
  const { start, order } = groupAnswersByTask(answers);
  const byTask = new Map<number, number[]>();
  for (let t = 0; t < answers.taskCount; t++) {
    if (start[t + 1]! - start[t]! < 5) continue;
    const list = Array.from(order.subarray(start[t]!, start[t + 1]!));
    shuffleInPlace(list, random);
    byTask.set(t, list);
  }
  const tasks = [...byTask.keys()];
  shuffleInPlace(tasks, random);
  return { tasks, order: byTask };
}

function subset(answers: EncodedAnswers, indices: number[]): EncodedAnswers {
  return {
    ...answers,
    task: Int32Array.from(indices, (i) => answers.task[i]!),
    worker: Int32Array.from(indices, (i) => answers.worker[i]!),
    label: Int32Array.from(indices, (i) => answers.label[i]!),
  };
}

/** Refit after these rounds (1-based): every round up to 10, then every 5th; heavy rounds are few. */
function refitAfter(round: number, policy: Policy): boolean {
  return round >= policy.min && (round <= 10 || round % 5 === 0);
}

function replay(
  dataset: Dataset,
  seed: number,
  policies: Policy[],
): {
  base: Omit<ReplayResult, "dynamicAccuracy" | "dynamicFinalAccuracy" | "judgmentsPerTask">;
  dynamic: Map<Policy, Pick<ReplayResult, "dynamicAccuracy" | "dynamicFinalAccuracy" | "judgmentsPerTask">>;
  tasks: number;
  goldTasks: number;
} {
  const { answers } = dataset;
  const { tasks, order } = shuffledTasks(answers, seed);
  const gold = new Map([...dataset.gold].filter(([t]) => order.has(t)));
  const firstFive = subset(
    answers,
    tasks.flatMap((t) => order.get(t)!.slice(0, 5)),
  );
  const fixedAccuracy = accuracyOf(majorityVoteByTask(firstFive, { seed }), gold);
  const fixedDsAccuracy = accuracyOf(dawidSkene(firstFive), gold);
  const dynamic = new Map<
    Policy,
    Pick<ReplayResult, "dynamicAccuracy" | "dynamicFinalAccuracy" | "judgmentsPerTask">
  >();
  for (const policy of policies) {
    const state = createOnlinePosterior({ classCount: answers.classCount });
    const used = new Map<number, number>();
    const decided = new Map<number, number>();
    const collected: number[] = [];
    const maxRounds = Math.max(...tasks.map((t) => order.get(t)!.length));
    for (let round = 1; round <= maxRounds && decided.size < tasks.length; round++) {
      for (const t of tasks) {
        if (decided.has(t)) continue;
        const list = order.get(t)!;
        const i = list[round - 1]!;
        const status = addJudgment(state, t, answers.worker[i]!, answers.label[i]!);
        collected.push(i);
        used.set(t, round);
        if (shouldStop(status, { min: policy.min, max: list.length, target: policy.target }))
          decided.set(t, status.label);
      }
      if (refitAfter(round, policy) && decided.size < tasks.length) {
        refitOnlinePosterior(state);
        for (const t of tasks) {
          if (decided.has(t)) continue;
          const status = onlineTaskStatus(state, t);
          if (shouldStop(status, { min: policy.min, max: order.get(t)!.length, target: policy.target }))
            decided.set(t, status.label);
        }
      }
    }
    const atStop = new Int32Array(answers.taskCount);
    for (const [t, label] of decided) atStop[t] = label;
    const final = dawidSkene(subset(answers, collected));
    let judgments = 0;
    for (const t of tasks) judgments += used.get(t)!;
    dynamic.set(policy, {
      dynamicAccuracy: accuracyOf({ label: atStop }, gold),
      dynamicFinalAccuracy: accuracyOf(final, gold),
      judgmentsPerTask: judgments / tasks.length,
    });
  }
  return { base: { fixedAccuracy, fixedDsAccuracy }, dynamic, tasks: tasks.length, goldTasks: gold.size };
}

function replaySection(datasets: Dataset[]): void {
  emit("## Replay: dynamic overlap vs fixed overlap 5");
  emit();
  emit(
    "Tasks with at least 5 answers only (others dropped); each task's answers revealed one at a time in a random order, " +
      `round-robin over tasks in random order, ${SEEDS.length} seeds (means shown). Fixed: the first 5 answers of each task, majority vote ` +
      "(ties at random) and, for reference, Dawid-Skene on those 5. Dynamic: the online engine (new workers start at accuracy 0.7, " +
      "4 pseudo-answers), a task stops once it has `min` judgments and its leading class reaches `target`, or when its answers run out " +
      "(max = all available); the engine is refit (full Dawid-Skene) after every round from round `min` to 10, then every 5th round. " +
      "`at stop` is the label when the task stopped; `final DS` refits Dawid-Skene on all judgments collected (no extra judgments). " +
      "The target is fixed-5 MV accuracy with at most 2.5 judgments per task.",
  );
  emit();
  const policies: Policy[] = (process.env.QUORUM_POLICIES ?? "2:0.7,2:0.8,2:0.9,3:0.95").split(",").map((p) => {
    const [min, target] = p.split(":").map(Number);
    return { min: min!, target: target! };
  });
  const rows: string[][] = [];
  const verdicts: string[] = [];
  const eligible = datasets.filter((d) => {
    const counts = new Int32Array(d.answers.taskCount);
    for (const t of d.answers.task) counts[t]!++;
    let many = 0;
    for (const c of counts) if (c >= 5) many++;
    return d.name !== "crowdkit-simple" && many >= d.answers.taskCount / 2;
  });
  const policyWins = new Map<Policy, number>(policies.map((p) => [p, 0]));
  for (const dataset of eligible) {
    const runs = SEEDS.map((seed) => replay(dataset, seed, policies));
    const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
    const fixed = mean((r) => r.base.fixedAccuracy);
    const fixedDs = mean((r) => r.base.fixedDsAccuracy);
    const cells = policies.map((p) => {
      const acc = mean((r) => r.dynamic.get(p)!.dynamicAccuracy);
      const final = mean((r) => r.dynamic.get(p)!.dynamicFinalAccuracy);
      const used = mean((r) => r.dynamic.get(p)!.judgmentsPerTask);
      const met = Math.max(acc, final) >= fixed - 0.0005 && used <= 2.5;
      if (met) policyWins.set(p, policyWins.get(p)! + 1);
      return `${fmt(acc, 3)} / ${fmt(final, 3)} @ ${used.toFixed(2)}${met ? " ✓" : ""}`;
    });
    rows.push([
      dataset.name,
      `${runs[0]!.tasks} (${runs[0]!.goldTasks})`,
      `${fmt(fixed, 3)} / ${fmt(fixedDs, 3)}`,
      ...cells,
    ]);
  }
  table(
    [
      "dataset",
      "tasks (gold)",
      "fixed-5: MV / DS",
      ...policies.map((p) => `min ${p.min}, target ${p.target}: at stop / final DS @ judgments`),
    ],
    rows,
  );
  emit();
  emit("`✓`: accuracy (at stop or final DS) ≥ fixed-5 MV accuracy − 0.0005 with ≤ 2.5 judgments per task.");
  for (const p of policies)
    verdicts.push(`min ${p.min}/target ${p.target}: ${policyWins.get(p)} of ${eligible.length} datasets`);
  emit();
  emit(`Target met: ${verdicts.join("; ")}.`);
  emit();
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  emit("# Quorum quality benchmark");
  emit();
  emit(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Datasets: ${datasetsDir} (see its README).`);
  emit();
  if (!args["skip-speed"]) speed();
  if (!existsSync(datasetsDir)) throw new Error(`no datasets at ${datasetsDir} (set QUORUM_DATASETS)`);
  const names = readdirSync(datasetsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${datasetsDir}${entry.name}/answers.csv`))
    .map((entry) => entry.name)
    .sort((a, b) => (a === "crowdkit-simple" ? 1 : b === "crowdkit-simple" ? -1 : a.localeCompare(b)));
  const datasets: Dataset[] = [];
  for (const name of names) datasets.push(await loadDataset(name));
  if (!args["skip-accuracy"]) accuracySection(datasets);
  if (!args["skip-replay"]) replaySection(datasets);
  mkdirSync(new URL("./out/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./out/quality.md", import.meta.url), `${markdown.join("\n")}\n`);
  process.stderr.write("wrote bench/out/quality.md\n");
}

await main();
