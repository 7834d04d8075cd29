import { NO_REFIT, type Project, type RefitSummary, startRefit } from "@quorum/core";
import type { Kysely } from "kysely";
import { aggregateJudgesAnswers, markJudgmentsByAggregate } from "../repositories/aggregate-verdicts.js";
import { saveCrowdPrior, setAnnotatorConfusion } from "../repositories/annotator-quality.js";
import { answersAfter } from "../repositories/judgment-answers.js";
import { setTaskLabel } from "../repositories/task-labels.js";
import type { DB } from "../schema.js";
import { rebuildQualityRollups } from "./rebuild-quality-rollups.js";

const PAGE = 20_000;

/**
 * Full re-fit (core's `startRefit`: Dawid-Skene over every judgment of the project, gold and
 * reviewed tasks clamped), reading the judgments a page at a time; writes back each task's
 * label, confidence and posterior, each annotator's confusion counts and the crowd prior, so the
 * online updates start again from a calibrated state.
 */
export async function refitProject(db: Kysely<DB>, project: Project, now: number): Promise<RefitSummary> {
  const refit = startRefit(project.schema);
  if (!refit) return { ...NO_REFIT };
  for (let after = 0; ; ) {
    const page = await answersAfter(db, project.id, { after, limit: PAGE });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    for (const answer of page) refit.add(answer);
  }
  const fit = refit.fit();
  if (!fit) return { ...NO_REFIT };
  await db.transaction().execute(async (trx) => {
    // The settled tasks' judgments are marked again by their (possibly moved) aggregate.
    const settled = aggregateJudgesAnswers(project.schema)
      ? new Set(
          (
            await trx
              .selectFrom("tasks")
              .select("id")
              .where("project_id", "=", project.id)
              .where("status", "=", "done")
              .execute()
          ).map((t) => Number(t.id)),
        )
      : new Set<number>();
    for (const task of fit.tasks()) {
      await setTaskLabel(
        trx,
        { projectId: project.id, taskId: task.taskId },
        { aggregate: task.aggregate, confidence: task.confidence, posterior: task.logPosterior },
      );
      if (settled.has(task.taskId))
        await markJudgmentsByAggregate(trx, {
          projectId: project.id,
          taskId: task.taskId,
          aggregate: task.aggregate.value,
          now,
        });
    }
    for (const { annotatorId, confusion } of fit.annotators())
      await setAnnotatorConfusion(trx, { projectId: project.id, annotatorId, now }, confusion);
    await saveCrowdPrior(trx, project.id, fit.crowdPrior, now);
    // Every task's label may have moved: the roll-ups are recomputed rather than moved task by task.
    await rebuildQualityRollups(trx, project);
  });
  return fit.summary;
}
