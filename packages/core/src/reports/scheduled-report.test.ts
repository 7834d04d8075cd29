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
    expect(text).toContain("120 judgments in 1 project.");
    expect(text).toContain("- Relevance DE: 120 judgments, 2.0 h active, gold 90%, 30 tasks open, 70 done; 45.50 EUR");
  });

  it("reads as leadership reads it: one judgment, one task, thousands grouped", () => {
    const line = (judgments: number, tasksOpen: number) =>
      renderReport({
        kind: "weekly_business_unit",
        title: "Search weekly",
        periodLabel: "2026-11-30 – 2026-12-06",
        projects: [
          {
            name: "A",
            judgments,
            activeMs: 0,
            goldAnswered: 0,
            goldCorrect: 0,
            tasksOpen,
            tasksDone: 12_000,
            spend: [],
          },
          {
            name: "B",
            judgments: 0,
            activeMs: 0,
            goldAnswered: 0,
            goldCorrect: 0,
            tasksOpen: 0,
            tasksDone: 0,
            spend: [],
          },
        ],
      }).text;
    expect(line(1, 1)).toContain("1 judgment in 2 projects.");
    expect(line(1, 1)).toContain("- A: 1 judgment, 0.0 h active, gold n/a, 1 task open, 12,000 done; no spend");
    expect(line(25_300, 1_500)).toContain(
      "- A: 25,300 judgments, 0.0 h active, gold n/a, 1,500 tasks open, 12,000 done",
    );
  });
});
