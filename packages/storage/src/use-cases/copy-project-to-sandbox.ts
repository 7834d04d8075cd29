import type { ImportItem, LabelValue, Project } from "@quorum/core";
import { type Database, openDatabase } from "../database.js";
import { migrateToLatest } from "../migrate.js";
import { insertProject } from "../repositories/projects.js";
import { insertUser } from "../repositories/users.js";
import { importTasks } from "./import-tasks.js";

/** Tasks read from the live database per page while copying. */
const PAGE = 5_000;

/**
 * A scratch copy of one project to simulate on: a new SQLite database at `path` (a file, or
 * ":memory:") holding the project's settings and guidelines and its unfinished and gold tasks,
 * read page by page from `source`, which is only read. Earlier judgments are not copied: the
 * unfinished tasks start over in the copy, as if no one had labeled them yet. The caller closes
 * the copy (and deletes the file).
 */
export async function copyProjectToSandbox(
  source: Database,
  project: Project,
  options: { path: string; now: number },
): Promise<{ database: Database; project: Project; tasks: number }> {
  const database = await openDatabase({ url: options.path });
  try {
    await migrateToLatest(database.db);
    const owner = await insertUser(
      database.db,
      { email: "sandbox@quorum.local", name: "Sandbox", passwordHash: "!", role: "admin" },
      options.now,
    );
    const guidelines =
      project.guidelineVersion > 0
        ? await source.db
            .selectFrom("guideline_versions")
            .select("body")
            .where("project_id", "=", project.id)
            .where("version", "=", project.guidelineVersion)
            .executeTakeFirst()
        : undefined;
    const {
      id: _id,
      status: _status,
      createdAt: _created,
      updatedAt: _updated,
      guidelineVersion: _v,
      ...settings
    } = project;
    const copy = await insertProject(
      database.db,
      { ...settings, ...(guidelines?.body ? { guidelines: guidelines.body } : {}) },
      owner.id,
      options.now,
    );
    let copied = 0;
    async function* records(): AsyncGenerator<ImportItem> {
      let after = 0;
      for (;;) {
        const rows = await source.db
          .selectFrom("tasks")
          .select(["id", "data", "gold", "gold_explanation", "priority", "external_id"])
          .where("project_id", "=", project.id)
          .where("status", "in", ["open", "full", "gold"])
          .where("id", ">", after)
          .orderBy("id")
          .limit(PAGE)
          .execute();
        for (const row of rows) {
          copied++;
          yield {
            ok: true,
            task: {
              line: copied,
              data: JSON.parse(row.data) as Record<string, unknown>,
              ...(row.gold === null ? {} : { gold: JSON.parse(row.gold) as LabelValue }),
              ...(row.gold_explanation === null ? {} : { goldExplanation: row.gold_explanation }),
              ...(row.priority === 0 ? {} : { priority: row.priority }),
              ...(row.external_id === null ? {} : { externalId: row.external_id }),
            },
          };
        }
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.id;
      }
    }
    await importTasks(database.db, {
      project: copy,
      records: records(),
      batchName: "sandbox",
      actorId: owner.id,
      now: options.now,
    });
    return { database, project: copy, tasks: copied };
  } catch (error) {
    await database.close();
    throw error;
  }
}
