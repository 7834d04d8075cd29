import { languageFallbacks, NO_DEADLINE, type PoolGapRow, poolGap } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import { isTextList, parseJsonColumn } from "../repositories/json-column.js";
import type { DB } from "../schema.js";

/** How recently a person must have made a production judgment to count in the active pool. */
export const ACTIVE_WINDOW_MS = 28 * 86_400_000;
/** Seconds per judgment when the roll-up has too little to say (fewer than 20 judgments). */
const DEFAULT_SECONDS_PER_JUDGMENT = 30;

export interface RecruitmentPool {
  gap: PoolGapRow[];
  secondsPerJudgment: number;
  activePeople: number;
  /** Active people by region (null: unknown) and by language tag as they gave it. */
  byRegion: { region: string | null; people: number }[];
  byLanguage: { language: string; people: number }[];
}

/**
 * The pool gap per language and the pool's diversity. The active pool is the annotators whose
 * account is active and who made a production judgment in the last 28 days (activity roll-up);
 * one counts in each language they work in and in its more general tags (`de-AT` also counts for
 * `de`); work with no language counts everyone. Open work is the judgments still needed by open
 * non-gold tasks of projects not archived, by language and deadline; people needed come from
 * core's `poolGap` at the mean active time per judgment of the same 28 days.
 */
export async function readRecruitmentPool(db: Kysely<DB>, options: { now: number }): Promise<RecruitmentPool> {
  const since = options.now - ACTIVE_WINDOW_MS;
  const [workRows, activeRows, pace] = await Promise.all([
    db
      .selectFrom("tasks as t")
      .innerJoin("projects as p", "p.id", "t.project_id")
      .where("t.status", "=", "open")
      .where("t.gold", "is", null)
      .where("p.status", "!=", "archived")
      .groupBy(["t.language", "t.deadline_key"])
      .select(["t.language", "t.deadline_key", sql<number>`sum(t.required - t.judgment_count)`.as("left")])
      .execute(),
    db
      .selectFrom("users as u")
      .where("u.role", "=", "annotator")
      .where("u.status", "=", "active")
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("activity_hourly as a")
            .select("a.annotator_id")
            .whereRef("a.annotator_id", "=", "u.id")
            .where("a.hour", ">=", since)
            .where("a.judgments", ">", 0),
        ),
      )
      .select(["u.id", "u.languages", "u.region"])
      .execute(),
    db
      .selectFrom("activity_hourly")
      .where("hour", ">=", since)
      .select([
        sql<number>`coalesce(sum(judgments), 0)`.as("judgments"),
        sql<number>`coalesce(sum(active_ms), 0)`.as("ms"),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const judgments = Number(pace.judgments);
  const secondsPerJudgment = judgments >= 20 ? Number(pace.ms) / judgments / 1000 : DEFAULT_SECONDS_PER_JUDGMENT;
  const people = activeRows.map((r) => ({
    region: r.region,
    languages: parseJsonColumn(r.languages, "users.languages", isTextList),
  }));
  const activeByLanguage = new Map<string, number>();
  const byLanguage = new Map<string, number>();
  const byRegion = new Map<string | null, number>();
  for (const person of people) {
    byRegion.set(person.region, (byRegion.get(person.region) ?? 0) + 1);
    const covered = new Set(person.languages.flatMap((tag) => languageFallbacks(tag)));
    for (const tag of covered) activeByLanguage.set(tag, (activeByLanguage.get(tag) ?? 0) + 1);
    for (const tag of new Set(person.languages)) byLanguage.set(tag, (byLanguage.get(tag) ?? 0) + 1);
  }
  activeByLanguage.set("", people.length);
  const work = workRows.map((r) => ({
    language: r.language,
    deadline: Number(r.deadline_key) >= NO_DEADLINE ? null : Number(r.deadline_key),
    judgments: Number(r.left),
  }));
  const workLanguages = new Set(work.map((w) => w.language));
  const gap = poolGap({
    work,
    // Only languages with work or people in them; "" (any language) only when such work exists.
    activeByLanguage: new Map([...activeByLanguage].filter(([tag]) => tag !== "" || workLanguages.has(""))),
    secondsPerJudgment,
    now: options.now,
  });
  const sorted = <K>(m: Map<K, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    gap,
    secondsPerJudgment,
    activePeople: people.length,
    byRegion: sorted(byRegion).map(([region, n]) => ({ region, people: n })),
    byLanguage: sorted(byLanguage).map(([language, n]) => ({ language, people: n })),
  };
}
