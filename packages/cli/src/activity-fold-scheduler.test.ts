import { parseLabelSchema } from "@quorum/core";
import { type Database, seedProject, storedActivityTotals, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startActivityFold } from "./activity-fold-scheduler.js";

const targets = await testTargets();
const HOUR = 3_600_000;

describe.each(targets)("the server's fold of closed hours on $dialect", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  it("folds the hours closed before the current one as the server starts", async () => {
    const { project, annotators } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      annotators: 1,
    });
    const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
    const row = { project_id: project.id, annotator_id: annotators[0]!.id, active_ms: 10, gold_answered: 0 };
    await database.db
      .insertInto("activity_hourly")
      .values([
        { ...row, hour: currentHour - 2 * HOUR, judgments: 3, gold_correct: 0 },
        { ...row, hour: currentHour + HOUR, judgments: 5, gold_correct: 0 },
      ])
      .execute();
    const lines: string[] = [];
    const stop = startActivityFold(database, (line) => lines.push(line));
    try {
      await expect
        .poll(async () => (await storedActivityTotals(database.db, project.id)).foldedUntil, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(currentHour);
    } finally {
      stop();
    }
    expect(lines).toEqual([]);
    const { totals } = await storedActivityTotals(database.db, project.id);
    expect(totals.map((t) => t.judgments)).toEqual([3]);
  });
});
