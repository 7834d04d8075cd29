import type { CostReport } from "@quorum/core";
import ExcelJS from "exceljs";
import { type Cell, costReportTables } from "./cost-report-rows.js";

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F3A5F" } };

function moneyFormat(currency: string, digits: number): string {
  const decimals = digits > 0 ? `.${"0".repeat(digits)}` : "";
  return `#,##0${decimals} "${currency}";-#,##0${decimals} "${currency}"`;
}

function write(target: ExcelJS.Cell, cell: Cell, money: (digits?: number) => string): void {
  if (cell === null) return;
  target.value = cell.value;
  if (cell.kind === "money") target.numFmt = money(cell.digits);
  else if (cell.kind === "percent") target.numFmt = "0.0%";
  else if (cell.kind === "number") target.numFmt = "#,##0";
}

/**
 * The report as an XLSX workbook: one sheet per section with a styled, frozen header row,
 * money in the currency's number format (values stay numbers, so formulas work on them) and
 * shares as percentages.
 */
export async function costReportXlsx(report: CostReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Quorum";
  workbook.created = new Date(report.generatedAt);
  const money = (digits = report.fractionDigits) => moneyFormat(report.currency, digits);
  for (const table of costReportTables(report)) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
    const header = sheet.addRow(table.columns);
    header.eachCell((cell) => {
      cell.font = { bold: true, color: { argb: "FFFFFFFF" } };
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: "middle" };
    });
    for (const row of table.rows) {
      const added = sheet.addRow([]);
      row.forEach((cell, i) => {
        write(added.getCell(i + 1), cell, money);
      });
    }
    table.columns.forEach((name, i) => {
      const widest = Math.max(
        name.length,
        ...table.rows.map((row) => {
          const cell = row[i];
          return cell === null || cell === undefined ? 0 : cell.kind === "text" ? Math.min(cell.value.length, 60) : 14;
        }),
      );
      sheet.getColumn(i + 1).width = widest + 2;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
