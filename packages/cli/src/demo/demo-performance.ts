import type { Project, User } from "@quorum/core";
import {
  changeTier,
  type Database,
  evaluateTiers,
  insertCoachingNote,
  insertPresenceBuckets,
  personHours,
  reverseTierChange,
  updateProject,
} from "@quorum/storage";
import type { Random } from "../simulate/annotator-model.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const QUARTER = 15 * 60_000;

/**
 * The performance side of the demo: presence for every hour a simulated annotator worked (their
 * active time divided by a personal utilisation of 55–90%, as if the web app had sent its
 * heartbeats), tiers set by the manager weeks ago and then moved by the rules on the simulated
 * gold, one automatic change undone by the manager, and coaching notes for the two weakest people.
 */
export async function seedPerformance(
  database: Database,
  options: {
    workers: readonly { user: User; accuracy: number }[];
    manager: User | undefined;
    from: number;
    now: number;
    random: Random;
  },
): Promise<{ buckets: number; tierChanges: number }> {
  const { workers, manager, now, random } = options;
  const buckets: { userId: number; bucketStart: number; minutes: number }[] = [];
  for (const { user } of workers) {
    const utilisation = 0.55 + random() * 0.35;
    const byHour = new Map<number, number>();
    for (const row of await personHours(database.db, user.id, options.from))
      byHour.set(row.hour, (byHour.get(row.hour) ?? 0) + row.activeMs);
    for (const [hour, activeMs] of byHour) {
      let minutes = Math.min(60, Math.ceil(activeMs / 60_000 / utilisation));
      for (let q = 0; minutes > 0 && q < 4; q++, minutes -= 15)
        buckets.push({ userId: user.id, bucketStart: hour + q * QUARTER, minutes: Math.min(15, minutes) });
    }
  }
  await insertPresenceBuckets(database.db, buckets);
  if (!manager) return { buckets: buckets.length, tierChanges: 0 };

  let tierChanges = 0;
  const ranked = [...workers].sort((a, b) => b.accuracy - a.accuracy);
  for (const [index, { user, accuracy }] of ranked.entries()) {
    // Most passed onboarding three weeks ago; the best were made experts a week later.
    if (index >= Math.ceil(ranked.length * 0.8)) continue;
    await changeTier(database.db, {
      userId: user.id,
      tier: "standard",
      reason: "Passed onboarding",
      actorId: manager.id,
      now: now - 21 * DAY,
    });
    tierChanges++;
    if (accuracy >= 0.9 || index < 3) {
      await changeTier(database.db, {
        userId: user.id,
        tier: "expert",
        reason: "Consistently accurate on gold in review",
        actorId: manager.id,
        now: now - 14 * DAY,
      });
      tierChanges++;
    }
  }
  const automatic = await evaluateTiers(database.db, { days: 28, now: now - HOUR, actorId: null });
  tierChanges += automatic.length;
  const undone = automatic.find((change) => change.to !== "expert");
  if (undone)
    await reverseTierChange(database.db, {
      userId: undone.userId,
      changeId: undone.changeId,
      actorId: manager.id,
      now: now - HOUR / 2,
    });
  for (const { user } of ranked.slice(-2))
    await insertCoachingNote(database.db, {
      userId: user.id,
      authorId: manager.id,
      projectId: null,
      label: null,
      body: "Several gold misses this week: reread the guideline sections named below before your next shift.",
      now: now - 2 * HOUR,
    });
  return { buckets: buckets.length, tierChanges };
}

/**
 * Routing by tier: the sensitive project takes standard tier and above from now on, so trainees
 * (the candidates still in the recruitment funnel, and anyone demoted that far) are kept to the
 * other projects, and their eligibility says why. The demo annotator passed onboarding with the
 * crowd, so they keep working on it.
 */
export async function requireTierForSensitiveWork(
  database: Database,
  options: { project: Project; annotator: User | undefined; manager: User | undefined; now: number },
): Promise<void> {
  const { project, annotator, manager, now } = options;
  if (!manager) return;
  if (annotator)
    await changeTier(database.db, {
      userId: annotator.id,
      tier: "standard",
      reason: "Passed onboarding",
      actorId: manager.id,
      now: now - 21 * DAY,
    });
  await updateProject(
    database.db,
    project.id,
    { requirements: { ...project.requirements, minTier: "standard" } },
    manager.id,
    now - HOUR,
  );
}
