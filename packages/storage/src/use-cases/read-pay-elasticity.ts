import { estimatePayElasticity, type PayElasticityEstimate, type SourcedPayElasticity } from "@quorum/core";
import type { Database } from "../database.js";
import { type ExperimentRecord, listExperiments } from "../repositories/experiments.js";
import { readExperimentUnits } from "./read-experiment-results.js";

/** A pay experiment and the elasticity its arms give (undefined: not estimable yet). */
export interface ExperimentPayElasticity {
  experiment: ExperimentRecord;
  estimate: PayElasticityEstimate | undefined;
}

/** Experiments (started) whose arms set two or more pays per judgment. */
function isPayExperiment(experiment: ExperimentRecord): boolean {
  return experiment.status !== "draft" && experiment.arms.filter((arm) => arm.payRateMinor !== undefined).length >= 2;
}

/**
 * Pay elasticity per pay experiment (of one project, or the workspace's newest 500): the arms
 * that set a pay, each with its units' throughput (judgments / active hours, at the randomisation
 * unit), fitted by core's `estimatePayElasticity`.
 */
export async function readPayElasticities(
  database: Database,
  options: { projectId?: number; now: number },
): Promise<ExperimentPayElasticity[]> {
  const experiments = (await listExperiments(database.db, options.projectId)).filter(isPayExperiment);
  const results: ExperimentPayElasticity[] = [];
  for (const experiment of experiments)
    results.push({ experiment, estimate: await estimateOf(database, experiment, options.now) });
  return results;
}

async function estimateOf(
  database: Database,
  experiment: ExperimentRecord,
  now: number,
): Promise<PayElasticityEstimate | undefined> {
  const { metrics } = await readExperimentUnits(database, experiment, now);
  const throughput = metrics.find((m) => m.metric === "throughput")?.units ?? [];
  const arms = experiment.arms.flatMap((arm) =>
    arm.payRateMinor === undefined
      ? []
      : [{ arm: arm.name, payMinor: arm.payRateMinor, units: throughput.filter((u) => u.arm === arm.name) }],
  );
  return estimatePayElasticity(arms);
}

/**
 * The workspace's pay elasticity: the estimate of the most recently stopped pay experiment that
 * gives one (a finished experiment only: a running one's estimate still moves), with its source;
 * null when none does.
 */
export async function readWorkspacePayElasticity(
  database: Database,
  now: number,
): Promise<SourcedPayElasticity | null> {
  const finished = (await listExperiments(database.db))
    .filter((e) => isPayExperiment(e) && e.status === "stopped" && e.stoppedAt !== null)
    .sort((a, b) => b.stoppedAt! - a.stoppedAt! || b.id - a.id);
  for (const experiment of finished) {
    const estimate = await estimateOf(database, experiment, now);
    if (!estimate) continue;
    return {
      estimate: { elasticity: estimate.elasticity, ci95: estimate.ci95 },
      source: {
        experimentId: experiment.id,
        name: experiment.name,
        projectId: experiment.projectId,
        stoppedAt: experiment.stoppedAt!,
      },
    };
  }
  return null;
}
