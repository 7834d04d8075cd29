import { parseArgs } from "node:util";
import {
  analyzeExperiment,
  DomainError,
  describeDecision,
  type ExperimentAnalysis,
  formatPercent,
  formatPValue,
} from "@quorum/core";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";
import { readExperimentUnitsCsv } from "./experiment-units-csv.js";

export const EXPERIMENT_HELP = `quorum experiment analyze --data units.csv [--format table|json] [--split 50,50] [--metric NAME]
  Analyses an A/B test on a ratio metric. The CSV has one row per randomisation unit with columns
  unit,arm,numerator,denominator[,pre_numerator,pre_denominator]; the first arm in the file is the
  control. Each arm's metric is Σ numerator / Σ denominator. Prints a sample-ratio check, each arm's
  mean and each treatment's relative lift (treatment ÷ control − 1) with a 95% delta-method interval
  and p-value, CUPED-adjusted when the pre-period columns are present (empty pre cells count as 0).
  --format    table (default) or json
  --split     planned shares of units per arm, in file order (default equal)
  --metric    the metric's name in the table's verdicts (default "metric")
  Exit code 2 when the arguments or the file cannot be used (the message names the line and column).`;

/** The JSON contract of `quorum experiment analyze --format json`. */
export interface ExperimentReport {
  srm: { pValue: number };
  arms: { arm: string; units: number; mean: number }[];
  effects: { arm: string; lift: number; ci95: [number, number]; pValue: number; cuped: boolean }[];
}

export function experimentReport(analysis: ExperimentAnalysis): ExperimentReport {
  return {
    srm: { pValue: analysis.srm.pValue },
    arms: analysis.arms.map(({ arm, units, mean }) => ({ arm, units, mean })),
    effects: analysis.effects.map(({ arm, lift, interval, pValue, cuped }) => ({
      arm,
      lift,
      ci95: interval,
      pValue,
      cuped,
    })),
  };
}

function parseSplit(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const shares = text.split(",").map((part) => Number(part.trim()));
  if (shares.some((share) => !(share > 0 && Number.isFinite(share))))
    throw new InputError(`--split must be positive numbers separated by commas, e.g. 50,50 (got "${text}")`);
  return shares;
}

function renderTable(analysis: ExperimentAnalysis, metric: string): string {
  const rows = [["arm", "units", "mean", "lift", "95% interval", "p-value", "CUPED"]];
  analysis.arms.forEach((arm, i) => {
    const effect = i === 0 ? undefined : analysis.effects[i - 1];
    rows.push([
      i === 0 ? `${arm.arm} (control)` : arm.arm,
      String(arm.units),
      arm.mean.toPrecision(4),
      effect ? formatPercent(effect.lift, true) : "",
      effect ? `[${formatPercent(effect.interval[0])}, ${formatPercent(effect.interval[1])}]` : "",
      effect ? formatPValue(effect.pValue) : "",
      effect ? (effect.cuped ? "yes" : "no") : "",
    ]);
  });
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd(),
  );
  const { srm } = analysis;
  lines.push(
    "",
    srm.mismatch
      ? `SAMPLE RATIO MISMATCH: p = ${formatPValue(srm.pValue)} < 0.001; units are not split as planned, do not trust the effects`
      : `sample ratio: p = ${formatPValue(srm.pValue)} (matches the planned split)`,
  );
  for (const effect of analysis.effects) {
    lines.push(describeDecision({ treatment: effect.arm, primary: { metric, estimate: effect }, srm }).summary);
  }
  return `${lines.join("\n")}\n`;
}

async function analyzeCommand(argv: string[], io: Io): Promise<void> {
  let values: { data?: string; format?: string; split?: string; metric?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: "string" },
        format: { type: "string", default: "table" },
        split: { type: "string" },
        metric: { type: "string", default: "metric" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n${EXPERIMENT_HELP}`);
  }
  if (values.help) {
    io.stdout(`${EXPERIMENT_HELP}\n`);
    return;
  }
  if (!values.data) throw new InputError(`--data is required\n${EXPERIMENT_HELP}`);
  if (values.format !== "table" && values.format !== "json") throw new InputError("--format must be table or json");
  const plannedShares = parseSplit(values.split);

  const { units } = await readExperimentUnitsCsv(values.data);
  let analysis: ExperimentAnalysis;
  try {
    analysis = analyzeExperiment(units, plannedShares ? { plannedShares } : {});
  } catch (error) {
    if (error instanceof DomainError) {
      const details = error.details.map((detail) => `\n  ${detail.path}: ${detail.message}`).join("");
      throw new InputError(`${values.data}: ${error.message}${details}`);
    }
    throw error;
  }
  if (values.format === "json") {
    io.stdout(`${JSON.stringify(experimentReport(analysis), null, 2)}\n`);
    return;
  }
  io.stdout(renderTable(analysis, values.metric ?? "metric"));
}

/** `quorum experiment <subcommand>`: experiment analysis (today: analyze). */
export async function experimentCommand(argv: string[], io: Io): Promise<void> {
  const [subcommand, ...rest] = argv;
  switch (subcommand) {
    case "analyze":
      return analyzeCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(`${EXPERIMENT_HELP}\n`);
      return;
    default:
      throw new InputError(`unknown experiment subcommand "${subcommand}"\n${EXPERIMENT_HELP}`);
  }
}
