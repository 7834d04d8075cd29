import type { Project, User } from "@quorum/core";
import type { Database } from "../database.js";
// The public API, not repository paths: repositories are moving into use cases.
import { type ImportRecord, importTasks } from "../index.js";
import { newProject, type ProjectOverrides } from "./new-project.js";
import { type NewTestUser, newAnnotator, newUser } from "./new-user.js";
import { TEST_NOW } from "./test-now.js";

/** A task as an import file gives it, less the line number (the fixtures count lines). */
export type SeedTask = Omit<Extract<ImportRecord, { ok: true }>["task"], "line">;

export interface SeedProjectOptions extends ProjectOverrides {
  /** Who creates the project and imports the tasks; a new admin when left out. */
  admin?: User;
  /** Imported as one batch, in order; none when left out. */
  tasks?: SeedTask[];
  batchName?: string;
  /** How many annotators to add (no languages, no skills), or each one's languages, skills and vendor. */
  annotators?: number | Omit<NewTestUser, "role" | "now">[];
}

export interface SeededProject {
  project: Project;
  admin: User;
  annotators: User[];
  /** The import's batch; null when there were no tasks to import. */
  batchId: number | null;
  /** The imported tasks' ids, in the order of `tasks`. */
  taskIds: number[];
}

/** A project with its tasks imported and its annotators added, all at `now`. */
export async function seedProject(database: Database, options: SeedProjectOptions = {}): Promise<SeededProject> {
  const { admin: given, tasks = [], batchName = "b", annotators = 0, ...overrides } = options;
  const now = overrides.now ?? TEST_NOW;
  const admin = given ?? (await newUser(database, { role: "admin", now }));
  const project = await newProject(database, admin, overrides);
  const { batchId, taskIds } =
    tasks.length === 0
      ? { batchId: null, taskIds: [] }
      : await importSeedTasks(database, { project, tasks, batchName, actorId: admin.id, now });
  const people = typeof annotators === "number" ? Array.from({ length: annotators }, () => ({})) : annotators;
  const added: User[] = [];
  for (const person of people) added.push(await newAnnotator(database, { ...person, now }));
  return { project, admin, annotators: added, batchId, taskIds };
}

/** Imports `tasks` into `project` as one batch, through the same path as an uploaded file. */
export async function importSeedTasks(
  database: Database,
  options: { project: Project; tasks: SeedTask[]; batchName?: string; actorId: number; now?: number },
): Promise<{ batchId: number; taskIds: number[] }> {
  const { batchId } = await importTasks(database.db, {
    project: options.project,
    records: importRecords(options.tasks),
    batchName: options.batchName ?? "b",
    actorId: options.actorId,
    now: options.now ?? TEST_NOW,
  });
  const rows = await database.db
    .selectFrom("tasks")
    .select("id")
    .where("batch_id", "=", batchId)
    .orderBy("id")
    .execute();
  return { batchId, taskIds: rows.map((row) => row.id) };
}

/** `count` tasks whose data is `{ text: "t0" }`, `{ text: "t1" }`, ... plus `extra(i)`. */
export function textTasks(count: number, extra: (i: number) => Record<string, unknown> = () => ({})): SeedTask[] {
  return Array.from({ length: count }, (_, i) => ({ data: { text: `t${i}`, ...extra(i) } }));
}

async function* importRecords(tasks: SeedTask[]): AsyncGenerator<ImportRecord> {
  for (const [i, task] of tasks.entries()) yield { ok: true, task: { line: i + 1, ...task } };
}
