import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { forecastJudgments, peopleNeeded } from "./capacity.js";
import type { EtsForecast } from "./ets-forecast.js";

const week = { paidHours: 40, shrinkage: 0.25, utilisation: 0.8 }; // 40 × 0.75 × 0.8 = 24 productive hours

describe("peopleNeeded", () => {
  it("divides the workload by paid hours × (1 − shrinkage) × utilisation, per language", () => {
    const [de, ja] = peopleNeeded(
      [
        // 10,080 judgments × 30 s = 84 hours → 84 / 24 = 3.5 FTE → 4 people
        { language: "de", judgments: 10_080, secondsPerJudgment: 30 },
        // 2,880 × 60 s = 48 hours → exactly 2 FTE → 2 people
        { language: "ja", judgments: 2_880, secondsPerJudgment: 60 },
      ],
      week,
    );
    expect(de).toEqual({ language: "de", workloadHours: 84, hoursPerPerson: 24, capped: false, fte: 3.5, people: 4 });
    expect(ja).toMatchObject({ workloadHours: 48, fte: 2, people: 2 });
  });

  it("applies the exposure cap when it is below a person's productive hours, per language when set there", () => {
    const [en, es] = peopleNeeded(
      [
        { language: "en", judgments: 10_080, secondsPerJudgment: 30 }, // 84 hours
        { language: "es", judgments: 10_080, secondsPerJudgment: 30, exposureCapHours: 30 },
      ],
      { ...week, exposureCapHours: 20 },
    );
    // en: capped at 20 h a person → 84 / 20 = 4.2 → 5 people
    expect(en).toMatchObject({ hoursPerPerson: 20, capped: true, people: 5 });
    // es: a 30 h cap does not bind (24 productive hours) → 3.5 → 4 people
    expect(es).toMatchObject({ hoursPerPerson: 24, capped: false, people: 4 });
  });

  it("needs nobody for no work and refuses impossible policies with the field named", () => {
    expect(peopleNeeded([{ language: "fr", judgments: 0, secondsPerJudgment: 20 }], week)[0]!.people).toBe(0);
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof DomainError ? error.message : String(error);
      }
      return "no error";
    };
    expect(message(() => peopleNeeded([], { ...week, shrinkage: 1 }))).toMatch(/^shrinkage/);
    expect(message(() => peopleNeeded([], { ...week, utilisation: 0 }))).toMatch(/^utilisation/);
    expect(message(() => peopleNeeded([], { ...week, paidHours: 0 }))).toMatch(/^paidHours/);
    expect(message(() => peopleNeeded([{ language: "x", judgments: 5, secondsPerJudgment: 0 }], week))).toMatch(
      /workloads\[0\]\.secondsPerJudgment/,
    );
  });
});

describe("forecastJudgments", () => {
  const forecast: EtsForecast = {
    model: "ETS(A,N,N)",
    mean: [100, 120, -5],
    variance: [1, 1, 1],
    intervals: [{ level: 0.8, lower: [90, 100, -20], upper: [110, 140, 10] }],
  };

  it("totals the point forecasts, or the upper bounds at a level, counting negative values as zero", () => {
    expect(forecastJudgments(forecast)).toBe(220);
    expect(forecastJudgments(forecast, 0.8)).toBe(260);
    expect(() => forecastJudgments(forecast, 0.95)).toThrow(/no 0.95 interval/);
  });
});
