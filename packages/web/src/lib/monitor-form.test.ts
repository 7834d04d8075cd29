import type { MonitorView } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { emptyMonitorDraft, type MonitorDraft, monitorBody, monitorDraftOf } from "./monitor-form.js";

const draft = (patch: Partial<MonitorDraft>): MonitorDraft => ({
  ...emptyMonitorDraft("gold_accuracy"),
  name: " Gold slipping ",
  ...patch,
});

const view = (patch: Partial<MonitorView>): MonitorView => ({
  id: 7,
  name: "Watch",
  metric: "throughput",
  projectId: 3,
  vendor: "Acme",
  language: null,
  schedule: "realtime",
  windowMinutes: 30,
  condition: { type: "threshold", operator: "above", value: 12.5 },
  emails: ["ops@example.com", "lead@example.com"],
  enabled: false,
  status: "ok",
  openAlertId: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...patch,
});

describe("monitorBody", () => {
  it("sends a threshold with its scope's blanks as everywhere and the e-mails as a list", () => {
    expect(monitorBody(draft({ value: "0,9", emails: "a@example.com; b@example.com ,", language: " pt-BR " }))).toEqual(
      {
        body: {
          name: "Gold slipping",
          metric: "gold_accuracy",
          projectId: null,
          vendor: null,
          language: "pt-BR",
          schedule: "realtime",
          windowMinutes: 60,
          condition: { type: "threshold", operator: "below", value: 0.9 },
          emails: ["a@example.com", "b@example.com"],
          enabled: true,
        },
      },
    );
  });

  it("sends a change with its direction, percent and baseline periods, and a project by id", () => {
    const result = monitorBody(
      draft({ conditionType: "change", direction: "rise", percent: "25", baselinePeriods: "6", projectId: "4" }),
    );
    expect(result).toMatchObject({
      body: { projectId: 4, condition: { type: "change", direction: "rise", percent: 25, baselinePeriods: 6 } },
    });
  });

  it("leaves a forecast's blank z and baseline periods to the server's defaults", () => {
    const result = monitorBody(draft({ conditionType: "forecast", schedule: "daily", value: "not used" }));
    expect(result).toEqual({
      body: expect.objectContaining({ schedule: "daily", condition: { type: "forecast" } }),
    });
    expect("body" in result && "windowMinutes" in result.body).toBe(false);
    expect(monitorBody(draft({ conditionType: "forecast", z: "2.5", baselinePeriods: "10" }))).toMatchObject({
      body: { condition: { type: "forecast", z: 2.5, baselinePeriods: 10 } },
    });
  });

  it("names each field that is not a number, by the body's path", () => {
    expect(monitorBody(draft({ value: "lots", windowMinutes: "" }))).toEqual({
      errors: [
        { path: "windowMinutes", message: "a number of minutes" },
        { path: "condition.value", message: "a number, such as 0.9" },
      ],
    });
    expect(monitorBody(draft({ conditionType: "change", percent: "", baselinePeriods: "x" }))).toEqual({
      errors: [
        { path: "condition.percent", message: "a percentage, such as 20" },
        { path: "condition.baselinePeriods", message: "a number of windows" },
      ],
    });
    expect(monitorBody(draft({ conditionType: "forecast", z: "wide" }))).toEqual({
      errors: [{ path: "condition.z", message: "a number, such as 3" }],
    });
  });
});

describe("monitorDraftOf", () => {
  it("shows a stored threshold as typed, and sends it back unchanged", () => {
    const shown = monitorDraftOf(view({}));
    expect(shown).toMatchObject({
      name: "Watch",
      metric: "throughput",
      projectId: "3",
      vendor: "Acme",
      language: "",
      windowMinutes: "30",
      conditionType: "threshold",
      operator: "above",
      value: "12.5",
      emails: "ops@example.com, lead@example.com",
      enabled: false,
    });
    expect(monitorBody(shown)).toEqual({
      body: {
        name: "Watch",
        metric: "throughput",
        projectId: 3,
        vendor: "Acme",
        language: null,
        schedule: "realtime",
        windowMinutes: 30,
        condition: { type: "threshold", operator: "above", value: 12.5 },
        emails: ["ops@example.com", "lead@example.com"],
        enabled: false,
      },
    });
  });

  it("round-trips a change and a forecast, their defaults left blank", () => {
    const change = { type: "change", direction: "drop", percent: 30, baselinePeriods: 4 } as const;
    expect(monitorBody(monitorDraftOf(view({ condition: change })))).toMatchObject({ body: { condition: change } });
    const forecast = monitorDraftOf(view({ condition: { type: "forecast" } }));
    expect(forecast).toMatchObject({ conditionType: "forecast", z: "", baselinePeriods: "" });
    expect(monitorBody(forecast)).toMatchObject({ body: { condition: { type: "forecast" } } });
  });
});
