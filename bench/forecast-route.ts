// GET /projects/{id}/forecast on a project of 1,000,000 tasks, through the real app on a real
// database: tasks imported through the import path (the counters kept by their triggers), a third
// of them judged, 28 days of hourly activity from 100 annotators. Used by bench/forecast.ts.
import { rmSync } from "node:fs";
import type { ImportItem } from "@quorum/core";
import { parseGoldPolicy, parseLabelSchema, parseOverlapSetting, parseQualityRules } from "@quorum/core";
import { sql } from "kysely";
import { createApp } from "../packages/server/src/app.js";
import { hashPassword } from "../packages/server/src/auth/password.js";
import { openDatabase } from "../packages/storage/src/database.js";
import { migrateToLatest } from "../packages/storage/src/migrate.js";
import { insertProject } from "../packages/storage/src/repositories/projects.js";
import { rebuildProjectTaskCounters } from "../packages/storage/src/repositories/task-counters.js";
import { insertUser } from "../packages/storage/src/repositories/users.js";
import { importTasks } from "../packages/storage/src/use-cases/import-tasks.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface ForecastRouteFigure {
  dialect: string;
  tasks: number;
  overlap: string;
  setupSeconds: number;
  firstMs: number;
  medianMs: number;
  p95Ms: number;
  result: string;
}

/** Builds the project on `url` (a SQLite file path or a PostgreSQL URL) and times the route `runs` times. */
export async function measureForecastRoute(
  url: string,
  options: { tasks: number; runs: number; dynamic: boolean },
): Promise<ForecastRouteFigure> {
  const started = performance.now();
  const schema = url.startsWith("postgres") ? `forecast_bench_${process.pid}` : undefined;
  const database = await openDatabase(schema ? { url, schema } : { url });
  try {
    await migrateToLatest(database.db, schema);
    const now = Date.now();
    const admin = await insertUser(
      database.db,
      { email: "bench@quorum.local", name: "Bench", passwordHash: await hashPassword("bench-password"), role: "admin" },
      now - 40 * DAY,
    );
    const project = await insertProject(
      database.db,
      {
        name: "Forecast bench",
        schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
        requirements: { languages: ["en", "de"], skills: {} },
        overlap: 3,
        priority: 0,
        deadline: now + 60 * DAY,
        leaseSeconds: 600,
        sensitive: false,
        goldPolicy: parseGoldPolicy({ share: 0.05 }),
        overlapPolicy: options.dynamic
          ? parseOverlapSetting({ mode: "dynamic", min: 2, max: 5 })
          : parseOverlapSetting(undefined),
        qualityRules: parseQualityRules(undefined),
      },
      admin.id,
      now - 30 * DAY,
    );
    async function* records(): AsyncGenerator<ImportItem> {
      for (let i = 0; i < options.tasks; i++)
        yield { ok: true, task: { line: i + 1, data: { query: `q${i}`, language: i % 3 === 0 ? "de" : "en" } } };
    }
    await importTasks(database.db, {
      project,
      records: records(),
      batchName: "bench",
      actorId: admin.id,
      now: now - 30 * DAY,
    });
    // A third settled (3 to 5 judgments), a sixth part-judged. On PostgreSQL the per-row counter
    // triggers are skipped for this bulk change and the counters recounted once instead.
    const third = Math.floor(options.tasks / 3);
    const first = Number(
      (
        await database.db
          .selectFrom("tasks")
          .select((eb) => eb.fn.min("id").as("id"))
          .executeTakeFirstOrThrow()
      ).id,
    );
    await database.db.transaction().execute(async (trx) => {
      const pg = database.dialect === "postgres";
      if (pg) await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update tasks set status = 'done', judgment_count = 3 + (id % 3), required = 3 + (id % 3), slots_taken = 3 + (id % 3)
        where project_id = ${project.id} and id < ${first + third}`.execute(trx);
      await sql`update tasks set judgment_count = 1, slots_taken = 1
        where project_id = ${project.id} and id >= ${first + third} and id < ${first + third + Math.floor(third / 2)}`.execute(
        trx,
      );
      if (pg) {
        await sql`set local session_replication_role = origin`.execute(trx);
        await rebuildProjectTaskCounters(trx, project);
      }
    });
    const rows = [];
    const today = Math.floor(now / DAY) * DAY;
    for (let hour = today - 28 * DAY; hour < today; hour += HOUR)
      for (let annotator = 1; annotator <= 100; annotator++)
        if ((hour / HOUR + annotator) % 3 === 0)
          rows.push({
            project_id: project.id,
            hour,
            annotator_id: 1000 + annotator,
            judgments: 40 + (annotator % 20),
            active_ms: 1_800_000,
            gold_answered: 2,
            gold_correct: 2,
          });
    for (let i = 0; i < rows.length; i += 500)
      await database.db
        .insertInto("activity_hourly")
        .values(rows.slice(i, i + 500))
        .execute();
    if (database.dialect === "postgres") await sql`analyze`.execute(database.db);
    const setupSeconds = (performance.now() - started) / 1000;

    const app = createApp({ database, now: () => now, secureCookies: false, log: () => {} });
    const login = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "bench@quorum.local", password: "bench-password" }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const times: number[] = [];
    let result = "";
    for (let i = 0; i <= options.runs; i++) {
      const t0 = performance.now();
      const response = await app.request(`/api/v1/projects/${project.id}/forecast`, { headers: { cookie } });
      const body = (await response.json()) as {
        eta: { days: unknown };
        backlog: { expectedJudgments: number };
        risks: { kind: string }[];
      };
      times.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`forecast answered ${response.status}`);
      result = `eta ${JSON.stringify(body.eta.days)}, backlog ${Math.round(body.backlog.expectedJudgments)}, risks [${body.risks.map((r) => r.kind).join(", ")}]`;
    }
    const warm = times.slice(1).sort((a, b) => a - b);
    return {
      dialect: database.dialect,
      tasks: options.tasks,
      overlap: options.dynamic ? "dynamic 2-5" : "fixed 3",
      setupSeconds,
      firstMs: times[0]!,
      medianMs: warm[Math.floor(warm.length / 2)]!,
      p95Ms: warm[Math.min(warm.length - 1, Math.floor(warm.length * 0.95))]!,
      result,
    };
  } finally {
    if (schema)
      await sql
        .raw(`drop schema if exists ${schema} cascade`)
        .execute(database.db)
        .catch(() => {});
    await database.close();
    if (!url.startsWith("postgres"))
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${url}${suffix}`, { force: true });
  }
}
