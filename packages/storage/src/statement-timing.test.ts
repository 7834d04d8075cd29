import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  leaseNextTask,
  newAnnotator,
  openDatabase,
  seedProject,
  statementTimings,
  stopStatementTimings,
  submitJudgment,
  textTasks,
  writeStatementTimings,
} from "@quorum/storage";
import { afterAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "./migrate.js";

const dir = mkdtempSync(join(tmpdir(), "statement-timing-"));
afterAll(() => {
  // Test files share their worker's process: the timer must not write into the removed folder later.
  stopStatementTimings();
  rmSync(dir, { recursive: true, force: true });
});

describe("per-statement timing (QUORUM_STATEMENT_TIMING, SQLite)", () => {
  it("writes calls and times per SQL text, the claim's queue-head read and the judgment's insert among them", async () => {
    process.env.QUORUM_STATEMENT_TIMING = join(dir, "timing");
    const database = await openDatabase({ url: join(dir, "quorum.db") });
    delete process.env.QUORUM_STATEMENT_TIMING;
    try {
      await migrateToLatest(database.db);
      const now = 1_800_000_000_000;
      const { project } = await seedProject(database, { now, overlap: 1, tasks: textTasks(5) });
      const annotator = await newAnnotator(database, { now });
      for (let i = 0; i < 3; i++) {
        const lease = await leaseNextTask(database, { project, annotator, now });
        await submitJudgment(database, {
          project,
          assignmentId: lease!.id,
          annotatorId: annotator.id,
          value: 1,
          activeMs: 1000,
          clientKey: `k${i}`,
          now,
        });
      }
      const file = writeStatementTimings();
      expect(file).toBe(join(dir, `timing.${process.pid}.tsv`));
      const [header, ...lines] = readFileSync(file!, "utf8").trim().split("\n");
      expect(header).toBe("calls\tcpu_total_ms\tcpu_mean_us\twall_mean_us\tsql");
      const rows = lines.map((line) => {
        const [calls, cpuTotalMs, cpuMeanUs, wallMeanUs, sql] = line.split("\t");
        return {
          calls: Number(calls),
          cpuTotalMs: Number(cpuTotalMs),
          cpuMeanUs: Number(cpuMeanUs),
          wallMeanUs: Number(wallMeanUs),
          sql: sql ?? "",
        };
      });
      // On SQLite the queue head is read with the claim state (`readClaimStateAndQueueHead`).
      const queueHead = rows.find((r) => /^select .*"tasks"\."queue_arm"/.test(r.sql));
      expect(queueHead?.calls).toBe(3);
      expect(rows.find((r) => /^insert into "?judgments"? /.test(r.sql))?.calls).toBe(3);
      for (const row of rows) {
        expect(row.calls).toBeGreaterThan(0);
        expect(row.wallMeanUs).toBeGreaterThan(0);
      }
      expect(statementTimings().map((t) => t.sql)).toEqual(rows.map((r) => r.sql));
    } finally {
      await database.close();
    }
  });
});
