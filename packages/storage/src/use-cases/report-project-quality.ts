import { computeQualityReport, type Project, type QualityReport, qualityReportScope } from "@quorum/core";
import type { Kysely } from "kysely";
import { annotatorRecordsOfProject } from "../repositories/annotator-quality.js";
import { recentAnswers } from "../repositories/judgment-answers.js";
import { projectActivitySince } from "../repositories/stats.js";
import { judgedTasksByStatus } from "../repositories/task-labels.js";
import type { DB } from "../schema.js";

/**
 * The project's quality report (core's `computeQualityReport`) over the recent judgments, the
 * annotators' records, the hourly roll-up of the last `days` days and the judged tasks by status.
 */
export async function projectQuality(db: Kysely<DB>, project: Project, now: number, days = 14): Promise<QualityReport> {
  const scope = qualityReportScope(project, now, days);
  const answers = await recentAnswers(db, project.id, scope.judgmentLimit);
  return computeQualityReport({
    project,
    answers: answers.map((a) => ({ ...a, aggregate: a.aggregate?.value ?? null })),
    annotators: await annotatorRecordsOfProject(db, project.id),
    activity: await projectActivitySince(db, project.id, scope.since),
    taskGroups: await judgedTasksByStatus(db, project.id, scope.target),
    now,
    days,
  });
}
