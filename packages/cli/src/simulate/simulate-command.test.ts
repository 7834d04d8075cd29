import { checkEligibility, type Project, parseLabelSchema } from "@quorum/core";
import { type Database, listUsers, ownTables, type SeedTask, seedProject, testTargets } from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATE_HELP, simulateCommand, simulateInSandbox, simulateProject } from "../commands/simulate.js";
import { loadConfig } from "../config.js";
import type { Io } from "../io.js";

const targets = await testTargets();
const NOW = Date.UTC(2026, 10, 18, 15);

function recordingIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false };
  return { io, out, err };
}

function queries(n: number): SeedTask[] {
  return Array.from({ length: n }, (_, i) => ({
    data: { query: `q${i}`, language: ["en", "de"][i % 2] },
    ...(i % 10 === 0 ? { gold: 2 } : {}),
  }));
}

describe.each(targets)("quorum simulate on $dialect", (target) => {
  let database: Database;
  let project: Project;

  beforeAll(async () => {
    database = await target.open();
    ({ project } = await seedProject(database, {
      name: "Relevance",
      schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
      requirements: { languages: ["en", "de"], skills: { relevance: 1 } },
      overlap: 3,
      tasks: queries(120),
      now: NOW - 30 * 3_600_000,
    }));
  });
  afterAll(() => database.close());

  it("creates eligible sim accounts, labels through the engine and prints a summary; a second run reuses the accounts", async () => {
    const { io, out, err } = recordingIo();
    const options = { projectId: project.id, annotators: 6, hours: 24, seed: 1, accuracy: 0.85, now: NOW };
    const result = await simulateProject(database, io, options);

    const sims = (await listUsers(database.db, { role: "annotator" })).filter((u) => u.email.startsWith("sim-"));
    expect(sims.map((u) => u.email).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `sim-${n}@quorum.local`).sort());
    for (const user of sims) expect(checkEligibility(user, project.requirements).eligible).toBe(true);
    expect(new Set(sims.flatMap((u) => u.languages))).toEqual(new Set(["en", "de"]));

    expect(result.judgments).toBeGreaterThan(0);
    const text = out.join("");
    expect(text).toContain(`judgments         ${result.judgments.toLocaleString("en-US")}`);
    expect(text).toMatch(/tasks completed {3}\d+/);
    expect(text).toMatch(/mean active time {2}\d+\.\d s per judgment/);
    expect(err.join("")).toContain("simulating");

    await simulateProject(database, recordingIo().io, { ...options, seed: 2, annotators: 7 });
    const after = (await listUsers(database.db, { role: "annotator" })).filter((u) => u.email.startsWith("sim-"));
    expect(after).toHaveLength(7);
    const perTask = await database.db
      .selectFrom("judgments")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.count<number>("annotator_id").distinct().as("people")])
      .where("project_id", "=", project.id)
      .groupBy("task_id")
      .execute();
    for (const row of perTask) {
      expect(Number(row.n)).toBeLessThanOrEqual(3);
      expect(Number(row.people)).toBe(Number(row.n));
    }
  });

  it("simulates on a sandbox copy by default: the live database keeps every row as it was", async () => {
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const { name } of await ownTables(database)) {
        const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(
          database.db,
        );
        out[name] = Number(row.rows[0]!.n);
      }
      return out;
    };
    const before = await counts();
    const { io, out, err } = recordingIo();
    const result = await simulateInSandbox(database, io, {
      projectId: project.id,
      annotators: 4,
      hours: 12,
      seed: 5,
      accuracy: 0.9,
      now: NOW,
    });
    expect(result.judgments).toBeGreaterThan(0);
    expect(result.sandboxTasks).toBeGreaterThan(0);
    expect(out.join("")).toContain(`a sandbox copy of project ${project.id}`);
    expect(err.join("")).toContain("--live");
    expect(await counts()).toEqual(before);
  });

  it("refuses an unknown project", async () => {
    await expect(
      simulateProject(database, recordingIo().io, {
        projectId: 999,
        annotators: 1,
        hours: 1,
        seed: 1,
        accuracy: 0.8,
        now: NOW,
      }),
    ).rejects.toThrow("project 999 not found");
  });
});

describe("quorum simulate options", () => {
  const config = loadConfig({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/never-opened" });

  it("has a one-line usage first and rejects bad options before opening the database", async () => {
    expect(SIMULATE_HELP.split("\n")[0]).toMatch(/^quorum simulate --project ID/);
    const { io } = recordingIo();
    await expect(simulateCommand([], io, config)).rejects.toThrow("--project is required");
    await expect(simulateCommand(["--project", "1", "--accuracy", "1.5"], io, config)).rejects.toThrow(
      "--accuracy must be",
    );
    await expect(simulateCommand(["--project", "1", "--annotators", "2.5"], io, config)).rejects.toThrow(
      "whole number",
    );
    await expect(simulateCommand(["--project", "1", "--hours", "soon"], io, config)).rejects.toThrow("--hours must be");
  });
});
