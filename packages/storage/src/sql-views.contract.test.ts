import {
  type Database,
  leaseNextTask,
  newUser,
  recordCostAdjustment,
  seedProject,
  submitJudgment,
  testTargets,
  textTasks,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const now = Date.parse("2026-12-01T10:15:00Z");

describe.each(targets)("analyst SQL views on $dialect", (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
    const admin = await newUser(database, { now });
    const { project, annotators } = await seedProject(database, {
      admin,
      now,
      name: "Views",
      overlap: 1,
      tasks: textTasks(2),
      annotators: 1,
    });
    const lease = await leaseNextTask(database, { project, annotator: annotators[0]!, now });
    await submitJudgment(database, {
      project,
      assignmentId: lease!.id,
      annotatorId: annotators[0]!.id,
      value: 2,
      activeMs: 3000,
      clientKey: "v",
      now,
    });
    await recordCostAdjustment(
      database,
      {
        kind: "bonus",
        amountMinor: 250,
        currency: "EUR",
        projectId: project.id,
        annotatorId: annotators[0]!.id,
        taskId: null,
        note: "thanks",
        key: "views-bonus",
      },
      { id: admin.id, now },
    );
  });
  afterAll(() => database.close());

  const rows = async (view: string) =>
    (await sql<Record<string, unknown>>`select * from ${sql.table(view)}`.execute(database.db)).rows;

  it("exist and return the stored rows, with epoch-ms and UTC time columns", async () => {
    const judgments = await rows("quorum_v_judgments");
    expect(judgments).toHaveLength(1);
    expect(judgments[0]).toMatchObject({ project_name: "Views", value: "2", active_ms: 3000 });
    expect(Number(judgments[0]!.created_at)).toBe(now);
    expect(
      String(
        judgments[0]!.created_at_utc instanceof Date
          ? (judgments[0]!.created_at_utc as Date).toISOString()
          : judgments[0]!.created_at_utc,
      ),
    ).toContain("2026-12-01");

    const tasks = await rows("quorum_v_tasks");
    expect(tasks.map((t) => t.status).sort()).toEqual(["done", "open"]);
    expect(tasks[0]).toMatchObject({ batch_name: "b", deadline: null });

    const daily = await rows("quorum_v_daily_activity");
    expect(daily).toHaveLength(1);
    expect(Number(daily[0]!.day)).toBe(Date.parse("2026-12-01T00:00:00Z"));
    expect(Number(daily[0]!.judgments)).toBe(1);

    const ledger = await rows("quorum_v_cost_ledger");
    expect(ledger.map((r) => [r.kind, Number(r.amount_minor), r.currency])).toContainEqual(["bonus", 250, "EUR"]);
  });
});
