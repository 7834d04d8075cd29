import { COST_DRIVERS, type CostReport } from "@quorum/core";

/** A rectangle on the page, in PDF points. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const INCREASE = "#c0392b";
const DECREASE = "#27ae60";
const TOTAL = "#34495e";
const AXIS = "#7f8c8d";

function amount(value: number, digits: number): string {
  return `${value < 0 ? "-" : value > 0 ? "+" : ""}${Math.abs(value).toFixed(digits)}`;
}

/**
 * The waterfall of a cost change: last month's cost, each driver as a bar floating from the
 * running total (red up, green down), and this month's cost, drawn with vector paths.
 */
export function drawWaterfall(doc: PDFKit.PDFDocument, report: CostReport, box: Box): void {
  const { base, current, drivers } = report.drivers;
  const bars: { label: string; from: number; to: number; total: boolean }[] = [
    { label: report.previousMonth, from: 0, to: base, total: true },
  ];
  let running = base;
  for (const driver of COST_DRIVERS) {
    bars.push({ label: driver, from: running, to: running + drivers[driver], total: false });
    running += drivers[driver];
  }
  bars.push({ label: report.month, from: 0, to: current, total: true });
  const low = Math.min(0, ...bars.map((b) => Math.min(b.from, b.to)));
  const high = Math.max(...bars.map((b) => Math.max(b.from, b.to)), low + 1e-9);
  const plot = { top: box.y + 28, bottom: box.y + box.height - 24 };
  const y = (value: number) => plot.bottom - ((value - low) / (high - low)) * (plot.bottom - plot.top);
  const slot = box.width / bars.length;
  doc.save();
  doc.fontSize(9).fillColor("black").text(`Drivers of the change (${report.currency})`, box.x, box.y);
  doc
    .moveTo(box.x, y(0))
    .lineTo(box.x + box.width, y(0))
    .lineWidth(0.5)
    .strokeColor(AXIS)
    .stroke();
  bars.forEach((bar, i) => {
    const left = box.x + i * slot + slot * 0.15;
    const top = y(Math.max(bar.from, bar.to));
    const height = Math.max(Math.abs(y(bar.from) - y(bar.to)), 0.5);
    const color = bar.total ? TOTAL : bar.to >= bar.from ? INCREASE : DECREASE;
    doc
      .rect(left, top, slot * 0.7, height)
      .fillColor(color)
      .fill();
    if (i < bars.length - 1) {
      // The connector from this bar's end to the next bar's start.
      doc
        .moveTo(left + slot * 0.7, y(bar.to))
        .lineTo(left + slot, y(bar.to))
        .lineWidth(0.3)
        .strokeColor(AXIS)
        .stroke();
    }
    const value = bar.total ? bar.to.toFixed(report.fractionDigits) : amount(bar.to - bar.from, report.fractionDigits);
    doc
      .fillColor("black")
      .fontSize(6)
      .text(value, box.x + i * slot, top - 8, { width: slot, align: "center" });
    doc.fontSize(7).text(bar.label, box.x + i * slot, plot.bottom + 4, { width: slot, align: "center" });
  });
  doc.restore();
}

/**
 * The month's cumulative spend by day as a line, with the budget's limit as a dashed line and
 * the forecast at the budget period's end as a point on the right edge.
 */
export function drawBudgetBurn(doc: PDFKit.PDFDocument, report: CostReport, box: Box): void {
  const unit = 10 ** report.fractionDigits;
  const points = report.spend.burn.map((b) => b.cumulativeMinor / unit);
  const budget = report.spend.budget;
  const limit = budget ? budget.limit / unit : 0;
  const forecast = budget?.forecast != null ? budget.forecast / unit : 0;
  const high = Math.max(...points, limit, forecast, 1e-9) * 1.08;
  const plot = { left: box.x + 40, right: box.x + box.width - 10, top: box.y + 14, bottom: box.y + box.height - 18 };
  const days = report.spend.daysInMonth;
  // Point i is the end of day i + 1; the axis spans the whole month from its start.
  const x = (i: number) => plot.left + ((i + 1) / days) * (plot.right - plot.left);
  const y = (value: number) => plot.bottom - (value / high) * (plot.bottom - plot.top);
  doc.save();
  doc.fontSize(9).fillColor("black").text(`Budget burn (${report.currency})`, box.x, box.y);
  doc.moveTo(plot.left, plot.top).lineTo(plot.left, plot.bottom).lineTo(plot.right, plot.bottom);
  doc.lineWidth(0.5).strokeColor(AXIS).stroke();
  doc.fontSize(6).fillColor(AXIS);
  for (const fraction of [0, 0.5, 1]) {
    const value = (high / 1.08) * fraction;
    doc.text(value.toFixed(0), box.x, y(value) - 3, { width: 36, align: "right" });
  }
  doc.text(`${report.month}-01`, plot.left - 10, plot.bottom + 4);
  doc.text(`day ${days}`, plot.right - 30, plot.bottom + 4, { width: 30, align: "right" });
  if (budget) {
    doc.moveTo(plot.left, y(limit)).lineTo(plot.right, y(limit)).dash(3, { space: 2 });
    doc.lineWidth(0.8).strokeColor(INCREASE).stroke().undash();
    doc.fillColor(INCREASE).text(`budget ${limit.toFixed(0)}`, plot.left + 4, y(limit) - 9, { width: 80 });
    if (budget.forecast !== null) {
      doc.circle(plot.right, y(forecast), 2.5).fillColor("#8e44ad").fill();
      // Below the point when it is under the budget line, above it otherwise, so the two labels never meet.
      const offset = forecast < limit ? 4 : -11;
      doc
        .fillColor("#8e44ad")
        .text(`forecast ${forecast.toFixed(0)}`, plot.right - 84, y(forecast) + offset, { width: 80, align: "right" });
    }
  }
  if (points.length > 0) {
    doc.moveTo(plot.left, y(0));
    points.forEach((value, i) => {
      doc.lineTo(x(i), y(value));
    });
    doc.lineWidth(1.2).strokeColor(TOTAL).stroke();
  }
  doc.restore();
}
