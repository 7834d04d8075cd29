import type { CostReport } from "@quorum/core";
import { costReportCsv } from "./cost-report-csv.js";
import { costReportPdf } from "./cost-report-pdf.js";
import { costReportXlsx } from "./cost-report-xlsx.js";

export const REPORT_FORMATS = ["xlsx", "pdf", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
};

/** The report as a file of `format`, with its content type and a file name. */
export async function renderCostReport(report: CostReport, format: ReportFormat) {
  const body =
    format === "xlsx"
      ? await costReportXlsx(report)
      : format === "pdf"
        ? await costReportPdf(report)
        : Buffer.from(costReportCsv(report));
  const slug =
    report.businessUnit.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || `unit-${report.businessUnit.id}`;
  return { body, contentType: CONTENT_TYPES[format], fileName: `cost-report-${slug}-${report.month}.${format}` };
}
