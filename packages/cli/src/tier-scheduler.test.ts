import { parseLabelSchema } from "@quorum/core";
import { type Database, seedProject, testTargets, tierOf } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateTiersIfDue } from "./tier-scheduler.js";

const targets = await testTargets();
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 3);

describe.each(targets)("the daily tier evaluation on $dialect", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database.close());

  it("runs once a day across processes and moves one tier per run", async () => {
    const { project, annotators } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      annotators: 1,
    });
    const person = annotators[0]!;
    // 100/100 on gold: lower bound 96.3%, enough for standard and then expert.
    await database.db
      .insertInto("activity_hourly")
      .values({
        project_id: project.id,
        hour: NOW - 5 * 3_600_000,
        annotator_id: person.id,
        judgments: 100,
        active_ms: 0,
        gold_answered: 100,
        gold_correct: 100,
      })
      .execute();
    const a = { holder: "process-a", lastDay: undefined };
    const b = { holder: "process-b", lastDay: undefined };
    expect(await evaluateTiersIfDue(database, a, NOW)).toBe(1);
    expect(await evaluateTiersIfDue(database, b, NOW + 1000)).toBeUndefined();
    expect(await evaluateTiersIfDue(database, a, NOW + 2000)).toBeUndefined();
    expect(await tierOf(database.db, person.id)).toBe("standard");
    // The next day either process may run it; one does.
    expect(await evaluateTiersIfDue(database, b, NOW + DAY)).toBe(1);
    expect(await evaluateTiersIfDue(database, a, NOW + DAY + 1000)).toBeUndefined();
    expect(await tierOf(database.db, person.id)).toBe("expert");
  });
});
