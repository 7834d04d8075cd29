import { checkEligibility, type JudgmentCount, type LanguagePool, type Project, type ReviewFlow } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import { toUser } from "../repositories/users.js";
import type { DB } from "../schema.js";

/** Counts stop here: "10,000 or more" is as telling as the exact figure, and keeps reads bounded. */
export const COUNT_CAP = 10_000;
/** Tasks sampled for the dynamic-overlap backlog (judgment counts of open and of settled tasks). */
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
 * Per language of the project's requirements (or "" when it has none): open tasks (capped at
 * `COUNT_CAP`, through the queue index) and the active annotators eligible for them.
 */
export async function readLanguagePools(db: Kysely<DB>, project: Project): Promise<LanguagePool[]> {
  const rows = await db
    .selectFrom("users")
    .selectAll()
    .where("role", "=", "annotator")
    .where("status", "=", "active")
    .execute();
  const eligible = rows.map(toUser).filter((u) => checkEligibility(u, project.requirements).eligible);
  const languages = project.requirements.languages;
  if (languages.length === 0) {
    const open = await cappedCount(db, (q) => q.where("status", "=", "open"), project.id);
    return [{ language: "", openTasks: open, eligiblePeople: eligible.length }];
  }
  const pools: LanguagePool[] = [];
  for (const language of languages) {
    const open = await cappedCount(
      db,
      (q) => q.where("status", "=", "open").where("language", "in", [language, ""]),
      project.id,
    );
    pools.push({
      language,
      openTasks: open,
      eligiblePeople: eligible.filter((u) => u.languages.includes(language)).length,
    });
  }
  return pools;
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
  return {
    pending: Number(row.pending ?? 0),
    added: Number(row.added ?? 0),
    decided: Number(row.decided ?? 0),
    days,
    oldestPendingAt: row.oldest === null || row.oldest === undefined ? null : Number(row.oldest),
  };
}

/**
 * For the dynamic-overlap backlog: the judgment counts of up to `BACKLOG_SAMPLE` unfinished tasks
 * that have judgments, and of the `BACKLOG_SAMPLE` most recently created settled tasks, as
 * histograms. Bounded reads through the (project_id, status) index; the caller scales the open
 * sample to the counters' number of judged open tasks.
 */
export async function sampleJudgmentCounts(
  db: Kysely<DB>,
  projectId: number,
): Promise<{ judgedOpen: JudgmentCount[]; settled: JudgmentCount[] }> {
  const histogram = (rows: { judgment_count: number }[]) => {
    const counts = new Map<number, number>();
    for (const row of rows) counts.set(Number(row.judgment_count), (counts.get(Number(row.judgment_count)) ?? 0) + 1);
    return [...counts].map(([judgments, tasks]) => ({ judgments, tasks })).sort((a, b) => a.judgments - b.judgments);
  };
  const open = await tasksOf(db, projectId)
    .select("judgment_count")
    .where("status", "in", ["open", "full"])
    .where("judgment_count", ">", 0)
    .limit(BACKLOG_SAMPLE)
    .execute();
  const settled = await tasksOf(db, projectId)
    .select("judgment_count")
    .where("status", "=", "done")
    .orderBy("id", "desc")
    .limit(BACKLOG_SAMPLE)
    .execute();
  return { judgedOpen: histogram(open), settled: histogram(settled) };
}
