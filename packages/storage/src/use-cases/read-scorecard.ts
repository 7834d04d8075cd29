import { agreementRate, buildScorecard, parseGoldPolicy, type Scorecard, type Tier, type User } from "@quorum/core";
import type { Kysely } from "kysely";
import { personHours } from "../repositories/activity-hourly.js";
import { personPresence } from "../repositories/presence.js";
import { listTierChanges, type TierChange, tierOf } from "../repositories/tiers.js";
import type { DB } from "../schema.js";

const WEEK = 7 * 86_400_000;

export interface ScorecardReport extends Scorecard {
  timeZone: string;
  from: number;
  tier: Tier;
  tierChanges: TierChange[];
  /** All-time agreement with the aggregate label, from the quality roll-ups. */
  agreement: { answers: number; rate: number | null };
  projectNames: Record<number, string>;
}

/** The person's zone, or UTC when they have none. */
export async function timeZoneOf(db: Kysely<DB>, userId: number): Promise<string> {
  const row = await db.selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirst();
  return row?.time_zone ?? "UTC";
}

/**
 * A person's scorecard over the last `weeks` weeks across projects, read from roll-ups only: the
 * hourly activity (by the annotator index), quarter-hour presence and the annotator cells of the
 * quality roll-ups of the projects they worked in. `ownView`: the person reads their own card, so
 * gold counts come only from projects that give feedback on hidden controls (core's `ownGoldCounts`).
 */
export async function readScorecard(
  db: Kysely<DB>,
  options: { person: Pick<User, "id">; weeks: number; now: number; ownView: boolean },
): Promise<ScorecardReport> {
  const from = options.now - options.weeks * WEEK;
  const userId = options.person.id;
  const [timeZone, hours, presence, tier, tierChanges] = await Promise.all([
    timeZoneOf(db, userId),
    personHours(db, userId, from),
    personPresence(db, userId, from),
    tierOf(db, userId),
    listTierChanges(db, userId),
  ]);
  const projectIds = [...new Set(hours.map((h) => h.projectId))];
  const projects = projectIds.length
    ? await db.selectFrom("projects").select(["id", "name", "gold_policy"]).where("id", "in", projectIds).execute()
    : [];
  const hiddenFeedback = new Set(
    projects.filter((p) => parseGoldPolicy(JSON.parse(p.gold_policy)).feedback.hidden).map((p) => Number(p.id)),
  );
  const card = buildScorecard({
    hours,
    presence,
    timeZone,
    ...(options.ownView ? { goldVisible: (id: number) => hiddenFeedback.has(id) } : {}),
  });
  let answers = 0;
  let agreeing = 0;
  if (projectIds.length) {
    const cells = await db
      .selectFrom("quality_rollups")
      .select(["v4", "v5"])
      .where("project_id", "in", projectIds)
      .where("kind", "=", "annotator")
      .where("key", "like", `[${userId},%`)
      .execute();
    for (const cell of cells) {
      answers += Number(cell.v4);
      agreeing += Number(cell.v5);
    }
  }
  return {
    ...card,
    timeZone,
    from,
    tier,
    tierChanges,
    agreement: agreementRate(answers, agreeing),
    projectNames: Object.fromEntries(projects.map((p) => [Number(p.id), p.name])),
  };
}
