import { recordCostAdjustment, testTargets } from "@quorum/storage";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const at = (iso: string) => Date.parse(iso);

/**
 * Judgments around the end of summer time in Berlin (Sunday 25 October 2026, 03:00 → 02:00):
 * Berlin's 24th gets one, its 25-hour 25th two, its 26th one; UTC days split them 2 / 2.
 */
const JUDGED_AT = ["2026-10-24T21:30:00Z", "2026-10-24T22:30:00Z", "2026-10-25T22:30:00Z", "2026-10-25T23:30:00Z"];

describe.each(targets)("metric downloads and local days on $dialect", (target) => {
  let t: TestAppWithDatabase;
  const clock = { now: at(JUDGED_AT[0]!) };
  let projectId: number;
  let analyst: TestSession;
  let annotator: TestSession;
  const range = "from=2026-10-23T22:00:00Z&to=2026-10-26T23:00:00Z&grain=day";

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    analyst = await t.userSession("analyst", {}, "ana");
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Clocks", overlap: 1, schema: { type: "rating", min: 0, max: 4 } },
    });
    projectId = created.json.id;
    const lines = JUDGED_AT.map((_, i) => JSON.stringify({ data: { n: i } }));
    await t.call("POST", `/projects/${projectId}/imports`, { cookie: t.admin, raw: lines.join("\n") });
    annotator = await t.userSession("annotator", {}, "night-owl");
    for (const [i, time] of JUDGED_AT.entries()) {
      clock.now = at(time);
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
      await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: 1, activeMs: 1000, clientKey: `k${i}` },
      });
    }
    clock.now = at("2026-10-26T12:00:00Z");
  });
  afterAll(() => t.close());

  const points = (json: { series: { points: { at: string; value: number }[] }[] }) =>
    json.series[0]!.points.map((p) => [p.at, p.value]);

  it("folds the hourly roll-up into Berlin days, 25 hours on the day the clocks go back", async () => {
    const berlin = await t.call("GET", `/metrics/judgments?projectId=${projectId}&${range}&timeZone=Europe/Berlin`, {
      cookie: analyst.cookie,
    });
    expect(berlin.json.timeZone).toBe("Europe/Berlin");
    expect(points(berlin.json)).toEqual([
      ["2026-10-23T22:00:00.000Z", 1],
      ["2026-10-24T22:00:00.000Z", 2],
      ["2026-10-25T23:00:00.000Z", 1],
    ]);
    const utc = await t.call("GET", `/metrics/judgments?projectId=${projectId}&${range}`, { cookie: analyst.cookie });
    expect(utc.json.timeZone).toBe("UTC");
    expect(points(utc.json)).toEqual([
      ["2026-10-23T00:00:00.000Z", 0],
      ["2026-10-24T00:00:00.000Z", 2],
      ["2026-10-25T00:00:00.000Z", 2],
      ["2026-10-26T00:00:00.000Z", 0],
    ]);
    const bad = await t.call("GET", `/metrics/judgments?${range}&timeZone=Berlin`, { cookie: analyst.cookie });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toContain("timeZone");
  });

  it("follows the workspace's time zone once an admin sets it, for metrics and the project's daily throughput", async () => {
    expect(
      (await t.call("PATCH", "/workspace/settings", { cookie: analyst.cookie, body: { timeZone: "Europe/Berlin" } }))
        .status,
    ).toBe(403);
    const set = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { timeZone: "Europe/Berlin" } });
    expect(set.json).toEqual({ timeZone: "Europe/Berlin", currency: "USD" });
    expect((await t.call("GET", "/workspace/settings", { cookie: analyst.cookie })).json.timeZone).toBe(
      "Europe/Berlin",
    );
    const metric = await t.call("GET", `/metrics/judgments?projectId=${projectId}&${range}`, {
      cookie: analyst.cookie,
    });
    expect(points(metric.json).map(([, value]) => value)).toEqual([1, 2, 1]);
    const stats = await t.call("GET", `/projects/${projectId}/stats?days=3`, { cookie: analyst.cookie });
    expect(stats.json.daily).toEqual([
      { day: "2026-10-24", start: "2026-10-23T22:00:00.000Z", judgments: 1 },
      { day: "2026-10-25", start: "2026-10-24T22:00:00.000Z", judgments: 2 },
      { day: "2026-10-26", start: "2026-10-25T23:00:00.000Z", judgments: 1 },
    ]);
    const inUtc = await t.call("GET", `/projects/${projectId}/stats?days=3&timeZone=UTC`, { cookie: analyst.cookie });
    expect(inUtc.json.daily.map((d: { judgments: number }) => d.judgments)).toEqual([2, 2, 0]);
    await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { timeZone: "UTC" } });
  });

  it("sums an annotator's earnings by their chosen local day", async () => {
    for (const [i, time] of JUDGED_AT.entries())
      await recordCostAdjustment(
        t.database,
        {
          kind: "bonus",
          amountMinor: 100,
          currency: "EUR",
          projectId,
          annotatorId: annotator.id,
          taskId: null,
          note: "night shift",
          key: `night-${i}`,
          at: at(time),
        },
        { id: 1, now: at(time) },
      );
    const period = "from=2026-10-20&to=2026-10-28";
    const days = async (query: string) =>
      (await t.call("GET", `/me/earnings?${period}${query}`, { cookie: annotator.cookie })).json.days.map(
        (d: { day: string; payMinor: number }) => [d.day, d.payMinor],
      );
    expect(await days("&timeZone=Europe/Berlin")).toEqual([
      ["2026-10-24", 100],
      ["2026-10-25", 200],
      ["2026-10-26", 100],
    ]);
    expect(await days("&timeZone=UTC")).toEqual([
      ["2026-10-24", 200],
      ["2026-10-25", 200],
    ]);
  });

  it("downloads a metric as CSV with its groups and local days", async () => {
    const csv = await t.call(
      "GET",
      `/metrics/judgments?projectId=${projectId}&${range}&groupBy=project&timeZone=Europe/Berlin&format=csv`,
      { cookie: analyst.cookie },
    );
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain("judgments.csv");
    expect(csv.text.trim().split("\n")).toEqual([
      "metric,unit,group,group_label,at,value,local_day",
      `judgments,judgments,${projectId},Clocks,2026-10-23T22:00:00.000Z,1,2026-10-24`,
      `judgments,judgments,${projectId},Clocks,2026-10-24T22:00:00.000Z,2,2026-10-25`,
      `judgments,judgments,${projectId},Clocks,2026-10-25T23:00:00.000Z,1,2026-10-26`,
    ]);
  });

  it("downloads a metric as XLSX: one sheet, a header row and numbers", async () => {
    const response = await t.app.request(
      `/api/v1/metrics/judgments?projectId=${projectId}&${range}&timeZone=Europe/Berlin&format=xlsx`,
      { headers: { cookie: analyst.cookie } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("judgments.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("judgments")!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual(["metric", "unit", "group", "group_label", "at", "value", "local_day"]);
    expect(values(3)).toEqual(["judgments", "judgments", "", "", "2026-10-24T22:00:00.000Z", 2, "2026-10-25"]);
    expect(sheet.rowCount).toBe(4);
  });
});
