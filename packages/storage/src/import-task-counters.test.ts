import { parseLabelSchema, parseTasks } from "@quorum/core";
import {
  type Database,
  importTasks,
  recountTaskCounters,
  seedProject,
  storedTaskCounters,
  testTargets,
} from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCountingOnce, type NewTaskTally } from "./repositories/import-task-counters.js";

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
    const insertTask = async (trx: typeof database.db, batchId: number, status: string, tally?: NewTaskTally) => {
      await sql`insert into tasks (project_id, batch_id, data, deadline_key, required, status, created_at, updated_at)
          values (${project.id}, ${batchId}, '{}', 0, 3, ${status}, 0, 0)`.execute(trx);
      tally?.add({ status, required: 3, judgment_count: 0 });
    };
    const expectRecounted = async () =>
      expect(await storedTaskCounters(database.db, project.id)).toEqual(
        await recountTaskCounters(database.db, project.id, 0),
      );
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
      await insertCountingOnce(trx, project.id, async (tally) => {
        for (let i = 0; i < 5; i++) await insertTask(trx, batchId, i % 2 === 0 ? "open" : "gold", tally);
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

  it("counts an import's tasks once each, leaving out the duplicates it skips", async () => {
    const { project, expectRecounted } = await setUp();
    const lines = [
      { id: "x", data: { text: "1" } },
      { id: "x", data: { text: "2" } },
      { id: "y", data: { text: "3" }, gold: "ok" },
    ].map((line) => JSON.stringify(line));
    const result = await importTasks(database.db, {
      project,
      records: parseTasks("jsonl", [lines.join("\n")], project.schema),
      batchName: "file",
      duplicates: "skip",
      actorId: 0,
      now: 0,
    });
    expect(result.imported).toBe(2);
    await expectRecounted();
    const { tasks } = await storedTaskCounters(database.db, project.id);
    expect(tasks.open + tasks.gold).toBe(1 + 2);
  });

  it("leaves the trigger and the counters as they were when the import fails", async () => {
    const { project, batchId, insertTask, expectRecounted } = await setUp();
    const before = await triggers();
    const counters = await storedTaskCounters(database.db, project.id);
    const failed = database.db.transaction().execute(async (trx) => {
      await insertCountingOnce(trx, project.id, async (tally) => {
        await insertTask(trx, batchId, "open", tally);
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
