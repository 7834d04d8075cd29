import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import {
  type AnswerRow,
  applyCalibration,
  chooseMethod,
  crossValidateCalibration,
  csvRow,
  dawidSkene,
  type EncodedAnswers,
  encodeAnswers,
  encodeGold,
  expectedCalibrationError,
  fitCalibration,
  type GoldLabels,
  type GoldScore,
  glad,
  heldOutPosteriors,
  type IterativeFit,
  mace,
  majorityVoteByTask,
  oneCoinDawidSkene,
  ordinalDawidSkene,
  parseCsv,
  runCandidate,
  scoreAgainstGold,
  sortClasses,
  type TaskPosteriors,
  wawa,
  weightedMajorityVoteByTask,
} from "@quorum/core";
import { integerOption } from "../args.js";
import { InputError } from "../input-error.js";
import { type Io, readTextChunks } from "../io.js";

export const INFER_HELP = `quorum infer --method auto|mv|wawa|wmv|ds|onecoin|glad|mace|ordinal --answers answers.csv [--gold gold.csv] [--out labels.csv]
  Infers each task's label from crowd answers (CSV with columns task, worker, label) and writes
  task,label,confidence to --out (standard output when omitted or "-"); prints a summary to stderr.
  --method         mv majority vote (ties: the first label in sorted order, counted in the summary),
                   wawa agreement-weighted vote, wmv gold-weighted vote (needs --gold), ds Dawid-Skene
                   (default), onecoin one-coin Dawid-Skene, glad GLAD, mace MACE, ordinal Dawid-Skene
                   for grades, auto: the best by held-out gold accuracy with --gold (30+ gold tasks),
                   otherwise Dawid-Skene, with a Laplace prior when workers answer little
  --gold FILE      known labels (columns task, label): clamped in the output; the summary reports
                   accuracy on gold, held out by --folds cross-validation for methods that use gold,
                   and the confidences are calibrated on the gold (expected calibration error shown)
  --folds N        cross-validation folds for that accuracy (default 5; 0 scores the gold-fitted run)
  --max-iterations N   EM iteration cap (default 100)
  --seed N         seed for MACE restarts and fold assignment (default 1)`;

export const INFERENCE_METHODS = ["auto", "mv", "wawa", "wmv", "ds", "onecoin", "glad", "mace", "ordinal"] as const;
export type InferenceMethod = (typeof INFERENCE_METHODS)[number];

export interface InferenceRunOptions {
  gold?: GoldLabels;
  maxIterations?: number;
  seed?: number;
}

export type InferenceRun = TaskPosteriors & Partial<IterativeFit> & { tieCount?: number };

/** The fit's report fields (iterations, ties) that calibration must not drop. */
function pickFit(run: InferenceRun): Partial<IterativeFit> & { tieCount?: number } {
  const { iterations, converged, logLikelihood, tieCount } = run;
  return {
    ...(iterations === undefined ? {} : { iterations }),
    ...(converged === undefined ? {} : { converged }),
    ...(logLikelihood === undefined ? {} : { logLikelihood }),
    ...(tieCount === undefined ? {} : { tieCount }),
  };
}

/** Runs one inference method by its CLI name. `wmv` needs gold; `auto` runs what `chooseMethod` picks. */
export function runInference(
  method: InferenceMethod,
  answers: EncodedAnswers,
  options: InferenceRunOptions = {},
): InferenceRun {
  const em = {
    ...(options.gold ? { gold: options.gold } : {}),
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  };
  switch (method) {
    case "auto": {
      const choice = chooseMethod(answers, options.gold ? { gold: options.gold, seed: options.seed ?? 1 } : {});
      return runCandidate(choice.method, answers, options.gold);
    }
    case "mv":
      return majorityVoteByTask(answers);
    case "wawa":
      return wawa(answers);
    case "wmv":
      if (!options.gold) throw new Error("--method wmv needs --gold");
      return weightedMajorityVoteByTask(answers, { gold: options.gold });
    case "ds":
      return dawidSkene(answers, em);
    case "onecoin":
      return oneCoinDawidSkene(answers, em);
    case "glad":
      return glad(answers, em);
    case "mace":
      return mace(answers, { ...em, seed: options.seed ?? 1 });
    case "ordinal":
      return ordinalDawidSkene(answers, em);
  }
}

async function* records(path: string, columns: readonly string[]): AsyncGenerator<{ line: number; values: string[] }> {
  let indices: number[] | undefined;
  try {
    for await (const record of parseCsv(readTextChunks(path))) {
      if (!indices) {
        const header = record.fields.map((field) => field.trim().toLowerCase());
        indices = columns.map((column) => header.indexOf(column));
        const missing = columns.filter((_, i) => indices![i] === -1);
        if (missing.length > 0)
          throw new InputError(`${path} line ${record.line}: header has no ${missing.join(", ")} column`);
        continue;
      }
      const values = indices.map((index) => record.fields[index] ?? "");
      const empty = values.indexOf("");
      if (empty >= 0) throw new InputError(`${path} line ${record.line}: missing ${columns[empty]}`);
      yield { line: record.line, values };
    }
  } catch (error) {
    if (error instanceof Error && !error.message.startsWith(path)) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new InputError(`${path}: no such file`);
      throw new InputError(`${path} ${error.message}`);
    }
    throw error;
  }
  if (!indices) throw new InputError(`${path}: the file is empty (expected a header line)`);
}

/** Reads an answers CSV (header naming task, worker and label; other columns ignored). */
export async function readAnswersCsv(path: string): Promise<AnswerRow[]> {
  const rows: AnswerRow[] = [];
  for await (const { values } of records(path, ["task", "worker", "label"])) {
    rows.push({ task: values[0]!, worker: values[1]!, label: values[2]! });
  }
  return rows;
}

/** Reads a gold CSV (header naming task and label); a task listed twice with different labels is an error. */
export async function readGoldCsv(path: string): Promise<{ task: string; label: string }[]> {
  const seen = new Map<string, string>();
  const rows: { task: string; label: string }[] = [];
  for await (const { line, values } of records(path, ["task", "label"])) {
    const [task, label] = values as [string, string];
    const previous = seen.get(task);
    if (previous !== undefined && previous !== label)
      throw new InputError(`${path} line ${line}: task "${task}" has two gold labels`);
    if (previous === undefined) rows.push({ task, label });
    seen.set(task, label);
  }
  return rows;
}

/** Answers encoded with the union of answer and gold labels as classes, and the gold matched to them. */
export async function loadAnswers(
  answersPath: string,
  goldPath?: string,
): Promise<{ answers: EncodedAnswers; gold?: GoldLabels; goldUnmatched: number }> {
  const rows = await readAnswersCsv(answersPath);
  if (rows.length === 0) throw new InputError(`${answersPath}: no answers`);
  const goldRows = goldPath ? await readGoldCsv(goldPath) : [];
  const answers = encodeAnswers(rows, sortClasses([...rows, ...goldRows].map((row) => row.label)));
  if (!goldPath) return { answers, goldUnmatched: 0 };
  const { gold, unmatched } = encodeGold(answers, goldRows);
  return { answers, gold, goldUnmatched: unmatched };
}

/** Writes text pieces to a file with back-pressure, or to `io.stdout` for "-". */
export async function writeOutput(path: string | undefined, io: Io, pieces: Iterable<string>): Promise<void> {
  if (path === undefined || path === "-") {
    let buffer = "";
    for (const piece of pieces) {
      buffer += piece;
      if (buffer.length > 1 << 16) {
        io.stdout(buffer);
        buffer = "";
      }
    }
    if (buffer) io.stdout(buffer);
    return;
  }
  const out = createWriteStream(path);
  const failed = once(out, "error").then(([error]) => {
    throw new Error(`${path}: ${(error as Error).message}`);
  });
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, "drain"), failed]);
  };
  let buffer = "";
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length > 1 << 16) {
      await write(buffer);
      buffer = "";
    }
  }
  if (buffer) await write(buffer);
  out.end();
  await Promise.race([once(out, "finish"), failed]);
}

function* labelRows(answers: EncodedAnswers, result: TaskPosteriors): Generator<string> {
  yield csvRow(["task", "label", "confidence"]);
  for (let t = 0; t < answers.taskCount; t++) {
    yield csvRow([answers.taskIds[t]!, answers.classes[result.label[t]!]!, result.confidence[t]!.toFixed(6)]);
  }
}

/** `quorum infer`: offline truth inference from CSV files. */
export async function inferCommand(argv: string[], io: Io): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      method: { type: "string", default: "ds" },
      answers: { type: "string" },
      gold: { type: "string" },
      out: { type: "string" },
      folds: { type: "string" },
      "max-iterations": { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(`${INFER_HELP}\n`);
    return;
  }
  if (!values.answers) throw new InputError(`--answers is required\n${INFER_HELP}`);
  const method = values.method as InferenceMethod;
  if (!INFERENCE_METHODS.includes(method))
    throw new InputError(`--method must be one of ${INFERENCE_METHODS.join(", ")}`);
  if (method === "wmv" && !values.gold) throw new InputError("--method wmv needs --gold");
  const folds = values.folds === undefined ? 5 : integerOption("--folds", values.folds, 0);
  const maxIterations =
    values["max-iterations"] === undefined ? undefined : integerOption("--max-iterations", values["max-iterations"], 0);
  const seed = values.seed === undefined ? 1 : integerOption("--seed", values.seed, 0);

  const started = performance.now();
  const { answers, gold, goldUnmatched } = await loadAnswers(values.answers, values.gold);
  const loaded = performance.now();
  const runOptions = { ...(maxIterations === undefined ? {} : { maxIterations }), seed };
  // auto: chosen once here (with gold, by held-out gold accuracy), then run like any method.
  const choice = method === "auto" ? chooseMethod(answers, gold ? { gold, seed } : {}) : undefined;
  const fit = (trainingGold?: GoldLabels): InferenceRun =>
    choice
      ? runCandidate(choice.method, answers, trainingGold)
      : runInference(method, answers, trainingGold ? { ...runOptions, gold: trainingGold } : runOptions);
  let result = fit(gold);
  const inferred = performance.now();

  let score: GoldScore | undefined;
  let how = "";
  let calibrated = "";
  if (gold) {
    const learnsFromGold = choice
      ? choice.method === "wmv" || choice.method === "ds-gold"
      : method !== "mv" && method !== "wawa";
    let heldOut: TaskPosteriors = result;
    if (!learnsFromGold) {
      score = scoreAgainstGold(result.label, gold);
      how = `gold not used by ${choice?.method ?? method}`;
    } else if (folds >= 2 && gold.size >= 2) {
      const run = heldOutPosteriors(gold, (training) => fit(training), result, { folds, seed });
      score = run.score;
      heldOut = run.result;
      how = `${Math.min(folds, gold.size)}-fold held out`;
    } else {
      score = scoreAgainstGold(result.label, gold);
      how = "not held out: gold tasks are clamped";
    }
    if (heldOut !== result || !learnsFromGold) {
      const before = expectedCalibrationError(heldOut, gold);
      const after = crossValidateCalibration(heldOut, gold, { seed }).ece;
      result = { ...applyCalibration(result, fitCalibration(heldOut, gold)), ...pickFit(result) };
      calibrated = `confidences calibrated on gold (expected calibration error ${after.toFixed(3)} held out, ${before.toFixed(3)} before)`;
    }
  }
  await writeOutput(values.out, io, labelRows(answers, result));

  const parts = [
    `${answers.taskCount} tasks`,
    `${answers.workerCount} workers`,
    `${answers.task.length} answers`,
    `${answers.classCount} classes`,
    choice ? `method auto: ${choice.method} (${choice.reason})` : `method ${method}`,
  ];
  if (result.tieCount !== undefined) parts.push(`${result.tieCount} ties broken (first label in sorted order)`);
  if (result.iterations !== undefined)
    parts.push(`${result.iterations} iterations${result.converged ? "" : " (not converged)"}`);
  parts.push(
    `inferred in ${((inferred - loaded) / 1000).toFixed(2)} s (read in ${((loaded - started) / 1000).toFixed(2)} s)`,
  );
  if (gold && score) {
    parts.push(`accuracy on gold ${score.accuracy.toFixed(4)} (${score.correct}/${score.total}, ${how})`);
    if (calibrated) parts.push(calibrated);
    if (goldUnmatched > 0) parts.push(`${goldUnmatched} gold tasks without answers ignored`);
  }
  io.stderr(`infer: ${parts.join(", ")}\n`);
}
