import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLabelSchema } from "@quorum/core";
import {
  leaseNextTask,
  migrateToLatest,
  openDatabase,
  projectTaskCounts,
  readQualityRollups,
  recomputeQualityRollups,
  recountActivityTotals,
  seedProject,
  storedActivityTotals,
  submitJudgment,
} from "@quorum/storage";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { recordingIo } from "../recording-io.js";
import { rollupsCommand } from "./rollups.js";

const dir = mkdtempSync(join(tmpdir(), "quorum-rollups-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("quorum rollups rebuild", () => {
  it("recomputes lost roll-ups from the judgments, lost task counters from the tasks and lost activity totals from the hourly activity", async () => {
    const config = loadConfig({ QUORUM_DATA_DIR: dir });
    const database = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(database.db);
    const { project, annotators } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      overlap: 2,
      tasks: [{ data: { text: "one" } }, { data: { text: "two" } }],
      annotators: 2,
      now: 1,
    });
    for (const [i, annotator] of annotators.entries()) {
      const lease = (await leaseNextTask(database, { project, annotator, now: 10 + i }))!;
      await submitJudgment(database, {
        project,
        assignmentId: lease.id,
        annotatorId: annotator.id,
        value: "a",
        activeMs: 3000,
        clientKey: `k${i}`,
        now: 20 + i,
      });
    }
    const kept = await readQualityRollups(database.db, project.id);
    expect(kept.length).toBeGreaterThan(0);
    const counts = await projectTaskCounts(database.db, project.id);
    expect(counts).toMatchObject({ total: 2, done: 1 });
    await database.db.deleteFrom("quality_rollups").execute();
    await database.db.deleteFrom("task_counters").execute();
    // Not folded yet (the server folds closed hours): the rebuild folds every hour before the current one.
    expect(await storedActivityTotals(database.db, project.id)).toEqual({ foldedUntil: 0, totals: [] });
    const totals = await recountActivityTotals(database.db, project.id);
    expect(totals.map((t) => t.judgments)).toEqual([1, 1]);
    await database.db.deleteFrom("activity_totals").execute();
    await database.close();

    const io = recordingIo();
    await rollupsCommand(["rebuild"], io, config);
    expect(io.out).toContain("Rebuilt the quality roll-ups and task counters of 1 project(s) (2 tasks)");
    const reopened = await openDatabase({ url: config.databaseUrl });
    const rebuilt = await readQualityRollups(reopened.db, project.id);
    expect(rebuilt.sort((x, y) => (x.kind + x.key).localeCompare(y.kind + y.key))).toEqual(
      (await recomputeQualityRollups(reopened.db, project)).cells.sort((x, y) =>
        (x.kind + x.key).localeCompare(y.kind + y.key),
      ),
    );
    expect(rebuilt).toHaveLength(kept.length);
    expect(await projectTaskCounts(reopened.db, project.id)).toEqual(counts);
    const rebuiltTotals = await storedActivityTotals(reopened.db, project.id);
    expect(rebuiltTotals.totals).toEqual(totals);
    expect(rebuiltTotals.foldedUntil).toBeGreaterThan(0);
    await reopened.close();
    await expect(rollupsCommand(["tidy"], io, config)).rejects.toThrow('unknown rollups action "tidy"');
  });
});
