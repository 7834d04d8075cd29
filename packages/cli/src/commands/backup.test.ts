import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLabelSchema } from "@quorum/core";
import {
  askQuestion,
  createTestPostgresSchema,
  type Database,
  importTasks,
  insertProject,
  insertUser,
  leaseNextTask,
  migrateToLatest,
  openDatabase,
  ownTables,
  submitJudgment,
  testTargets,
} from "@quorum/storage";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../args.js";
import { type Config, loadConfig } from "../config.js";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";
import { findOnPath } from "../postgres-dump.js";
import { backupCommand, restoreCommand } from "./backup.js";

const dir = mkdtempSync(join(tmpdir(), "quorum-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const postgres = (await testTargets()).some((t) => t.dialect === "postgres");
const pgTools = Boolean(findOnPath("pg_dump") && findOnPath("pg_restore"));
if (postgres && !pgTools && process.env.CI) throw new Error("pg_dump and pg_restore must be on PATH in CI");

function recorder() {
  const out: string[] = [];
  const io: Io = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), interactive: false };
  return { io, out, text: () => out.join("") };
}

const NOW = 1_800_000_000_000;

/** A workspace with people, a project, tasks, judgments (with their counters) and a question. */
async function seed(database: Database) {
  const admin = await insertUser(
    database.db,
    { email: "admin@b.test", name: "Admin", passwordHash: "x", role: "admin" },
    NOW,
  );
  const project = await insertProject(
    database.db,
    {
      name: "Backed up",
      schema: parseLabelSchema({ type: "single_choice", options: ["yes", "no"] }),
      requirements: { languages: [], skills: {} },
      overlap: 3,
      priority: 0,
      deadline: null,
      leaseSeconds: 600,
      sensitive: false,
    },
    admin.id,
    NOW,
  );
  async function* records() {
    for (let i = 0; i < 40; i++) yield { ok: true as const, task: { line: i + 1, data: { text: `task ${i} ✓` } } };
  }
  await importTasks(database.db, { project, records: records(), batchName: "b", actorId: admin.id, now: NOW });
  const annotators = [];
  for (let i = 0; i < 5; i++)
    annotators.push(
      await insertUser(
        database.db,
        { email: `a${i}@b.test`, name: `A${i}`, passwordHash: "x", role: "annotator", languages: ["en"] },
        NOW,
      ),
    );
  for (const [n, annotator] of annotators.entries())
    for (let i = 0; i < 6; i++) {
      const lease = await leaseNextTask(database, { project, annotator, now: NOW + i });
      if (!lease) break;
      await submitJudgment(database, {
        project,
        assignmentId: lease.id,
        annotatorId: annotator.id,
        value: (n + i) % 2 ? "yes" : "no",
        activeMs: 900,
        clientKey: `${n}-${i}`,
        now: NOW + i,
      });
      if (i === 0)
        await askQuestion(database.db, {
          projectId: project.id,
          annotatorId: annotator.id,
          assignmentId: lease.id,
          text: "Sarcasm?",
          now: NOW,
        });
    }
  return { project, annotators };
}

/** Every row of every table, in key order, for comparing two databases. */
async function snapshot(database: Database) {
  const tables = await ownTables(database);
  const all: Record<string, unknown[]> = {};
  for (const table of tables) {
    const everyColumn = sql.raw(table.columns.map((_, i) => i + 1).join(", "));
    const rows = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table.name)} order by ${everyColumn}`.execute(database.db);
    all[table.name] = rows.rows;
  }
  return all;
}

/** What a consistent database always satisfies, whatever moment it was copied at. */
async function checkCounters(database: Database) {
  const off = await sql<{ id: number }>`
    select t.id from tasks t
    where t.judgment_count != (select count(*) from judgments j where j.project_id = t.project_id and j.task_id = t.id)
       or t.slots_taken != (select count(*) from assignments a
            where a.project_id = t.project_id and a.task_id = t.id and a.status in ('active', 'submitted'))`.execute(
    database.db,
  );
  expect(off.rows).toEqual([]);
  const activity = await sql<{ rolled: number; judged: number }>`
    select (select coalesce(sum(judgments), 0) from activity_hourly) as rolled,
           (select count(*) from judgments) as judged`.execute(database.db);
  expect(Number(activity.rows[0]!.rolled)).toBe(Number(activity.rows[0]!.judged));
}

describe("quorum backup and restore on SQLite", () => {
  const live = loadConfig({ QUORUM_DATA_DIR: join(dir, "live") });
  const fresh = loadConfig({ QUORUM_DATA_DIR: join(dir, "fresh") });
  const file = join(dir, "quorum-backup.db");
  let database: Database;
  let seeded: Awaited<ReturnType<typeof seed>>;

  afterAll(() => database?.close());

  async function open(config: Config) {
    const opened = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(opened.db);
    return opened;
  }

  it("copies a live database and restores it into a new data directory with every row", async () => {
    database = await open(live);
    seeded = await seed(database);
    const { io, text } = recorder();
    await backupCommand(["--out", file], io, live);
    expect(text()).toMatch(
      /Backed up sqlite:.*quorum\.db to .*quorum-backup\.db \(.* MiB: 1 projects, 40 tasks, 30 judgments, 6 users\)/,
    );
    await restoreCommand(["--from", file], io, fresh);
    expect(text()).toContain("Restored");
    const restored = await open(fresh);
    try {
      const expected = await snapshot(database);
      expect(expected.judgments).toHaveLength(30);
      expect(expected.questions).toHaveLength(5);
      expect(await snapshot(restored)).toEqual(expected);
      await checkCounters(restored);
    } finally {
      await restored.close();
    }
  });

  it("refuses a database holding data unless --force, and then replaces it whole", async () => {
    const { io } = recorder();
    await expect(restoreCommand(["--from", file], io, fresh)).rejects.toThrow(/holds data .*add --force/);
    const restored = await open(fresh);
    await restored.db.deleteFrom("questions").execute();
    await restored.db.insertInto("business_units").values({ name: "added after", created_at: NOW }).execute();
    await restored.close();
    await restoreCommand(["--from", file, "--force"], io, fresh);
    const again = await open(fresh);
    try {
      expect(await snapshot(again)).toEqual(await snapshot(database));
    } finally {
      await again.close();
    }
  });

  it("checks the file is a Quorum database of a known version before replacing anything", async () => {
    const { io } = recorder();
    const text = join(dir, "notes.txt");
    writeFileSync(text, "not a database at all\n".repeat(100));
    await expect(restoreCommand(["--from", text, "--force"], io, fresh)).rejects.toThrow(/is not a SQLite database/);
    const other = join(dir, "other.db");
    const foreign = new SQLite(other);
    foreign.exec("create table notes (body text); insert into notes values ('x');");
    foreign.close();
    await expect(restoreCommand(["--from", other, "--force"], io, fresh)).rejects.toThrow(/not Quorum's/);
    const newer = join(dir, "newer.db");
    await backupCommand(["--out", newer], io, live);
    const future = new SQLite(newer);
    future.prepare("insert into kysely_migration (name, timestamp) values (?, ?)").run("29990101000000-future", "x");
    future.close();
    await expect(restoreCommand(["--from", newer, "--force"], io, fresh)).rejects.toThrow(
      /newer Quorum \(migrations 29990101000000-future/,
    );
    await expect(restoreCommand(["--from", join(dir, "missing.db")], io, fresh)).rejects.toBeInstanceOf(InputError);
    await expect(restoreCommand([], io, fresh)).rejects.toBeInstanceOf(UsageError);
    await expect(backupCommand(["--out", live.databaseUrl], io, live)).rejects.toThrow("must not be the database");
    // Nothing was replaced by the refused restores.
    const unchanged = await open(fresh);
    try {
      expect(await snapshot(unchanged)).toEqual(await snapshot(database));
    } finally {
      await unchanged.close();
    }
  });

  it("takes a consistent copy while judgments are being written", async () => {
    const { project, annotators } = seeded;
    let stop = false;
    let written = 0;
    const writer = (async () => {
      for (let round = 100; !stop && round < 400; round++)
        for (const annotator of annotators) {
          await new Promise((resolve) => setImmediate(resolve));
          const lease = await leaseNextTask(database, { project, annotator, now: NOW + round });
          if (!lease) continue;
          await submitJudgment(database, {
            project,
            assignmentId: lease.id,
            annotatorId: annotator.id,
            value: "yes",
            activeMs: 500,
            clientKey: `w-${annotator.id}-${round}`,
            now: NOW + round,
          });
          written++;
        }
    })();
    const { io } = recorder();
    const counts: number[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        while (written < (i + 1) * 5) await new Promise((resolve) => setTimeout(resolve, 5));
        const copy = join(dir, `during-${i}.db`);
        await backupCommand(["--out", copy], io, live);
        const target = loadConfig({ QUORUM_DATA_DIR: join(dir, `during-${i}`) });
        await restoreCommand(["--from", copy], io, target);
        const restored = await open(target);
        try {
          await checkCounters(restored);
          counts.push(
            Number(
              (
                await restored.db
                  .selectFrom("judgments")
                  .select((eb) => eb.fn.countAll().as("n"))
                  .executeTakeFirstOrThrow()
              ).n,
            ),
          );
        } finally {
          await restored.close();
        }
      }
    } finally {
      stop = true;
      await writer;
    }
    expect(counts[0]).toBeGreaterThan(30);
    expect(counts[2]).toBeGreaterThan(counts[0]!);
    expect(counts[2]).toBeLessThanOrEqual(30 + written);
  });
});

describe.runIf(postgres && pgTools)("quorum backup and restore on PostgreSQL (pg_dump, pg_restore)", () => {
  let schema: Awaited<ReturnType<typeof createTestPostgresSchema>>;
  const file = join(dir, "quorum-pg.dump");
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    await admin(`drop schema if exists ${schema.schema}_orig cascade`).catch(() => {});
    await schema?.drop();
  });

  it("dumps the schema in use, restores it only over an empty one or with --force, every row alike", async () => {
    schema = await createTestPostgresSchema();
    const config = loadConfig({ DATABASE_URL: schema.url, QUORUM_PG_SCHEMA: schema.schema });
    const database = await openDatabase({ url: schema.url, schema: schema.schema, poolSize: 2 });
    let expected: Awaited<ReturnType<typeof snapshot>>;
    try {
      await seed(database);
      expected = await snapshot(database);
    } finally {
      await database.close();
    }
    const { io, text } = recorder();
    await backupCommand(["--out", file], io, config);
    expect(text()).toContain(`Backed up ${schema.url} (schema ${schema.schema})`);

    await admin(`alter schema ${schema.schema} rename to ${schema.schema}_orig`);
    await restoreCommand(["--from", file], io, config);
    const compare = async () => {
      const restored = await openDatabase({ url: schema.url, schema: schema.schema, poolSize: 2 });
      try {
        expect(await snapshot(restored)).toEqual(expected);
        await checkCounters(restored);
      } finally {
        await restored.close();
      }
    };
    await compare();
    await expect(restoreCommand(["--from", file], io, config)).rejects.toThrow(/holds data .*add --force/);
    await restoreCommand(["--from", file, "--force"], io, config);
    await compare();

    const sqliteFile = join(dir, "quorum-backup-for-pg.db");
    writeFileSync(sqliteFile, "SQLite format 3\0 but not really");
    await expect(restoreCommand(["--from", sqliteFile, "--force"], io, config)).rejects.toThrow(
      /not a pg_dump archive/,
    );
    const elsewhere = loadConfig({ DATABASE_URL: schema.url, QUORUM_PG_SCHEMA: "some_other_schema" });
    await expect(restoreCommand(["--from", file, "--force"], io, elsewhere)).rejects.toThrow(
      `the backup holds schema ${schema.schema} but the database in use is schema some_other_schema`,
    );
  });

  it("prints the exact pg_dump and pg_restore commands when asked or when the tools are missing", async () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://quorum:s3cret@db.internal:5432/labels",
      QUORUM_PG_SCHEMA: "q",
    });
    const printed = recorder();
    await expect(backupCommand(["--out", "/backups/q.dump"], printed.io, config, { PATH: "" })).rejects.toThrow(
      "pg_dump is not on PATH",
    );
    expect(printed.text()).toBe(
      "# the password is left out: set PGPASSWORD or use ~/.pgpass\n" +
        "pg_dump --format=custom --no-owner --no-privileges --schema=q --file=/backups/q.dump --dbname=postgres://quorum@db.internal:5432/labels\n",
    );
    expect(printed.text()).not.toContain("s3cret");
    const local = loadConfig({ DATABASE_URL: schema.url, QUORUM_PG_SCHEMA: schema.schema });
    const restore = recorder();
    await restoreCommand(["--from", file, "--print"], restore.io, local);
    expect(restore.text()).toBe(
      `pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --clean --if-exists --dbname=${schema.url} ${file}\n`,
    );
  });
});
