import { parseArgs } from "node:util";
import {
  COST_DRIVERS,
  type CostChangeDecomposition,
  checkSegmentCost,
  currencyFractionDigits,
  DomainError,
  decomposeCostChange,
  describeCostChange,
  parseCsv,
  type RoundedCostChange,
  roundCostChange,
  SEGMENT_COST_FIELDS,
  type SegmentCost,
  type SegmentCostField,
} from "@quorum/core";
import { InputError } from "../input-error.js";
import { type Io, readTextChunks } from "../io.js";

export const COST_HELP = `quorum cost explain --base base.csv --current current.csv [--format table|json] [--currency USD]
  Explains a change in labeling cost between two periods (or a budget plan and actuals): the
  change split exactly into six drivers (LMDI-I): volume, mix, overlap, quality (gold and rework),
  efficiency (minutes per judgment) and rate (pay per hour), with a one-sentence explanation.
  Each file has one row per segment (e.g. task type × language) and the columns
    segment,items,overlap,gold_share,rework_share,minutes_per_judgment,hourly_rate
  items = accepted items, overlap = judgments per item, gold_share in [0, 1), rework_share in
  [0, 1], hourly_rate in currency units per hour. A segment in one file only counts as mix.
  --format     table (default: the figures and the explanation) or json:
               {"base", "current", "change", "drivers": {"volume", "mix", "overlap", "quality",
               "efficiency", "rate"}} in currency units, rounded to minor units so that the
               drivers add up to the change exactly
  --currency   ISO 4217 code of the amounts, for rounding and the explanation (default USD)
  Exits with code 2 on bad input, naming the file, line and column.`;

const COLUMNS: Record<SegmentCostField, string> = {
  items: "items",
  overlap: "overlap",
  goldShare: "gold_share",
  reworkShare: "rework_share",
  minutesPerJudgment: "minutes_per_judgment",
  hourlyRate: "hourly_rate",
};
const HEADER = ["segment", ...SEGMENT_COST_FIELDS.map((field) => COLUMNS[field])];

/** Reads a segments CSV; every problem is an `InputError` naming the file, line and column. */
export async function readSegmentsCsv(path: string): Promise<SegmentCost[]> {
  const segments: SegmentCost[] = [];
  const firstLine = new Map<string, number>();
  let indices: number[] | undefined;
  try {
    for await (const record of parseCsv(readTextChunks(path))) {
      const fail = (message: string) => new InputError(`${path} line ${record.line}: ${message}`);
      if (!indices) {
        const header = record.fields.map((field) => field.trim().toLowerCase());
        indices = HEADER.map((column) => header.indexOf(column));
        const missing = HEADER.filter((_, i) => indices![i] === -1);
        if (missing.length > 0) throw fail(`the header has no ${missing.join(", ")} column`);
        continue;
      }
      const values = indices.map((index) => (record.fields[index] ?? "").trim());
      const name = values[0]!;
      if (name === "") throw fail("segment is missing");
      const previous = firstLine.get(name);
      if (previous !== undefined) throw fail(`segment "${name}" is listed twice (first on line ${previous})`);
      firstLine.set(name, record.line);
      const numbers = SEGMENT_COST_FIELDS.map((field, i) => {
        const text = values[i + 1]!;
        if (text === "") throw fail(`${COLUMNS[field]} is missing`);
        const value = Number(text);
        if (!Number.isFinite(value)) throw fail(`${COLUMNS[field]} must be a number, not "${text}"`);
        return value;
      });
      const segment = {
        segment: name,
        ...Object.fromEntries(SEGMENT_COST_FIELDS.map((field, i) => [field, numbers[i]!])),
      } as SegmentCost;
      const [problem] = checkSegmentCost(segment);
      if (problem) throw fail(`${COLUMNS[problem.field]} ${problem.message}`);
      segments.push(segment);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InputError(`${path}: no such file`);
    // The CSV parser's own errors ("line 4: a quoted field is not closed").
    throw new InputError(`${path} ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!indices) throw new InputError(`${path}: the file is empty (expected the header ${HEADER.join(",")})`);
  return segments;
}

/** The JSON report: currency units, rounded to minor units, drivers adding up to the change. */
export interface CostExplanation {
  base: number;
  current: number;
  change: number;
  drivers: Record<(typeof COST_DRIVERS)[number], number>;
}

function inUnits(rounded: RoundedCostChange, digits: number): CostExplanation {
  const unit = (minor: number) => minor / 10 ** digits;
  return {
    base: unit(rounded.base),
    current: unit(rounded.current),
    change: unit(rounded.change),
    drivers: Object.fromEntries(
      COST_DRIVERS.map((driver) => [driver, unit(rounded.drivers[driver])]),
    ) as CostExplanation["drivers"],
  };
}

function table(report: CostExplanation, currency: string, digits: number, sentences: string[]): string {
  const amount = (value: number, signed: boolean) =>
    `${signed && value > 0 ? "+" : ""}${value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
  const rows: [string, string][] = [
    ["base", amount(report.base, false)],
    ["current", amount(report.current, false)],
    ["change", amount(report.change, true)],
    ...COST_DRIVERS.map((driver): [string, string] => [`  ${driver}`, amount(report.drivers[driver], true)]),
  ];
  const nameWidth = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(currency.length, ...rows.map(([, value]) => value.length));
  const lines = [
    `${"".padEnd(nameWidth)}  ${currency.padStart(valueWidth)}`,
    ...rows.map(([name, value]) => `${name.padEnd(nameWidth)}  ${value.padStart(valueWidth)}`),
    "",
    ...sentences,
  ];
  return `${lines.join("\n")}\n`;
}

function explainOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        base: { type: "string" },
        current: { type: "string" },
        format: { type: "string", default: "table" },
        currency: { type: "string", default: "USD" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new InputError(`${error instanceof Error ? error.message : String(error)}\n${COST_HELP}`);
  }
}

async function explain(argv: string[], io: Io): Promise<void> {
  const values = explainOptions(argv);
  if (values.help) {
    io.stdout(`${COST_HELP}\n`);
    return;
  }
  if (!values.base || !values.current) throw new InputError(`--base and --current are required\n${COST_HELP}`);
  if (values.format !== "table" && values.format !== "json") throw new InputError("--format must be table or json");
  const currency = values.currency.toUpperCase();
  let digits: number;
  try {
    digits = currencyFractionDigits(currency);
  } catch (error) {
    throw new InputError(`--currency: ${(error as Error).message}`);
  }
  const base = await readSegmentsCsv(values.base);
  const current = await readSegmentsCsv(values.current);
  let total: CostChangeDecomposition;
  let perLabel: CostChangeDecomposition;
  try {
    total = decomposeCostChange(base, current);
    perLabel = decomposeCostChange(base, current, "per_accepted_label");
  } catch (error) {
    if (error instanceof DomainError && error.code === "invalid_input") throw new InputError(error.message);
    throw error;
  }
  const report = inUnits(roundCostChange(total, digits), digits);
  if (values.format === "json") {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  // The sentence quotes the rounded figures of the table, so the two never differ by a cent.
  const sentences = [describeCostChange({ ...total, ...report }, currency), describeCostChange(perLabel, currency)];
  io.stdout(table(report, currency, digits, sentences));
}

/** `quorum cost`: cost reports; `explain` splits a change in cost into its drivers. */
export async function costCommand(argv: string[], io: Io): Promise<void> {
  const [subcommand, ...rest] = argv;
  switch (subcommand) {
    case "explain":
      return explain(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(`${COST_HELP}\n`);
      return;
    default:
      throw new InputError(`unknown cost command "${subcommand}"\n${COST_HELP}`);
  }
}
