import { writeFile } from "node:fs/promises";
import { DomainError } from "@quorum/core";
import { REPORT_FORMATS, type ReportFormat, renderCostReport } from "@quorum/server/reports";
import { buildBusinessUnitReport, workspaceCurrency } from "@quorum/storage";
import { parseCommandArgs, UsageError } from "../args.js";
import type { Config } from "../config.js";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";
import { openConfiguredDatabase } from "../open.js";

export const REPORT_HELP = `quorum report cost --business-unit ID --month YYYY-MM --out FILE [--format xlsx|pdf|csv] [--currency EUR]
  Writes the monthly cost report of a business unit: spend against budget with the burn chart,
  cost per accepted label and its components, the drivers of the change from the month before
  (waterfall and one-sentence explanation), shared pools allocated to it, savings and the largest
  changes by project. --format defaults to the extension of --out ("-" writes to standard output);
  --currency to the workspace's default currency (USD until an admin sets one).`;

/** `quorum report cost`: the same report as GET /api/v1/reports/cost, from the database. */
export async function reportCommand(argv: string[], io: Io, config: Config): Promise<void> {
  const [subject, ...rest] = argv;
  if (subject === undefined || subject === "help" || subject === "--help" || subject === "-h") {
    io.stdout(`${REPORT_HELP}\n`);
    return;
  }
  if (subject !== "cost") throw new UsageError(`unknown report "${subject}"\n${REPORT_HELP}`);
  const values = parseCommandArgs(
    rest,
    {
      "business-unit": { type: "string" },
      month: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      currency: { type: "string" },
    },
    REPORT_HELP,
    io,
  );
  if (!values) return;
  if (!values["business-unit"] || !values.month || !values.out)
    throw new UsageError(`--business-unit, --month and --out are required\n${REPORT_HELP}`);
  const businessUnitId = Number(values["business-unit"]);
  if (!/^[1-9]\d*$/.test(values["business-unit"])) throw new InputError("--business-unit must be a business unit id");
  const format = (values.format ?? values.out.split(".").pop() ?? "").toLowerCase();
  if (!REPORT_FORMATS.includes(format as ReportFormat))
    throw new InputError(`--format must be one of ${REPORT_FORMATS.join(", ")} (or --out ending in one of them)`);
  const database = await openConfiguredDatabase(config);
  try {
    let report: Awaited<ReturnType<typeof buildBusinessUnitReport>>;
    try {
      report = await buildBusinessUnitReport(database.db, {
        businessUnitId,
        month: values.month,
        currency: values.currency?.toUpperCase() ?? (await workspaceCurrency(database.db)),
        now: Date.now(),
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === "invalid_input")
        throw new InputError(`--month: ${error.message}`);
      if (error instanceof DomainError && error.code === "not_found")
        throw new InputError(`business unit ${businessUnitId} not found in ${database.location}`);
      throw error;
    }
    const file = await renderCostReport(report, format as ReportFormat);
    if (values.out === "-") io.stdout(file.body.toString(format === "csv" ? "utf8" : "latin1"));
    else await writeFile(values.out, file.body);
    io.stderr(`Wrote the ${format} cost report of ${report.businessUnit.name} for ${report.month}\n`);
  } finally {
    await database.close();
  }
}
