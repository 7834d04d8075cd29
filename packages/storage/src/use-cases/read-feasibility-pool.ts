import { checkEligibility, type JudgmentPrice, type PoolMember, resolveRateCard } from "@quorum/core";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { listRateCards } from "../repositories/rate-cards.js";
import { toUser } from "../repositories/users.js";
import type { DB } from "../schema.js";

const DAY = 86_400_000;
/** Days of history each person's simulated days are drawn from. */
export const POOL_HISTORY_DAYS = 28;

export interface PoolRequest {
  languages: readonly string[];
  skills: Readonly<Record<string, number>>;
  taskType: string;
  currency: string;
}

/**
 * The people who could work on a request, as measured: active annotators speaking one of its
 * languages with its skills, each with their last `POOL_HISTORY_DAYS` whole days of work across every
 * project (active time, judgments and gold from `activity_hourly`, through its annotator index;
 * days before they joined left out), their time zone, and the price of a judgment per language
 * from the rate cards in force in the request's currency (a card for the person's vendor first).
 * Only reads: the simulation works on this copy.
 */
export async function readFeasibilityPool(db: Kysely<DB>, request: PoolRequest, now: number): Promise<PoolMember[]> {
  const rows = await db
    .selectFrom("users")
    .selectAll()
    .where("role", "=", "annotator")
    .where("status", "=", "active")
    .execute();
  const people = rows
    .map((row) => ({ user: toUser(row), timeZone: row.time_zone ?? null }))
    .filter(
      ({ user }) =>
        checkEligibility(user, { languages: [...request.languages], skills: { ...request.skills } }).eligible &&
        request.languages.some((l) => user.languages.includes(l)),
    );
  if (people.length === 0) return [];
  // Whole days only (today is not over): the last POOL_HISTORY_DAYS before today.
  const today = Math.floor(now / DAY) * DAY;
  const from = today - POOL_HISTORY_DAYS * DAY;
  const day = sql<number>`activity_hourly.hour - (activity_hourly.hour % ${sql.lit(DAY)})`;
  const activity = await db
    .selectFrom("activity_hourly")
    .select((eb) => [
      "activity_hourly.annotator_id as annotator",
      day.as("day"),
      eb.fn.sum<number>("activity_hourly.judgments").as("judgments"),
      eb.fn.sum<number>("activity_hourly.active_ms").as("active_ms"),
      eb.fn.sum<number>("activity_hourly.gold_answered").as("gold_answered"),
      eb.fn.sum<number>("activity_hourly.gold_correct").as("gold_correct"),
    ])
    .where(
      "activity_hourly.annotator_id",
      "in",
      people.map((p) => p.user.id),
    )
    .where("activity_hourly.hour", ">=", from)
    .where("activity_hourly.hour", "<", today)
    .groupBy(["activity_hourly.annotator_id", day])
    .execute();
  const cards = (await listRateCards(db, { at: now })).filter((c) => c.currency === request.currency);
  return people.map(({ user, timeZone }) => {
    // Days before a person joined are not days off; someone who joined today has no whole day yet.
    const firstDay = Math.min(today - DAY, Math.max(from, Math.floor(user.createdAt / DAY) * DAY));
    const days = Math.round((today - firstDay) / DAY);
    const dailyActiveMs = new Array<number>(days).fill(0);
    const dailyJudgments = new Array<number>(days).fill(0);
    let goldAnswered = 0;
    let goldCorrect = 0;
    for (const row of activity) {
      if (Number(row.annotator) !== user.id) continue;
      const index = Math.round((Number(row.day) - firstDay) / DAY);
      goldAnswered += Number(row.gold_answered ?? 0);
      goldCorrect += Number(row.gold_correct ?? 0);
      if (index < 0 || index >= days) continue;
      dailyActiveMs[index]! += Number(row.active_ms ?? 0);
      dailyJudgments[index]! += Number(row.judgments ?? 0);
    }
    const prices: Record<string, JudgmentPrice> = {};
    for (const language of request.languages) {
      const card = resolveRateCard(cards, {
        at: now,
        projectId: 0, // a project not yet created: only cards for any project apply
        taskType: request.taskType,
        language,
        vendor: user.vendor,
      });
      if (card)
        prices[language] = {
          perJudgmentMinor: card.payPerJudgmentMinor,
          perActiveHourMinor: card.payPerActiveHourMinor,
          feeBps: card.platformFeeBps + card.vendorMarkupBps,
        };
    }
    return {
      id: user.id,
      languages: user.languages,
      dailyActiveMs,
      dailyJudgments,
      goldAnswered,
      goldCorrect,
      timeZone,
      prices,
    };
  });
}
