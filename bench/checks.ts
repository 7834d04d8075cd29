import { confidenceTarget } from "@quorum/core";
import {
  type Database,
  getProject,
  recountActivityTotals,
  recountTaskCounters,
  storedActivityTotals,
  storedTaskCounters,
} from "@quorum/storage";
import { sql } from "kysely";

export interface ConsistencyReport {
  tasksTouched: number;
  judgments: number;
  activeLeases: number;
  /** Tasks with `slots_taken > required`. */
  overAssigned: number;
  /** Tasks with `judgment_count > required`. */
  overJudged: number;
  /** (task, annotator) pairs with more than one judgment. */
  duplicateJudgmentPairs: number;
  /** (task, annotator) pairs with more than one assignment (the unique index forbids it). */
  duplicateAssignmentPairs: number;
  /** Tasks whose counters disagree with their rows: slots_taken vs active + submitted leases, judgment_count vs judgments. */
  counterMismatches: number;
  /** The project's task counters (tasks by status, judged, confident, judgments left) that differ from a recount of its tasks. */
  projectCounterMismatches: number;
  /** Annotators whose activity totals (of the folded hours) differ from a recount of those hourly rows. */
  activityTotalMismatches: number;
  ok: boolean;
}

/**
 * Looks in the database, not through the API, for what concurrency could have broken after a
 * load run: a task over its overlap, an annotator twice on a task, counters that do not add up.
 */
export async function checkConsistency(database: Database, projectId: number): Promise<ConsistencyReport> {
  const { db } = database;
  const count = async (query: ReturnType<typeof sql<{ n: number | string }>>) =>
    Number((await query.execute(db)).rows[0]?.n ?? 0);
  const p = sql.raw(String(Math.trunc(projectId)));
  const report = {
    tasksTouched: await count(sql`select count(*) as n from tasks where project_id = ${p} and slots_taken > 0`),
    judgments: await count(sql`select count(*) as n from judgments where project_id = ${p}`),
    activeLeases: await count(sql`select count(*) as n from assignments where project_id = ${p} and status = 'active'`),
    overAssigned: await count(sql`select count(*) as n from tasks where project_id = ${p} and slots_taken > required`),
    overJudged: await count(sql`select count(*) as n from tasks where project_id = ${p} and judgment_count > required`),
    duplicateJudgmentPairs: await count(sql`
      select count(*) as n from (
        select task_id, annotator_id from judgments where project_id = ${p}
        group by task_id, annotator_id having count(*) > 1) pairs`),
    duplicateAssignmentPairs: await count(sql`
      select count(*) as n from (
        select task_id, annotator_id from assignments where project_id = ${p}
        group by task_id, annotator_id having count(*) > 1) pairs`),
    counterMismatches: await count(sql`
      select count(*) as n from (
        select t.id, t.slots_taken, t.judgment_count,
          (select count(*) from assignments a where a.project_id = t.project_id and a.task_id = t.id
             and a.status in ('active', 'submitted')) as leases,
          (select count(*) from judgments j where j.project_id = t.project_id and j.task_id = t.id) as answers
        from tasks t
        where t.project_id = ${p}
          and (t.slots_taken > 0 or t.id in (select task_id from assignments where project_id = ${p}))) c
      where c.slots_taken <> c.leases or c.judgment_count <> c.answers`),
  };
  const projectCounterMismatches = await taskCounterMismatches(database, projectId);
  const activityTotalMismatches = await activityTotalsMismatches(database, projectId);
  const ok =
    projectCounterMismatches === 0 &&
    activityTotalMismatches === 0 &&
    report.overAssigned === 0 &&
    report.overJudged === 0 &&
    report.duplicateJudgmentPairs === 0 &&
    report.duplicateAssignmentPairs === 0 &&
    report.counterMismatches === 0;
  return { ...report, projectCounterMismatches, activityTotalMismatches, ok };
}

/**
 * Annotators whose activity totals differ from a recount of the project's hourly activity before
 * its watermark (the hours folded into them), or who lack one.
 */
export async function activityTotalsMismatches(database: Database, projectId: number): Promise<number> {
  const { foldedUntil, totals } = await storedActivityTotals(database.db, projectId);
  const stored = new Map(totals.map((t) => [t.annotatorId, t]));
  const recounted = await recountActivityTotals(database.db, projectId, foldedUntil);
  const differs = recounted.filter((t) => JSON.stringify(stored.get(t.annotatorId)) !== JSON.stringify(t)).length;
  return differs + Math.max(0, stored.size - recounted.length);
}

/** The project's task counters (kept by triggers) that differ from a recount of its tasks. */
export async function taskCounterMismatches(database: Database, projectId: number): Promise<number> {
  const project = await getProject(database.db, projectId);
  if (!project) throw new Error(`project ${projectId} not found`);
  const stored = flatten(await storedTaskCounters(database.db, projectId));
  const target = confidenceTarget(project.overlapPolicy);
  const recounted = flatten(await recountTaskCounters(database.db, projectId, target));
  return Object.keys(recounted).filter((k) => stored[k] !== recounted[k]).length;
}

function flatten(sums: Awaited<ReturnType<typeof storedTaskCounters>>): Record<string, number> {
  const flat: Record<string, number> = { judgmentsLeft: sums.judgmentsLeft };
  for (const group of ["tasks", "judged", "confident"] as const)
    for (const [status, n] of Object.entries(sums[group])) flat[`${group}.${status}`] = n;
  return flat;
}
