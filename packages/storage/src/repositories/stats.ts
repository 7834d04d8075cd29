import { foldIntoLocalDays, localDayStarts, startOfLocalDay } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
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
 * Progress and throughput of a project. Task counts read the project's task counters, totals per
 * annotator their activity totals, the timeline the hourly roll-up of its window; never the raw
 * judgments, and nothing in proportion to the project's age.
 */
export async function projectStats(db: Kysely<DB>, projectId: number, now: number, hours = 72): Promise<ProjectStats> {
  const tasks = await projectTaskCounts(db, projectId);

  const currentHour = Math.floor(now / HOUR) * HOUR;
  const since = currentHour - (hours - 1) * HOUR;
  // Totals from the per-annotator roll-up (one row each, however old the project); the last hour
  // from the current hour's rows of the hourly one.
  const perAnnotator = await db
    .selectFrom("activity_totals")
    .innerJoin("users", "users.id", "activity_totals.annotator_id")
    .leftJoin("activity_hourly", (join) =>
      join
        .onRef("activity_hourly.project_id", "=", "activity_totals.project_id")
        .on("activity_hourly.hour", "=", currentHour)
        .onRef("activity_hourly.annotator_id", "=", "activity_totals.annotator_id"),
    )
    .select((eb) => [
      "activity_totals.annotator_id as id",
      "users.name",
      "activity_totals.judgments",
      "activity_totals.active_ms",
      "activity_totals.gold_answered",
      "activity_totals.gold_correct",
      eb.fn.coalesce("activity_hourly.judgments", eb.lit(0)).as("last_hour"),
    ])
    .where("activity_totals.project_id", "=", projectId)
    .orderBy("activity_totals.judgments", "desc")
    .orderBy("activity_totals.annotator_id")
    .execute();
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
