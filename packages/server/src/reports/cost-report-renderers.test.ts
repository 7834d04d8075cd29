import { buildCostReport, type CostReport, monthPeriod, zeroComponents } from "@quorum/core";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { costReportCsv } from "./cost-report-csv.js";
import { costReportPdf, pdfText } from "./cost-report-pdf.js";
import { costReportXlsx } from "./cost-report-xlsx.js";

const DAY = 86_400_000;
const march = monthPeriod("2026-03");

function sampleReport(generatedAt = march.start + 20 * DAY, recentSpentMinor?: number): CostReport {
  const base = [
    {
      segment: "search × de",
      items: 1000,
      overlap: 2,
      goldShare: 0.1,
      reworkShare: 0.05,
      minutesPerJudgment: 1,
      hourlyRate: 18,
    },
    {
      segment: "search × fr",
      items: 500,
      overlap: 2,
      goldShare: 0.1,
      reworkShare: 0.05,
      minutesPerJudgment: 1.2,
      hourlyRate: 20,
    },
  ];
  return buildCostReport({
    businessUnit: { id: 7, name: "Search" },
    month: "2026-03",
    currency: "USD",
    generatedAt,
    budget: {
      id: 3,
      limitMinor: 150_000,
      periodStart: march.start,
      periodEnd: march.end,
      spentMinor: 125_000,
      ...(recentSpentMinor === undefined ? {} : { recentSpentMinor }),
    },
    remainingJudgments: 1000,
    costPerJudgmentMinor: 40,
    dailySpend: [
      { day: march.start, amountMinor: 50_000 },
      { day: march.start + 9 * DAY, amountMinor: 75_000 },
    ],
    current: {
      total: 125_000,
      acceptedLabels: 1500,
      components: { ...zeroComponents(), base: 80_000, overlap: 40_000, fees: 5_000 },
    },
    previous: {
      total: 100_000,
      acceptedLabels: 1500,
      components: { ...zeroComponents(), base: 80_000, overlap: 20_000 },
    },
    segments: { base, current: [{ ...base[0]!, overlap: 3 }, base[1]!] },
    allocations: [
      { pool: "QA team", policy: "even v1", poolMinor: 30_001, allocatedMinor: 10_001, unallocatedMinor: 0 },
    ],
    savings: [{ initiative: "Dynamic overlap, German", baselineMinor: 20_000, realisedMinor: 4_500 }],
    groups: [
      { key: "Project A", previousMinor: 60_000, currentMinor: 90_000 },
      { key: "Project B", previousMinor: 40_000, currentMinor: 35_000 },
    ],
  });
}

/** The text drawn by an uncompressed pdfkit document: its hex-encoded TJ strings, decoded. */
function pdfStrings(pdf: Buffer): string {
  const hex = [...pdf.toString("latin1").matchAll(/<([0-9a-f]+)>/g)].map((m) =>
    Buffer.from(m[1]!, "hex").toString("latin1"),
  );
  return hex.join("");
}

describe("the cost report's files", () => {
  it("XLSX: one formatted sheet per section, money as numbers in the currency format", async () => {
    const report = sampleReport();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await costReportXlsx(report)).buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "Summary",
      "Cost per label",
      "Drivers",
      "Allocation",
      "Savings",
      "Top changes",
      "Burn",
    ]);
    const summary = workbook.getWorksheet("Summary")!;
    expect(summary.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(summary.getCell("A5").value).toBe("Spent (direct)");
    expect(summary.getCell("B5").value).toBe(1250);
    expect(summary.getCell("B5").numFmt).toContain('"USD"');
    const drivers = workbook.getWorksheet("Drivers")!;
    const values = [3, 4, 5, 6, 7, 8].map((r) => drivers.getCell(`B${r}`).value as number);
    const change = drivers.getCell("B10").value as number;
    expect(drivers.getCell("A5").value).toBe("overlap");
    expect(Math.round(values.reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(change * 100));
    expect(workbook.getWorksheet("Allocation")!.getCell("D2").value).toBe(100.01);
    expect(workbook.getWorksheet("Burn")!.rowCount).toBe(21);
  });

  it("PDF: a PDF with the title, the narrative, the charts' labels and the tables", async () => {
    const pdf = await costReportPdf(sampleReport(), { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfStrings(pdf);
    expect(text).toContain("Cost report: Search, 2026-03");
    expect(text).toContain("overlap");
    expect(text).toContain("Budget burn");
    expect(text).toContain("Dynamic overlap, German");
    // Vector paths: rectangles of the waterfall, lines of the burn chart.
    expect(pdf.toString("latin1")).toMatch(/ re\n/);
    const compressed = await costReportPdf(sampleReport());
    expect(compressed.length).toBeLessThan(pdf.length);
  });

  it("PDF: writes the thin spaces of a quarter's months as spaces, not as unknown characters", () => {
    expect(pdfText("October\u2009–\u2009December 2026")).toBe("October – December 2026");
  });

  it("CSV: one line per value, money with the currency's digits", () => {
    const csv = costReportCsv(sampleReport());
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("section,row,column,value,currency");
    expect(lines).toContain("Summary,Spent (direct),Value,1250.00,USD");
    expect(lines).toContain('Savings,"Dynamic overlap, German",Realised,45.00,USD');
    expect(lines).toContain("Top changes,Project A,Change,300.00,USD");
    expect(lines).toContain("Summary,Burn,Value,0.8333,");
    // The budget's period is a UTC month, named as one (the report is written in English).
    expect(lines).toContain("Summary,Budget period,Value,March 2026,");
  });

  it("says the run rate is the period's average and over how many days, and which forecast it gives", () => {
    const lines = costReportCsv(sampleReport()).trim().split("\n");
    // 1250.00 over the 20 days of March gone: 62.50 a day; the work left adds 1000 × 0.40.
    expect(lines).toContain("Summary,Run rate per day (average of the 20 days of the period so far),Value,62.50,USD");
    expect(lines).toContain("Summary,Forecast at period end (from the work left),Value,1650.00,USD");
  });

  it("gives the spending pace's forecast beside the work left's, labelled with the rate and days it assumes", () => {
    const lines = costReportCsv(sampleReport()).trim().split("\n");
    // 62.50 a day kept up for the 11 days left: 1250.00 + 687.50, past the 1500.00 budget.
    expect(lines).toContain(
      'Summary,"Forecast at period end (at the spending pace: 62.50 USD a day, the average of the 20 days of the period so far)",Value,1937.50,USD',
    );
    expect(lines).toContain(
      'Summary,Standing,Value,"at risk (by the forecast at the spending pace, the higher of the two)",',
    );
    const week = costReportCsv(sampleReport(march.start + 20 * DAY, 75_000))
      .trim()
      .split("\n");
    expect(week).toContain(
      'Summary,"Forecast at period end (at the spending pace: 107.14 USD a day, the average of the last 7 days)",Value,2428.57,USD',
    );
  });

  it("gives an ended period's spend as final, with no forecast", () => {
    const lines = costReportCsv(sampleReport(march.end + 3 * DAY))
      .trim()
      .split("\n");
    expect(lines).toContain("Summary,Spent in budget period (final: the period is over),Value,1250.00,USD");
    expect(lines).toContain("Summary,Run rate per day (average of the 31 days of the period),Value,40.32,USD");
    expect(lines).toContain("Summary,Forecast at period end,Value,none: the period is over,");
    expect(lines).toContain("Summary,Standing,Value,within budget (final),");
  });

  it("prints a cost per accepted label under one currency unit with two more digits, as the console shows it", async () => {
    // 1,250.00 USD over 1,500 labels is 0.8333 USD a label; fees 50.00 USD are 0.0333 a label.
    const report = sampleReport();
    const lines = costReportCsv(report).trim().split("\n");
    expect(lines).toContain("Summary,Cost per accepted label,Value,0.8333,USD");
    expect(lines).toContain("Cost per label,fees,Per accepted label,0.0333,USD");
    expect(lines).toContain("Cost per label,total,Per accepted label,0.8333,USD");
    // Amounts keep the currency's digits.
    expect(lines).toContain("Cost per label,fees,2026-03,50.00,USD");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await costReportXlsx(report)).buffer);
    const perLabel = workbook.getWorksheet("Summary")!.getCell("B17");
    expect(workbook.getWorksheet("Summary")!.getCell("A17").value).toBe("Cost per accepted label");
    expect(perLabel.numFmt).toMatch(/^#,##0\.0000 "USD"/);
    expect(pdfStrings(await costReportPdf(report, { compress: false }))).toContain("0.8333");
  });
});
