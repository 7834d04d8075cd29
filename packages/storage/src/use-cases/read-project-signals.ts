import {
  checkEligibility,
  type JudgmentCount,
  type LanguagePool,
  mulberry32,
  type Project,
  type ReviewFlow,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import { OPEN } from "../repositories/partial-index-values.js";
import { toUser } from "../repositories/users.js";
import type { DB } from "../schema.js";
import { NO_PASSWORD } from "./sign-up-for-campaign.js";

/** Counts stop here: "10,000 or more" is as telling as the exact figure, and keeps reads bounded. */
export const COUNT_CAP = 10_000;
/** Task ids sampled for the dynamic-overlap backlog (judgment counts of open and of settled tasks). */
export const BACKLOG_SAMPLE = 2_000;

/** Up to `COUNT_CAP` + 1 rows of `query` counted (a bounded scan of an index range). */
async function cappedCount(
  db: Kysely<DB>,
  where: (q: ReturnType<typeof tasksOf>) => ReturnType<typeof tasksOf>,
  projectId: number,
) {
  const inner = where(tasksOf(db, projectId))
    .select(sql`1`.as("one"))
    .limit(COUNT_CAP + 1);
  const row = await db
    .selectFrom(inner.as("capped"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function tasksOf(db: Kysely<DB>, projectId: number) {
  return db.selectFrom("tasks").where("project_id", "=", projectId);
}

/**
 * Per language of the project's requirements (or "" when it has none): open tasks in it (capped
 * at `COUNT_CAP`, through the queue index) and the active annotators eligible for them; open tasks
 * without a language, when a project with languages has some, are a pool "" of everyone eligible. A person
 * invited who has not set a password yet cannot sign in, so cannot work: they count once they do.
 */
export async function readLanguagePools(db: Kysely<DB>, project: Project): Promise<LanguagePool[]> {
  const rows = await db
    .selectFrom("users")
    .selectAll()
    .where("role", "=", "annotator")
    .where("status", "=", "active")
    .where("password_hash", "!=", NO_PASSWORD)
    .execute();
  const eligible = rows.map(toUser).filter((u) => checkEligibility(u, project.requirements).eligible);
  const languages = project.requirements.languages;
  if (languages.length === 0) {
    const open = await cappedCount(db, (q) => q.where("status", "=", OPEN), project.id);
    return [{ language: "", openTasks: open, eligiblePeople: eligible.length }];
  }
  const pools: LanguagePool[] = [];
  for (const language of languages) {
    const open = await cappedCount(
      db,
      (q) => q.where("status", "=", OPEN).where("language", "=", language),
      project.id,
    );
    pools.push({
      language,
      openTasks: open,
      eligiblePeople: eligible.filter((u) => u.languages.includes(language)).length,
    });
  }
  // Tasks without a language go to anyone eligible for the project, whatever their language: a
  // pool of their own ("" ), listed only when there are some.
  const unspoken = await cappedCount(db, (q) => q.where("status", "=", OPEN).where("language", "=", ""), project.id);
  if (unspoken > 0) pools.push({ language: "", openTasks: unspoken, eligiblePeople: eligible.length });
  return pools;
}

/** Open tasks in any of `languages` (exactly: tasks without a language are not theirs), capped at `COUNT_CAP`. */
export async function countOpenTasksIn(db: Kysely<DB>, projectId: number, languages: readonly string[]) {
  const named = languages.filter((language) => language !== "");
  if (named.length === 0) return 0;
  return cappedCount(db, (q) => q.where("status", "=", OPEN).where("language", "in", named), projectId);
}

/** Review items queued and decided over the last `days`, and those pending now. */
export async function readReviewFlow(
  db: Kysely<DB>,
  projectId: number,
  now: number,
  days = 7,
): Promise<ReviewFlow & { oldestPendingAt: number | null }> {
  const since = now - days * 86_400_000;
  const row = await db
    .selectFrom("review_items")
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when("status", "=", "pending").then(1).else(0).end()).as("pending"),
      eb.fn.sum<number>(eb.case().when("created_at", ">=", since).then(1).else(0).end()).as("added"),
      eb.fn.sum<number>(eb.case().when("reviewed_at", ">=", since).then(1).else(0).end()).as("decided"),
      eb.fn.min<number>(eb.case().when("status", "=", "pending").then(eb.ref("created_at")).end()).as("oldest"),
    ])
    .where("project_id", "=", projectId)
    .where((eb) => eb.or([eb("status", "=", "pending"), eb("created_at", ">=", since), eb("reviewed_at", ">=", since)]))
    .executeTakeFirstOrThrow();
  const oldestPendingAt = row.oldest === null || row.oldest === undefined ? null : Number(row.oldest);
  return {
    pending: Number(row.pending ?? 0),
    added: Number(row.added ?? 0),
    decided: Number(row.decided ?? 0),
    days,
    oldestPendingAt,
    oldestPendingHours: oldestPendingAt === null ? null : (now - oldestPendingAt) / 3_600_000,
  };
}

/**
 * For the dynamic-overlap backlog: the judgment counts of unfinished tasks that have judgments
 * and of settled tasks, as histograms, from a sample of `BACKLOG_SAMPLE` task ids drawn
 * uniformly (seeded by the project) from the project's id range and read by primary key: a
 * bounded read whatever the project's size and however its rows lie (a filtered LIMIT lets
 * PostgreSQL scan past hundreds of thousands of rows). A small project is read whole. The caller
 * scales the open histogram to the counters' number of judged open tasks.
 */
export async function sampleJudgmentCounts(
  db: Kysely<DB>,
  projectId: number,
): Promise<{ judgedOpen: JudgmentCount[]; settled: JudgmentCount[] }> {
  const range = await tasksOf(db, projectId)
    .select((eb) => [eb.fn.min<number>("id").as("low"), eb.fn.max<number>("id").as("high")])
    .executeTakeFirstOrThrow();
  if (range.low === null || range.high === null) return { judgedOpen: [], settled: [] };
  const low = Number(range.low);
  const high = Number(range.high);
  let rows: { status: string; judgment_count: number }[];
  if (high - low < 2 * BACKLOG_SAMPLE)
    rows = await tasksOf(db, projectId).select(["status", "judgment_count"]).execute();
  else {
    const random = mulberry32(projectId);
    const ids = new Set<number>();
    while (ids.size < BACKLOG_SAMPLE) ids.add(low + Math.floor(random() * (high - low + 1)));
    rows = await tasksOf(db, projectId)
      .select(["status", "judgment_count"])
      .where("id", "in", [...ids])
      .execute();
  }
  const histogram = (wanted: (row: { status: string; judgment_count: number }) => boolean) => {
    const counts = new Map<number, number>();
    for (const row of rows)
      if (wanted(row)) counts.set(Number(row.judgment_count), (counts.get(Number(row.judgment_count)) ?? 0) + 1);
    return [...counts].map(([judgments, tasks]) => ({ judgments, tasks })).sort((a, b) => a.judgments - b.judgments);
  };
  return {
    judgedOpen: histogram((row) => (row.status === "open" || row.status === "full") && Number(row.judgment_count) > 0),
    settled: histogram((row) => row.status === "done"),
  };
}
