import { ownGoldCounts, startOfLocalDay } from "@quorum/core";
import type { Kysely } from "kysely";
import { getProjectCached } from "../repositories/projects.js";
import { annotatorToday } from "../repositories/stats.js";
import type { DB } from "../schema.js";

/**
 * A person's own figures today, per project they worked on, as they may see them: gold counts
 * only where the project gives feedback on hidden controls (`ownGoldCounts`). "Today" began at
 * midnight in the person's time zone (UTC when they have none).
 */
export async function readOwnToday(db: Kysely<DB>, user: { id: number; timeZone?: string | null }, now: number) {
  const rows = await annotatorToday(db, user.id, startOfLocalDay(now, user.timeZone));
  return Promise.all(
    rows.map(async (row) => {
      const project = await getProjectCached(db, row.projectId);
      const gold = ownGoldCounts(project?.goldPolicy.feedback ?? { onboarding: false, hidden: false }, row);
      return {
        projectId: row.projectId,
        judgments: row.judgments,
        activeMs: row.activeMs,
        goldAnswered: gold.goldAnswered,
        goldCorrect: gold.goldCorrect,
      };
    }),
  );
}
