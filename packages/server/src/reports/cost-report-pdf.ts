import type { CostReport } from "@quorum/core";
import PDFDocument from "pdfkit";
import { drawBudgetBurn, drawWaterfall } from "./cost-report-charts.js";
import { type Cell, costReportTables, type ReportTable } from "./cost-report-rows.js";

const MARGIN = 40;

/**
 * The standard PDF fonts only encode WinAnsi: write the minus sign as a hyphen, narrow spaces (ICU
 * puts thin ones around a range's dash) as spaces, and drop what they cannot show.
 */
export function pdfText(value: string): string {
  return value
    .replaceAll("\u2212", "-")
    .replace(/[\u2000-\u200a\u202f]/g, " ")
    .replace(/[^\u0020-\u00ff€–—‘’“”•…\n]/g, "?");
}

function cellText(cell: Cell | undefined, digits: number): string {
  if (cell === null || cell === undefined) return "";
  switch (cell.kind) {
    case "money": {
      const shown = cell.digits ?? digits;
      return cell.value.toLocaleString("en-US", { minimumFractionDigits: shown, maximumFractionDigits: shown });
    }
    case "percent":
      return `${(cell.value * 100).toFixed(1)}%`;
    case "number":
      return cell.value.toLocaleString("en-US");
    case "text":
      return pdfText(cell.value);
  }
}

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, digits: number): void {
  const width = doc.page.width - 2 * MARGIN;
  const first = Math.min(width * 0.4, 200);
  const rest = (width - first) / Math.max(table.columns.length - 1, 1);
  const columnX = (i: number) => MARGIN + (i === 0 ? 0 : first + (i - 1) * rest);
  const columnWidth = (i: number) => (i === 0 ? first : rest);
  if (doc.y > doc.page.height - 120) doc.addPage();
  doc.moveDown(0.6).fontSize(11).fillColor("black").text(table.name, MARGIN, doc.y);
  const line = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - MARGIN - 14) doc.addPage();
    const top = doc.y + 2;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8);
    let bottom = top;
    cells.forEach((text, i) => {
      doc.text(text, columnX(i), top, { width: columnWidth(i) - 4, align: i === 0 ? "left" : "right" });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom;
    doc.x = MARGIN;
  };
  line(table.columns.map(pdfText), true);
  for (const row of table.rows)
    line(
      row.map((cell) => cellText(cell, digits)),
      false,
    );
  doc.font("Helvetica");
}

/**
 * The report as a PDF: a title, the narrative, the waterfall of the drivers and the budget burn
 * chart (vector paths), then every section as a table (the daily burn only as its chart).
 * `compress: false` leaves the content streams readable (tests look for the text in them).
 */
export function costReportPdf(report: CostReport, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    compress: options.compress ?? true,
    info: {
      Title: pdfText(`Cost report ${report.businessUnit.name} ${report.month}`),
      Author: "Quorum",
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.fontSize(16).text(pdfText(`Cost report: ${report.businessUnit.name}, ${report.month}`));
  doc
    .fontSize(9)
    .fillColor("#555555")
    .text(`Generated ${new Date(report.generatedAt).toISOString()} · ${report.currency}`);
  doc.moveDown(0.5).fillColor("black").fontSize(10);
  for (const sentence of report.drivers.narrative) doc.text(pdfText(`${sentence}.`), { width });
  const chartTop = doc.y + 12;
  drawWaterfall(doc, report, { x: MARGIN, y: chartTop, width: width / 2 - 10, height: 170 });
  drawBudgetBurn(doc, report, { x: MARGIN + width / 2 + 10, y: chartTop, width: width / 2 - 10, height: 170 });
  doc.x = MARGIN;
  doc.y = chartTop + 185;
  for (const table of costReportTables(report)) {
    if (table.name !== "Burn") drawTable(doc, table, report.fractionDigits);
  }
  doc.end();
  return done;
}
