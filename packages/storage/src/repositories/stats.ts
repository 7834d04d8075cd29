import { foldIntoLocalDays, localDayStarts, startOfLocalDay } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";
import { hourOf } from "./activity-hourly.js";
import { projectTaskCounts, type TaskCounts } from "./task-counters.js";

export { projectTaskCounts, type TaskCounts };

export interface ProjectStats {
  tasks: TaskCounts;
  judgments: { total: number; lastHour: number; lastDay: number };
  goldAccuracy: { answered: number; correct: number };
  /** Judgments per hour, oldest first, for the last `hours` hours (zeros included). */
  timeline: { hour: number; judgments: number }[];
  annotators: {
    id: number;
    name: string;
    judgments: number;
    activeMs: number;
    goldAnswered: number;
    goldCorrect: number;
    lastHour: number;
  }[];
}

const HOUR = 3_600_000;

/**
 * Judgments of the 24 hours ending with the current one: a range of the hourly roll-up's primary
 * key (project, hour), for a list of projects that cannot afford `projectStats` per row.
 */
export async function judgmentsLastDay(db: Kysely<DB>, projectId: number, now: number): Promise<number> {
  const row = await db
    .selectFrom("activity_hourly")
    .select((eb) => eb.fn.sum<number>("judgments").as("judgments"))
    .where("project_id", "=", projectId)
    .where("hour", ">", hourOf(now) - 24 * HOUR)
    .executeTakeFirst();
  return Number(row?.judgments ?? 0);
}

/**
 * Progress and throughput of a project. Task counts read the project's task counters, totals per
 * annotator their activity totals and the hours not folded into them yet, the timeline the hourly
 * roll-up of its window; never the raw judgments, and nothing in proportion to the project's age.
 */
export async function projectStats(db: Kysely<DB>, projectId: number, now: number, hours = 72): Promise<ProjectStats> {
  const tasks = await projectTaskCounts(db, projectId);

  const currentHour = hourOf(now);
  const since = currentHour - (hours - 1) * HOUR;
  // Totals: the folded hours' per-annotator roll-up (one row each, however old the project) plus
  // the hourly rows from the watermark on (the hours not folded yet, usually the current one), a
  // range of the hourly roll-up's primary key; the last hour from the current hour's rows. One
  // statement, so that a fold cannot come between the watermark and the rows.
  const open = (column: string) => sql`case when h.hour >= mark.until then ${sql.ref(`h.${column}`)} else 0 end`;
  const perAnnotator = (
    await sql<{
      id: number;
      name: string;
      judgments: number;
      active_ms: number;
      gold_answered: number;
      gold_correct: number;
      last_hour: number;
    }>`with mark as (
        select coalesce(max(folded_until), 0) as until from activity_folds where project_id = ${projectId}
      )
      select parts.annotator_id as id, users.name, sum(parts.judgments) as judgments,
        sum(parts.active_ms) as active_ms, sum(parts.gold_answered) as gold_answered,
        sum(parts.gold_correct) as gold_correct, sum(parts.last_hour) as last_hour
      from (
        select annotator_id, judgments, active_ms, gold_answered, gold_correct, 0 as last_hour
        from activity_totals where project_id = ${projectId}
        union all
        select h.annotator_id, ${open("judgments")}, ${open("active_ms")}, ${open("gold_answered")},
          ${open("gold_correct")}, case when h.hour = ${currentHour} then h.judgments else 0 end
        from mark join activity_hourly h on h.project_id = ${projectId}
          and h.hour >= case when mark.until < ${currentHour} then mark.until else ${currentHour} end
      ) parts
      join users on users.id = parts.annotator_id
      group by parts.annotator_id, users.name
      order by sum(parts.judgments) desc, parts.annotator_id`.execute(db)
  ).rows;
  const hourly = await db
    .selectFrom("activity_hourly")
    .select((eb) => ["hour", eb.fn.sum<number>("judgments").as("judgments")])
    .where("project_id", "=", projectId)
    .where("hour", ">=", Math.min(since, currentHour - 23 * HOUR))
    .groupBy("hour")
    .execute();

  const counts = new Map(hourly.map((h) => [Number(h.hour), Number(h.judgments)]));
  const timeline = [];
  for (let hour = since; hour <= currentHour; hour += HOUR) timeline.push({ hour, judgments: counts.get(hour) ?? 0 });
  let lastDay = 0;
  for (const [hour, n] of counts) if (hour > currentHour - 24 * HOUR) lastDay += n;

  const annotators = perAnnotator.map((row) => ({
    id: Number(row.id),
    name: row.name,
    judgments: Number(row.judgments),
    activeMs: Number(row.active_ms),
    goldAnswered: Number(row.gold_answered),
    goldCorrect: Number(row.gold_correct),
    lastHour: Number(row.last_hour),
  }));
  const sum = (pick: (a: (typeof annotators)[number]) => number) => annotators.reduce((s, a) => s + pick(a), 0);
  return {
    tasks,
    judgments: { total: sum((a) => a.judgments), lastHour: counts.get(currentHour) ?? 0, lastDay },
    goldAccuracy: { answered: sum((a) => a.goldAnswered), correct: sum((a) => a.goldCorrect) },
    timeline,
    annotators,
  };
}

/**
 * One annotator's own figures since `dayStart` (the start of their local day, core's
 * `startOfLocalDay`) across projects, for their home page. The roll-up has hourly buckets: in a
 * zone offset by a fraction of an hour, the bucket holding local midnight is left out.
 */
export async function annotatorToday(db: Kysely<DB>, annotatorId: number, dayStart: number) {
  const rows = await db
    .selectFrom("activity_hourly")
    .select((eb) => [
      "project_id",
      eb.fn.sum<number>("judgments").as("judgments"),
      eb.fn.sum<number>("active_ms").as("active_ms"),
      eb.fn.sum<number>("gold_answered").as("gold_answered"),
      eb.fn.sum<number>("gold_correct").as("gold_correct"),
    ])
    .where("annotator_id", "=", annotatorId)
    .where("hour", ">=", dayStart)
    .groupBy("project_id")
    .execute();
  return rows.map((r) => ({
    projectId: Number(r.project_id),
    judgments: Number(r.judgments),
    activeMs: Number(r.active_ms),
    goldAnswered: Number(r.gold_answered),
    goldCorrect: Number(r.gold_correct),
  }));
}

/** Review items waiting for a reviewer, through the (project_id, status, id) index. */
export async function pendingReviewCount(db: Kysely<DB>, projectId: number): Promise<number> {
  const row = await db
    .selectFrom("review_items")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("project_id", "=", projectId)
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The project's hourly activity (all annotators together) from `since` on: one row per hour,
 * summed in the database (the roll-up has a row per annotator and hour).
 */
export async function projectActivitySince(
  db: Kysely<DB>,
  projectId: number,
  since: number,
): Promise<{ hour: number; judgments: number; goldAnswered: number; goldCorrect: number }[]> {
  const rows = await db
    .selectFrom("activity_hourly")
    .select((eb) => [
      "hour",
      eb.fn.sum<number>("judgments").as("judgments"),
      eb.fn.sum<number>("gold_answered").as("gold_answered"),
      eb.fn.sum<number>("gold_correct").as("gold_correct"),
    ])
    .where("project_id", "=", projectId)
    .where("hour", ">=", since)
    .groupBy("hour")
    .execute();
  return rows.map((row) => ({
    hour: Number(row.hour),
    judgments: Number(row.judgments),
    goldAnswered: Number(row.gold_answered),
    goldCorrect: Number(row.gold_correct),
  }));
}

/**
 * A project's judgments per local day of `timeZone`, for the `days` days up to and including
 * today, oldest first (zeros included): the hourly roll-up folded into local days, so a day with a
 * change of clocks counts its 23 or 25 hours.
 */
export async function projectDailyThroughput(
  db: Kysely<DB>,
  options: { projectId: number; now: number; days: number; timeZone: string },
): Promise<{ day: number; judgments: number }[]> {
  const { now, timeZone } = options;
  let first = startOfLocalDay(now, timeZone);
  for (let i = 1; i < options.days; i++) first = startOfLocalDay(first - 2 * HOUR, timeZone);
  const starts = localDayStarts(first, now + 1, timeZone);
  const hours = await db
    .selectFrom("activity_hourly")
    .select((eb) => ["hour", eb.fn.sum<number>("judgments").as("judgments")])
    .where("project_id", "=", options.projectId)
    .where("hour", ">=", first)
    .groupBy("hour")
    .execute();
  const folded = foldIntoLocalDays(
    hours.map((h) => ({ bucket: Number(h.hour), value: Number(h.judgments) })),
    starts,
    (a, b) => a + b,
    0,
  );
  return starts.map((day, i) => ({ day, judgments: folded[i] ?? 0 }));
}
