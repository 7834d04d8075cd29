import { parseLabelSchema, type RollingOriginReport, rollingOriginEvaluation } from "@quorum/core";
import {
  type Database,
  type ImportRecord,
  importTasks,
  insertProject,
  insertUser,
  listProjects,
  migrateToLatest,
  openDatabase,
  projectStats,
} from "@quorum/storage";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDemoWorkspace } from "../demo/build-demo.js";
import type { Io } from "../io.js";
import { simulateProject } from "./simulate.js";

// The series `quorum forecast series` is meant for, made the way users get them: the demo
// workspace's three days of labeling, and `quorum simulate` on a project of its own. Hourly
// judgments (the finest roll-up the server keeps), with a daily season. The series depend only
// on the simulator, not on the database, so SQLite alone is used.

const NOW = Date.UTC(2026, 10, 20, 15, 30);
const HOUR = 3_600_000;
const quiet: Io = { stdout: () => {}, stderr: () => {}, interactive: false };

async function openMemory(): Promise<Database> {
  const database = await openDatabase({ url: ":memory:" });
  await migrateToLatest(database.db);
  return database;
}

async function* tasks(n: number): AsyncGenerator<ImportRecord> {
  for (let i = 0; i < n; i++)
    yield { ok: true, task: { line: i + 1, data: { query: `q${i}`, language: ["en", "de"][i % 2] } } };
}

/** Three days of `quorum simulate` (5 annotators, their own shifts and time zones) on a fresh project. */
async function simulatorSeries(): Promise<number[]> {
  const database = await openMemory();
  try {
    const admin = await insertUser(database.db, { email: "admin@x", name: "A", passwordHash: "x", role: "admin" }, NOW);
    const project = await insertProject(
      database.db,
      {
        name: "Relevance",
        schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
        requirements: { languages: ["en", "de"], skills: {} },
        overlap: 3,
        priority: 0,
        deadline: null,
        leaseSeconds: 600,
        sensitive: false,
      },
      admin.id,
      NOW - 100 * HOUR,
    );
    await importTasks(database.db, {
      project,
      records: tasks(6000),
      batchName: "b",
      actorId: admin.id,
      now: NOW - 99 * HOUR,
    });
    await simulateProject(database, quiet, {
      projectId: project.id,
      annotators: 5,
      hours: 72,
      seed: 3,
      accuracy: 0.85,
      now: NOW,
    });
    return (await projectStats(database.db, project.id, NOW - 1, 72)).timeline.map((point) => point.judgments);
  } finally {
    await database.close();
  }
}

describe("ETS forecasts on the demo's and the simulator's hourly series (rolling origin)", () => {
  const series: Record<string, number[]> = {};
  const reports: Record<string, RollingOriginReport> = {};

  beforeAll(async () => {
    const database = await openMemory();
    try {
      await buildDemoWorkspace(database, quiet, { now: NOW, seed: 7 });
      for (const project of await listProjects(database.db))
        series[`demo: ${project.name}`] = (await projectStats(database.db, project.id, NOW, 72)).timeline.map(
          (point) => point.judgments,
        );
    } finally {
      await database.close();
    }
    series["quorum simulate, 5 annotators"] = await simulatorSeries();
    // Fit on the first two days and more; forecast up to 12 hours ahead from every hour after.
    for (const [name, y] of Object.entries(series))
      reports[name] = rollingOriginEvaluation(y, { period: 24, horizon: 12, firstOrigin: 48 });
    console.info(
      [
        "series | held-out points | MASE (ETS) | MASE (seasonal naive) | 80% coverage | models chosen",
        ...Object.entries(reports).map(
          ([name, r]) =>
            `${name} | ${r.forecasts} | ${r.mase.toFixed(3)} | ${r.naiveMase.toFixed(3)} | ${r.coverage.toFixed(3)} | ${JSON.stringify(r.models)}`,
        ),
      ].join("\n"),
    );
  }, 600_000);

  it("has four series of 72 hours with work in them", () => {
    expect(Object.keys(series)).toHaveLength(4);
    for (const y of Object.values(series)) {
      expect(y).toHaveLength(72);
      expect(y.reduce((s, v) => s + v, 0)).toBeGreaterThan(100);
    }
  });

  it("covers 75-85% of held-out points with its 80% intervals, pooled over the series", () => {
    let forecasts = 0;
    let covered = 0;
    for (const report of Object.values(reports)) {
      forecasts += report.forecasts;
      covered += report.coverage * report.forecasts;
    }
    expect(forecasts).toBeGreaterThan(800);
    expect(covered / forecasts).toBeGreaterThanOrEqual(0.75);
    expect(covered / forecasts).toBeLessThanOrEqual(0.85);
  });

  it("scores every series against seasonal naive on the same held-out points", () => {
    for (const report of Object.values(reports)) {
      expect(Number.isFinite(report.mase)).toBe(true);
      expect(Number.isFinite(report.naiveMase)).toBe(true);
      expect(report.byHorizon).toHaveLength(12);
    }
  });
});
