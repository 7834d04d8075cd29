import { parseArgs } from "node:util";
import {
  classesAreNumeric,
  fleissKappa,
  krippendorffAlpha,
  pairwiseCohenKappa,
  percentAgreement,
  ratingTable,
} from "@quorum/core";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";
import { loadAnswers } from "./infer.js";

export const AGREEMENT_HELP = `quorum agreement --answers answers.csv [--format table|json] [--min-common N]
  Inter-annotator agreement of crowd answers (CSV with columns task, worker, label): pairwise percent
  agreement, Fleiss' kappa, Krippendorff's alpha (nominal; also ordinal and interval when every
  label is a number) and Cohen's kappa averaged over worker pairs with at least --min-common
  items in common (default 10).`;

export interface AgreementReport {
  tasks: number;
  workers: number;
  answers: number;
  classes: string[];
  percentAgreement: number;
  fleissKappa: number;
  krippendorffAlpha: { nominal: number; ordinal?: number; interval?: number };
  pairwiseCohenKappa: { mean: number; weightedMean: number; pairs: number; minCommonItems: number };
}

function format(value: number): string {
  return Number.isNaN(value) ? "n/a" : value.toFixed(4);
}

/** `quorum agreement`: agreement statistics of an answers file. */
export async function agreementCommand(argv: string[], io: Io): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      answers: { type: "string" },
      format: { type: "string", default: "table" },
      "min-common": { type: "string", default: "10" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(`${AGREEMENT_HELP}\n`);
    return;
  }
  if (!values.answers) throw new InputError(`--answers is required\n${AGREEMENT_HELP}`);
  if (values.format !== "table" && values.format !== "json") throw new InputError("--format must be table or json");
  const minCommonItems = Number(values["min-common"]);
  if (!Number.isInteger(minCommonItems) || minCommonItems < 1)
    throw new InputError("--min-common must be a positive integer");

  const { answers } = await loadAnswers(values.answers);
  const table = ratingTable(answers);
  const numeric = classesAreNumeric(answers.classes);
  const pairwise = pairwiseCohenKappa(answers, { minCommonItems });
  const report: AgreementReport = {
    tasks: answers.taskCount,
    workers: answers.workerCount,
    answers: answers.task.length,
    classes: answers.classes,
    percentAgreement: percentAgreement(table),
    fleissKappa: fleissKappa(table),
    krippendorffAlpha: numeric
      ? {
          nominal: krippendorffAlpha(table, "nominal"),
          ordinal: krippendorffAlpha(table, "ordinal"),
          interval: krippendorffAlpha(table, "interval", answers.classes.map(Number)),
        }
      : { nominal: krippendorffAlpha(table, "nominal") },
    pairwiseCohenKappa: { ...pairwise, minCommonItems },
  };

  if (values.format === "json") {
    // NaN is not JSON: undefined statistics become null.
    io.stdout(
      `${JSON.stringify(report, (_key, value) => (typeof value === "number" && Number.isNaN(value) ? null : value), 2)}\n`,
    );
    return;
  }
  const rows: [string, string][] = [
    ["tasks", String(report.tasks)],
    ["workers", String(report.workers)],
    ["answers", String(report.answers)],
    ["classes", report.classes.join(", ")],
    ["percent agreement (pairwise)", format(report.percentAgreement)],
    ["Fleiss' kappa", format(report.fleissKappa)],
    ["Krippendorff's alpha, nominal", format(report.krippendorffAlpha.nominal)],
  ];
  if (report.krippendorffAlpha.ordinal !== undefined)
    rows.push(["Krippendorff's alpha, ordinal", format(report.krippendorffAlpha.ordinal)]);
  if (report.krippendorffAlpha.interval !== undefined)
    rows.push(["Krippendorff's alpha, interval", format(report.krippendorffAlpha.interval)]);
  rows.push([
    `Cohen's kappa, mean over worker pairs`,
    `${format(pairwise.mean)} (${pairwise.pairs} pairs with ≥ ${minCommonItems} common tasks)`,
  ]);
  const width = Math.max(...rows.map(([name]) => name.length));
  io.stdout(rows.map(([name, value]) => `${name.padEnd(width)}  ${value}\n`).join(""));
}
