import type { CostReport } from "@quorum/core";
import { type Cell, costReportTables } from "./cost-report-rows.js";

function field(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function cellText(cell: Cell, digits: number): string {
  if (cell === null) return "";
  switch (cell.kind) {
    case "money":
      return cell.value.toFixed(cell.digits ?? digits);
    case "percent":
      return cell.value.toFixed(4);
    case "number":
      return String(cell.value);
    case "text":
      return cell.value;
  }
}

/**
 * The report as one long CSV, `section,row,column,value`: one line per value, money in currency
 * units with the currency's digits, shares as fractions. Long form so that one file holds every
 * section and a spreadsheet's pivot table rebuilds any of them.
 */
export function costReportCsv(report: CostReport): string {
  const lines = [`section,row,column,value,currency`];
  for (const table of costReportTables(report)) {
    table.rows.forEach((row) => {
      const label = row[0] ? cellText(row[0], report.fractionDigits) : "";
      row.slice(1).forEach((cell, i) => {
        if (cell === null) return;
        const currency = cell.kind === "money" ? report.currency : "";
        lines.push(
          [table.name, label, table.columns[i + 1]!, cellText(cell, report.fractionDigits), currency]
            .map(field)
            .join(","),
        );
      });
    });
  }
  return `${lines.join("\n")}\n`;
}
