import { parseLabelSchema } from "@quorum/core";
import { type Database, recountTaskCounters, seedProject, storedTaskCounters, testTargets } from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCountingOnce } from "./repositories/import-task-counters.js";

const sqlite = (await testTargets()).find((t) => t.dialect === "sqlite")!;
const schema = parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] });

describe("an import's counts added once (SQLite)", () => {
  let database: Database;
  beforeAll(async () => {
    database = await sqlite.open();
  });
  afterAll(() => database.close());

  async function setUp() {
    const seeded = await seedProject(database, { schema, tasks: [{ data: { text: "a" } }] });
    const project = seeded.project;
    const insertTask = (trx: typeof database.db, batchId: number, status: string) =>
      sql`insert into tasks (project_id, batch_id, data, deadline_key, required, status, created_at, updated_at)
          values (${project.id}, ${batchId}, '{}', 0, 3, ${status}, 0, 0)`.execute(trx);
    const expectRecounted = async () =>
      expect(await storedTaskCounters(database.db, project.id)).toEqual(
        await recountTaskCounters(database.db, project.id, 0),
      );
    // A batch of its own, as an import makes: the seeded task's batch is not counted again.
    return { project, batchId: seeded.batchId! + 100, insertTask, expectRecounted };
  }

  const triggers = async () =>
    (
      await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' order by name`.execute(
        database.db,
      )
    ).rows;

  it("leaves the counters equal to a recount, and the trigger counting every later insert", async () => {
    const { project, batchId, insertTask, expectRecounted } = await setUp();
    const before = await triggers();
    await database.db.transaction().execute(async (trx) => {
      await insertCountingOnce(trx, { projectId: project.id, batchId }, async () => {
        for (let i = 0; i < 5; i++) await insertTask(trx, batchId, i % 2 === 0 ? "open" : "gold");
      });
      // Inside the same transaction, after the batch: counted by the trigger again.
      await insertTask(trx, batchId + 1000, "open");
    });
    expect(await triggers()).toEqual(before);
    await expectRecounted();
    await insertTask(database.db, batchId + 1000, "open");
    await expectRecounted();
    expect((await storedTaskCounters(database.db, project.id)).tasks.open).toBe(1 + 3 + 1 + 1);
  });

  it("leaves the trigger and the counters as they were when the import fails", async () => {
    const { project, batchId, insertTask, expectRecounted } = await setUp();
    const before = await triggers();
    const counters = await storedTaskCounters(database.db, project.id);
    const failed = database.db.transaction().execute(async (trx) => {
      await insertCountingOnce(trx, { projectId: project.id, batchId }, async () => {
        await insertTask(trx, batchId, "open");
        throw new Error("disk full");
      });
    });
    await expect(failed).rejects.toThrow("disk full");
    expect(await triggers()).toEqual(before);
    expect(await storedTaskCounters(database.db, project.id)).toEqual(counters);
    await insertTask(database.db, batchId, "open");
    await expectRecounted();
  });
});
