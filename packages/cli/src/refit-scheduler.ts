import { type Database, listProjects, projectStats, refitProject } from "@quorum/storage";

/**
 * Keeps online inference calibrated: every `minutes`, re-fits Dawid-Skene on each active project
 * whose judgments grew by at least 5% (and 100) since its last re-fit in this process. Each
 * server process runs its own; a re-fit is idempotent, so several processes only repeat work.
 */
export function startPeriodicRefit(database: Database, minutes: number, log: (line: string) => void): () => void {
  const judgedAtLastRefit = new Map<number, number>();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await refitDueProjects(database, judgedAtLastRefit, log);
    } catch (error) {
      log(`periodic re-fit failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** One round of the scheduler: re-fits the projects that are due; returns their ids. */
export async function refitDueProjects(
  database: Database,
  judgedAtLastRefit: Map<number, number>,
  log: (line: string) => void,
): Promise<number[]> {
  const refitted: number[] = [];
  for (const project of await listProjects(database.db)) {
    if (project.status !== "active") continue;
    const judged = (await projectStats(database.db, project.id, Date.now(), 1)).judgments.total;
    const last = judgedAtLastRefit.get(project.id) ?? 0;
    if (judged - last < Math.max(100, last * 0.05)) continue;
    const started = Date.now();
    const result = await refitProject(database.db, project, Date.now());
    judgedAtLastRefit.set(project.id, judged);
    refitted.push(project.id);
    log(
      `re-fit ${result.method} on project ${project.id}: ${result.judgments} judgments, ${result.tasks} tasks, ${Date.now() - started} ms`,
    );
  }
  return refitted;
}
