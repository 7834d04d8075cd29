import { computeQualityReport, type Project, type QualityReport, qualityReportScope } from "@quorum/core";
import type { Kysely } from "kysely";
import { annotatorRecordsOfProject } from "../repositories/annotator-quality.js";
import { readQualityRollups } from "../repositories/quality-rollups.js";
import { projectActivitySince } from "../repositories/stats.js";
import { judgedTasksByStatus } from "../repositories/task-counters.js";
import type { DB } from "../schema.js";

/**
 * The project's quality report (core's `computeQualityReport`) over all of its judgments: the
 * quality roll-ups, the annotators' records, the hourly roll-up of the last `days` days and the
 * task counters (judged tasks by status).
 */
export async function projectQuality(db: Kysely<DB>, project: Project, now: number, days = 14): Promise<QualityReport> {
  const scope = qualityReportScope(project, now, days);
  return computeQualityReport({
    project,
    rollups: await readQualityRollups(db, project.id),
    annotators: await annotatorRecordsOfProject(db, project.id),
    activity: await projectActivitySince(db, project.id, scope.since),
    taskGroups: await judgedTasksByStatus(db, project.id, scope.target),
    now,
    days,
  });
}
