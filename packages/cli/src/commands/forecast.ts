import { parseArgs } from "node:util";
import { ETA_LEVELS, type EtaPercentile, forecastEta, forecastEts, selectEts } from "@quorum/core";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";

export const FORECAST_HELP = `quorum forecast eta|series [options]
  Forecasts from numbers given on the command line (no database).
  eta      when a backlog is done, as percentiles of a distribution over days
  series   the next values of a series by exponential smoothing, with 80% and 95% intervals
Run "quorum forecast eta --help" or "quorum forecast series --help" for their options.`;

export const FORECAST_ETA_HELP = `quorum forecast eta --history 0,3,5 --backlog 20 [--format table|json]
  When a backlog of judgments is done, in whole days from now. Each future day completes as many
  judgments as one of the history's days, drawn independently and with equal weight; pX is the
  smallest number of days d with P(backlog done within d days) ≥ X%, computed exactly.
  --history N,N,...  judgments completed on each recent day (whole numbers ≥ 0, gold included)
  --backlog N        judgments still to give, in expectation (rounded up to whole judgments)
  --format           table (default) or json: {"days": {"p50", "p70", "p85", "p95"}}
  A history with no completed judgment never finishes: every percentile is null (table: never).`;

export const FORECAST_SERIES_HELP = `quorum forecast series --values 1,2,3 [--season 7] [--horizon 14] [--format table|json]
  Forecasts the next values of an evenly spaced series (daily throughput, volume, cost) with the
  additive-error exponential smoothing model of lowest AICc (trend none, additive or damped; season
  none or additive), fitted as R's forecast::ets, with analytic prediction intervals.
  --values N,N,...   the series, oldest first
  --season N         seasonal period: 7 for days of a week, 24 for hours of a day (default 1: none; at most 24)
  --horizon N        steps to forecast (default twice the season, or 10)
  --format           table (default) or json: {"model", "aicc", "mean", "lower80", "upper80", "lower95", "upper95"}
  Series too short for a likelihood fit (6 values or fewer) get simple exponential smoothing or
  Holt's method with simple starting values, and "aicc": null.`;

/** The JSON `quorum forecast eta` prints. */
export interface EtaReport {
  days: Record<EtaPercentile, number | null>;
}

/** The JSON `quorum forecast series` prints. */
export interface SeriesReport {
  model: string;
  aicc: number | null;
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

/** `quorum forecast`: dispatches to `eta` or `series`. */
export async function forecastCommand(argv: string[], io: Io): Promise<void> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "eta":
      return etaCommand(rest, io);
    case "series":
      return seriesCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(`${FORECAST_HELP}\n`);
      return;
    default:
      throw new InputError(`unknown forecast command "${sub}"\n${FORECAST_HELP}`);
  }
}

function parse(argv: string[], options: Record<string, { type: "string" }>, command: string) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...options, format: { type: "string", default: "table" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    // parseArgs names the option ("Unknown option '--bogus'"); say where the list of options is.
    throw new InputError(`${(error as Error).message}. Run "quorum forecast ${command} --help" for the options.`);
  }
  if (values.format !== "table" && values.format !== "json")
    throw new InputError(`--format: "${values.format}" must be table or json`);
  return values as Record<string, string | boolean | undefined> & { format: "table" | "json"; help?: boolean };
}

function required(values: Record<string, unknown>, name: string, help: string): string {
  const value = values[name];
  if (typeof value !== "string") throw new InputError(`--${name} is required\n${help}`);
  return value;
}

/** A comma-separated list of numbers; names the option and the bad item. */
export function parseNumberList(name: string, text: string, whole = false): number[] {
  return text.split(",").map((item) => {
    const trimmed = item.trim();
    const value = trimmed === "" ? Number.NaN : Number(trimmed);
    if (!Number.isFinite(value)) throw new InputError(`--${name}: "${trimmed}" is not a number`);
    if (whole && !(Number.isInteger(value) && value >= 0))
      throw new InputError(`--${name}: "${trimmed}" is not a whole number ≥ 0`);
    return value;
  });
}

function parseNumber(name: string, text: string, options: { min: number; max?: number; whole?: boolean }): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new InputError(`--${name}: "${text}" is not a number`);
  if (options.whole && !Number.isInteger(value)) throw new InputError(`--${name}: "${text}" is not a whole number`);
  if (value < options.min || (options.max !== undefined && value > options.max))
    throw new InputError(
      `--${name}: ${text} must be ${options.max === undefined ? `at least ${options.min}` : `from ${options.min} to ${options.max}`}`,
    );
  return value;
}

async function etaCommand(argv: string[], io: Io): Promise<void> {
  const values = parse(argv, { history: { type: "string" }, backlog: { type: "string" } }, "eta");
  if (values.help) {
    io.stdout(`${FORECAST_ETA_HELP}\n`);
    return;
  }
  const history = parseNumberList("history", required(values, "history", FORECAST_ETA_HELP), true);
  const backlog = parseNumber("backlog", required(values, "backlog", FORECAST_ETA_HELP), { min: 0 });
  const report: EtaReport = forecastEta(history, backlog);
  if (values.format === "json") {
    io.stdout(`${JSON.stringify(report)}\n`);
    return;
  }
  const rows = (Object.keys(ETA_LEVELS) as EtaPercentile[]).map((key) => {
    const days = report.days[key];
    return `${key.padEnd("percentile".length)}  ${days === null ? "never" : String(days)}\n`;
  });
  const note =
    report.days.p50 === null ? "The history has no completed judgment: at this pace the backlog is never done.\n" : "";
  io.stdout(`percentile  days\n${rows.join("")}${note}`);
}

async function seriesCommand(argv: string[], io: Io): Promise<void> {
  const values = parse(
    argv,
    { values: { type: "string" }, season: { type: "string" }, horizon: { type: "string" } },
    "series",
  );
  if (values.help) {
    io.stdout(`${FORECAST_SERIES_HELP}\n`);
    return;
  }
  const series = parseNumberList("values", required(values, "values", FORECAST_SERIES_HELP));
  const season = parseNumber("season", typeof values.season === "string" ? values.season : "1", {
    min: 1,
    max: 24,
    whole: true,
  });
  const horizon = parseNumber(
    "horizon",
    typeof values.horizon === "string" ? values.horizon : String(season > 1 ? 2 * season : 10),
    { min: 1, max: 10_000, whole: true },
  );
  const fit = selectEts(series, { period: season });
  const forecast = forecastEts(fit, horizon, [0.8, 0.95]);
  const [eighty, ninetyFive] = forecast.intervals;
  const report: SeriesReport = {
    model: fit.model,
    aicc: fit.aicc,
    mean: forecast.mean,
    lower80: eighty!.lower,
    upper80: eighty!.upper,
    lower95: ninetyFive!.lower,
    upper95: ninetyFive!.upper,
  };
  if (values.format === "json") {
    io.stdout(`${JSON.stringify(report)}\n`);
    return;
  }
  const n = (v: number) => v.toFixed(2);
  const header = ["h", "mean", "lower80", "upper80", "lower95", "upper95"];
  const rows = report.mean.map((mean, i) => [
    String(i + 1),
    n(mean),
    n(report.lower80[i]!),
    n(report.upper80[i]!),
    n(report.lower95[i]!),
    n(report.upper95[i]!),
  ]);
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join("  ");
  const aicc =
    report.aicc === null ? "no AICc: simple starting values on a short series" : `AICc ${report.aicc.toFixed(2)}`;
  io.stdout(`${report.model}, ${aicc}\n${line(header)}\n${rows.map(line).join("\n")}\n`);
}
