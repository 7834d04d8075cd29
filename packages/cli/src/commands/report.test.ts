import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monthPeriod, SEGMENT_COST_FIELDS, type SegmentCost } from "@quorum/core";
import { type Database, explainLedgerCostChange, migrateToLatest, openDatabase } from "@quorum/storage";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import type { Io } from "../io.js";
import { recordingIo } from "../recording-io.js";
import { costCommand } from "./cost.js";
import { reportCommand } from "./report.js";

const dir = mkdtempSync(join(tmpdir(), "quorum-report-"));
const config = loadConfig({ QUORUM_DATA_DIR: dir });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ledger rows of `items` tasks × `overlap` judgments (+ `gold` gold ones, + `rejected` rejected ones). */
function rows(
  key: string,
  at: number,
  unit: number,
  language: string,
  items: number,
  overlap: number,
  payMinor: number,
  minutes: number,
  extra: { gold?: number; rejected?: number } = {},
) {
  const out = [];
  const base = {
    project_id: null,
    business_unit_id: unit,
    vendor: null,
    annotator_id: null,
    language,
    task_type: "classify",
    kind: "judgment",
    currency: "USD",
    judgments: 1,
    task_id: null,
    judgment_id: null,
    rate_card_id: null,
    note: null,
    created_by: null,
    amount_minor: payMinor,
    active_ms: minutes * 60_000,
  };
  let n = 0;
  for (let task = 0; task < items; task++)
    for (let ordinal = 1; ordinal <= overlap; ordinal++)
      out.push({
        ...base,
        component: ordinal > 1 ? "overlap" : "base",
        accepted_labels: ordinal === 1 ? 1 : 0,
        judgment_ordinal: ordinal,
        is_gold: 0,
        rejected: 0,
        source_key: `${key}:${language}:${n++}`,
        at,
      });
  for (let i = 0; i < (extra.gold ?? 0); i++)
    out.push({
      ...base,
      component: "gold",
      accepted_labels: 0,
      judgment_ordinal: 1,
      is_gold: 1,
      rejected: 0,
      source_key: `${key}:${language}:${n++}`,
      at,
    });
  for (let i = 0; i < (extra.rejected ?? 0); i++)
    out.push({
      ...base,
      component: "rework",
      accepted_labels: 0,
      judgment_ordinal: 1,
      is_gold: 0,
      rejected: 1,
      source_key: `${key}:${language}:${n++}`,
      at,
    });
  return out;
}

const feb = monthPeriod("2026-02");
const mar = monthPeriod("2026-03");
let unitId = 0;

beforeAll(async () => {
  const database = await openDatabase({ url: config.databaseUrl });
  await migrateToLatest(database.db);
  const unit = await database.db
    .insertInto("business_units")
    .values({ name: "Search", created_at: 0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  unitId = Number(unit.id);
  await database.db
    .insertInto("cost_ledger")
    .values([
      ...rows("feb", feb.start, unitId, "de", 40, 2, 90, 1, { gold: 5, rejected: 3 }),
      ...rows("feb", feb.start, unitId, "fr", 25, 1, 130, 2),
      ...rows("mar", mar.start, unitId, "de", 50, 3, 95, 0.8, { gold: 9, rejected: 2 }),
      ...rows("mar", mar.start, unitId, "ja", 10, 2, 200, 1.5),
    ])
    .execute();
  await database.close();
});

function segmentsCsv(segments: SegmentCost[]): string {
  const header = "segment,items,overlap,gold_share,rework_share,minutes_per_judgment,hourly_rate";
  return [
    header,
    ...segments.map((s) => [JSON.stringify(s.segment), ...SEGMENT_COST_FIELDS.map((f) => String(s[f]))].join(",")),
  ].join("\n");
}

describe("quorum report cost", () => {
  it("writes the XLSX, PDF and CSV report of a business unit's month", async () => {
    const io = recordingIo();
    const xlsx = join(dir, "report.xlsx");
    await reportCommand(["cost", "--business-unit", String(unitId), "--month", "2026-03", "--out", xlsx], io, config);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(readFileSync(xlsx)).buffer);
    expect(workbook.getWorksheet("Summary")!.getCell("B5").value).toBe((150 * 95 + 9 * 95 + 2 * 95 + 20 * 200) / 100);
    const pdf = join(dir, "report.pdf");
    await reportCommand(["cost", "--business-unit", String(unitId), "--month", "2026-03", "--out", pdf], io, config);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    const csvIo = recordingIo();
    await reportCommand(
      ["cost", "--business-unit", String(unitId), "--month", "2026-03", "--format", "csv", "--out", "-"],
      csvIo,
      config,
    );
    expect(csvIo.out).toContain("Cost per label,total,2026-02,");
    await expect(
      reportCommand(["cost", "--business-unit", String(unitId), "--month", "2026-3", "--out", xlsx], io, config),
    ).rejects.toThrow(/--month/);
    await expect(
      reportCommand(["cost", "--business-unit", "99", "--month", "2026-03", "--out", xlsx], io, config),
    ).rejects.toThrow(/business unit 99 not found/);
    await expect(
      reportCommand(
        ["cost", "--business-unit", String(unitId), "--month", "2026-03", "--out", join(dir, "r.doc")],
        io,
        config,
      ),
    ).rejects.toThrow(/--format must be one of xlsx, pdf, csv/);
  });

  it("reports in the workspace's default currency when --currency is left out", async () => {
    const database = await openDatabase({ url: config.databaseUrl });
    await database.db
      .insertInto("workspace_settings")
      .values({ key: "currency", value: "EUR", updated_by: null, updated_at: 0 })
      .execute();
    await database.close();
    const args = ["cost", "--business-unit", String(unitId), "--month", "2026-03", "--format", "csv", "--out", "-"];
    try {
      const euros = recordingIo();
      await reportCommand(args, euros, config);
      // Old code: USD whatever the workspace's currency.
      expect(euros.out).toContain("Summary,Spent (direct),Value,0.00,EUR");
      const dollars = recordingIo();
      await reportCommand([...args, "--currency", "usd"], dollars, config);
      expect(dollars.out).toContain(",USD");
      expect(dollars.out).not.toContain(",EUR");
    } finally {
      const cleanup = await openDatabase({ url: config.databaseUrl });
      await cleanup.db.deleteFrom("workspace_settings").where("key", "=", "currency").execute();
      await cleanup.close();
    }
  });

  it("explains from the ledger exactly as `quorum cost explain` does on the same segments", async () => {
    const database: Database = await openDatabase({ url: config.databaseUrl });
    const api = await explainLedgerCostChange(database.db, {
      scope: { businessUnitId: unitId },
      base: { from: feb.start, to: feb.end },
      current: { from: mar.start, to: mar.end },
      currency: "USD",
      byVendor: false,
    });
    await database.close();
    // The segments reproduce the ledger: February 40×2×0.90 + 5×0.90 + 3×0.90 + 25×1.30, March likewise.
    expect(api.base).toBe((80 * 90 + 8 * 90 + 25 * 130) / 100);
    expect(api.current).toBe((150 * 95 + 11 * 95 + 20 * 200) / 100);
    const sum = Object.values(api.drivers).reduce((a, b) => a + b, 0);
    expect(Math.round(sum * 100)).toBe(Math.round(api.change * 100));
    expect(api.drivers.mix).not.toBe(0); // ja is new, fr is gone

    const base = join(dir, "base.csv");
    const current = join(dir, "current.csv");
    writeFileSync(base, segmentsCsv(api.segments.base));
    writeFileSync(current, segmentsCsv(api.segments.current));
    const io = recordingIo();
    await costCommand(["explain", "--base", base, "--current", current, "--format", "json"], io as Io);
    const cli = JSON.parse(io.out);
    expect(cli).toEqual({ base: api.base, current: api.current, change: api.change, drivers: api.drivers });
  });
});
