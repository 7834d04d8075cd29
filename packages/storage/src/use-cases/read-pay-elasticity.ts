import {
  estimatePayElasticity,
  type PayElasticity,
  type PayExperimentLeftOut,
  type SourcedPayElasticity,
} from "@quorum/core";
import type { Database } from "../database.js";
import { type ExperimentRecord, listExperiments } from "../repositories/experiments.js";
import { cardsCurrencyOfProject } from "./read-arm-pay.js";
import { readExperimentUnits } from "./read-experiment-results.js";

/** A pay experiment and the elasticity its arms give (its estimate undefined: not estimable yet). */
export interface ExperimentPayElasticity {
  experiment: ExperimentRecord;
  elasticity: PayElasticity;
}

/** Experiments (started) whose arms set two or more pays per judgment. */
function isPayExperiment(experiment: ExperimentRecord): boolean {
  return experiment.status !== "draft" && experiment.arms.filter((arm) => arm.payRateMinor !== undefined).length >= 2;
}

/**
 * Pay elasticity per pay experiment (of one project, or the workspace's newest 500): the arms
 * that set a pay, each with its units' throughput (judgments / active hours, at the randomisation
 * unit), fitted by core's `estimatePayElasticity` over the arms the project's rate cards paid
 * (those in force when the experiment stopped, or now while it runs); the rest are left out.
 */
export async function readPayElasticities(
  database: Database,
  options: { projectId?: number; now: number },
): Promise<ExperimentPayElasticity[]> {
  const experiments = (await listExperiments(database.db, options.projectId)).filter(isPayExperiment);
  const results: ExperimentPayElasticity[] = [];
  for (const experiment of experiments)
    results.push({ experiment, elasticity: await elasticityOf(database, experiment, options.now) });
  return results;
}

async function elasticityOf(database: Database, experiment: ExperimentRecord, now: number): Promise<PayElasticity> {
  const { metrics } = await readExperimentUnits(database, experiment, now);
  const throughput = metrics.find((m) => m.metric === "throughput")?.units ?? [];
  const arms = experiment.arms.flatMap((arm) =>
    arm.payRateMinor === undefined
      ? []
      : [
          {
            arm: arm.name,
            payMinor: arm.payRateMinor,
            payCurrency: arm.payCurrency,
            units: throughput.filter((u) => u.arm === arm.name),
          },
        ],
  );
  // The cards that paid the experiment's judgments: those in force at its end.
  const cards = await cardsCurrencyOfProject(database.db, experiment.projectId, experiment.stoppedAt ?? now);
  return estimatePayElasticity(arms, cards);
}

/** The workspace's pay elasticity (null: none) and the finished pay experiments passed over for their pay's currency. */
export interface WorkspacePayElasticity {
  elasticity: SourcedPayElasticity | null;
  leftOut: PayExperimentLeftOut[];
}

/**
 * The workspace's pay elasticity: the estimate of the most recently stopped pay experiment that
 * gives one (a finished experiment only: a running one's estimate still moves), with its source;
 * null when none does. Newer finished ones that give none because arms were left out for the
 * currency of their pay are listed, so a reader learns why they were not used.
 */
export async function readWorkspacePayElasticity(database: Database, now: number): Promise<WorkspacePayElasticity> {
  const finished = (await listExperiments(database.db))
    .filter((e) => isPayExperiment(e) && e.status === "stopped" && e.stoppedAt !== null)
    .sort((a, b) => b.stoppedAt! - a.stoppedAt! || b.id - a.id);
  const leftOut: PayExperimentLeftOut[] = [];
  for (const experiment of finished) {
    const { estimate, currency, excluded } = await elasticityOf(database, experiment, now);
    if (!estimate) {
      if (excluded.length > 0) leftOut.push({ experimentId: experiment.id, name: experiment.name, excluded });
      continue;
    }
    return {
      elasticity: {
        estimate: { elasticity: estimate.elasticity, ci95: estimate.ci95, currency, excluded },
        source: {
          experimentId: experiment.id,
          name: experiment.name,
          projectId: experiment.projectId,
          stoppedAt: experiment.stoppedAt!,
        },
      },
      leftOut,
    };
  }
  return { elasticity: null, leftOut };
}
