import { DEFAULT_WELLBEING_POLICY, localDay, type Project, type User, type Who5Answers, who5Score } from "@quorum/core";
import { type Database, insertCheckin, readWellbeingPolicy, saveWellbeingPolicy } from "@quorum/storage";
import type { Random } from "../simulate/annotator-model.js";

const DAY = 86_400_000;

/**
 * Wellbeing for the demo's harmful project: after the simulated history (which recorded each
 * person's exposure through the real engine), the manager sets a daily budget for hate content a
 * few items above the busiest person's count today, so some annotators are near their cap; and
 * about two thirds of the simulated annotators sent a WHO-5 check-in in the last ten days.
 */
export async function seedWellbeing(
  database: Database,
  options: { projects: readonly Project[]; workers: readonly User[]; ownerId: number; now: number; random: Random },
): Promise<{ itemsPerDay: number } | undefined> {
  const { now, random } = options;
  const harmful = options.projects.filter((p) => p.harm.category !== null).map((p) => p.id);
  if (harmful.length === 0) return undefined;
  // The workspace's day: the engine's for the people without a zone of their own.
  const today = localDay(now, (await readWellbeingPolicy(database.db)).timeZone);
  const busiest = await database.db
    .selectFrom("exposure_daily")
    .select(({ fn }) => fn.sum<number | string>("items").as("items"))
    .where("project_id", "in", harmful)
    .where("day", "=", today)
    .groupBy("user_id")
    .orderBy("items", "desc")
    .limit(1)
    .executeTakeFirst();
  const itemsPerDay = Math.max(5, Number(busiest?.items ?? 0) + 3);
  const budget = { itemsPerDay, minutesPerDay: 180, itemsPerWeek: itemsPerDay * 4, minutesPerWeek: 720 };
  await saveWellbeingPolicy(
    database.db,
    { ...DEFAULT_WELLBEING_POLICY, categories: { hate: budget, violence: budget } },
    options.ownerId,
    now,
  );
  for (const worker of options.workers) {
    if (random() > 0.65) continue;
    const answers = Array.from({ length: 5 }, () => 1 + Math.floor(random() * 5)) as Who5Answers;
    const at = now - Math.floor(random() * 10 * DAY);
    await insertCheckin(database.db, { userId: worker.id, answers, score: who5Score(answers), now: at });
  }
  return { itemsPerDay };
}
