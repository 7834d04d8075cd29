import { describe, expect, it } from "vitest";
import { renderReport, reportPeriod } from "./scheduled-report.js";

const utc = (iso: string) => Date.parse(iso);

describe("scheduled report periods and text", () => {
  it("covers the local day before the run, 25 hours long across the October change in Berlin", () => {
    const period = reportPeriod("daily_digest", utc("2026-10-26T06:00:00Z"), "Europe/Berlin");
    expect(period).toEqual({ from: utc("2026-10-24T22:00:00Z"), to: utc("2026-10-25T23:00:00Z") });
  });

  it("covers the seven local days before a weekly run", () => {
    const period = reportPeriod("weekly_business_unit", utc("2026-11-30T07:00:00Z"), "UTC");
    expect(period).toEqual({ from: utc("2026-11-23T00:00:00Z"), to: utc("2026-11-30T00:00:00Z") });
  });

  it("says what each project did, with spend in its currency", () => {
    const { subject, text } = renderReport({
      kind: "daily_digest",
      title: "Daily digest",
      periodLabel: "2026-12-01",
      projects: [
        {
          name: "Relevance DE",
          judgments: 120,
          activeMs: 7_200_000,
          goldAnswered: 10,
          goldCorrect: 9,
          tasksOpen: 30,
          tasksDone: 70,
          spend: [{ currency: "EUR", amountMinor: 4550, fractionDigits: 2 }],
        },
      ],
    });
    expect(subject).toBe("[Quorum] Daily digest: 2026-12-01");
    expect(text).toContain("120 judgments in 1 projects");
    expect(text).toContain("- Relevance DE: 120 judgments, 2.0 h active, gold 90%, 30 tasks open, 70 done; 45.50 EUR");
  });
});
