import type { Project } from "@quorum/core";
import {
  type Database,
  freezeDatasetVersion,
  insertBonusScheme,
  insertExperiment,
  insertModelEvaluation,
  listDatasetVersions,
  settleBonusScheme,
  startExperiment,
  stopExperiment,
} from "@quorum/storage";
import type { Random } from "../simulate/annotator-model.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What guideline version 2 of the moderation project does to simulated work: more accurate, a little slower. */
export function demoGuidelineEffect(moderationId: number) {
  return (projectId: number, version: number) =>
    projectId === moderationId && version === 2 ? { accuracy: 0.1, timeFactor: 1.08 } : undefined;
}

/**
 * Experiments during the demo's history, as milestones of the simulation: on moderation, a
 * guideline experiment (v1 against v2, by annotator) from just after v2 is published until a few
 * hours before now, finished; on relevance, a pay experiment (8 against 10 cents a judgment)
 * from the second day on, still running. And three dataset versions frozen on the way.
 */
export async function demoExperimentMilestones(
  database: Database,
  options: {
    moderation: Project;
    relevance: Project;
    ownerId: number;
    historyStart: number;
    guidelineAt: number;
    now: number;
  },
): Promise<{ at: number; run: () => Promise<void> }[]> {
  const { moderation, relevance, ownerId, historyStart, now } = options;
  const actor = (at: number) => ({ id: ownerId, now: at });
  const guideline = await insertExperiment(
    database.db,
    {
      projectId: moderation.id,
      name: "Guidelines v2: worked examples",
      hypothesis: "Worked examples for the borderline classes raise gold accuracy without slowing people much",
      unit: "annotator",
      salt: 4242,
      arms: [
        { name: "v1", share: 0.5, guidelineVersion: 1 },
        { name: "v2", share: 0.5, guidelineVersion: 2 },
      ],
      primaryMetric: "gold_accuracy",
      guardrails: [{ metric: "throughput", margin: 0.15 }],
      plannedUnits: 40,
    },
    actor(historyStart),
  );
  const pay = await insertExperiment(
    database.db,
    {
      projectId: relevance.id,
      name: "Pay 10¢ against 8¢ a judgment",
      hypothesis: "Higher pay per judgment raises throughput enough to meet the deadline",
      unit: "annotator",
      salt: 977,
      arms: [
        { name: "8¢", share: 0.5, payRateMinor: 8, payCurrency: "USD" },
        { name: "10¢", share: 0.5, payRateMinor: 10, payCurrency: "USD" },
      ],
      primaryMetric: "throughput",
      guardrails: [{ metric: "gold_accuracy", margin: 0.05 }],
      plannedUnits: 60,
    },
    actor(historyStart),
  );
  const freeze = (name: string) => async (at: number) =>
    void (await freezeDatasetVersion(database, moderation.id, name, actor(at)));
  const at = (time: number, run: (time: number) => Promise<void>) => ({ at: time, run: () => run(time) });
  return [
    at(historyStart + DAY, freeze("2024-labels-day-1")),
    at(historyStart + DAY + HOUR, async (time) => void (await startExperiment(database, pay.id, actor(time)))),
    at(options.guidelineAt + 60_000, async (time) => void (await startExperiment(database, guideline.id, actor(time)))),
    at(historyStart + 2 * DAY, freeze("2024-labels-day-2")),
    at(now - 3 * HOUR, async (time) => void (await stopExperiment(database, guideline.id, actor(time)))),
  ];
}

/**
 * After the history: the third dataset version, model evaluations against the three (a
 * learning curve err ≈ 0.06 + 0.8·n^(−0.45) with a little noise, two runs on the last), and an
 * accuracy bonus scheme on moderation settled over the last day into the cost ledger.
 */
export async function seedIncentivesAndRoi(
  database: Database,
  options: { moderation: Project; ownerId: number; now: number; random: Random },
): Promise<void> {
  const { moderation, ownerId, now, random } = options;
  await freezeDatasetVersion(database, moderation.id, "2024-labels-day-3", { id: ownerId, now });
  const versions = await listDatasetVersions(database.db, moderation.id);
  const runs = versions.flatMap((version, i) => (i === versions.length - 1 ? [version, version] : [version]));
  for (const [i, version] of runs.entries()) {
    // Trained on the version's labels, scaled as if each were a hundred examples of the final set.
    const labels = Math.max(1, version.taskCount * 100 + i);
    const error = 0.06 + 0.8 * labels ** -0.45 + (random() - 0.5) * 0.004;
    await insertModelEvaluation(
      database.db,
      { projectId: moderation.id, datasetVersionId: version.id, metric: "accuracy", value: 1 - error, labels },
      { id: ownerId, now },
    );
  }
  const scheme = await insertBonusScheme(
    database.db,
    {
      projectId: moderation.id,
      name: "Accuracy bonus: 2¢ per accepted label at 85% gold accuracy",
      rule: { kind: "accuracy", amountMinor: 2, accuracyBar: 0.85, minGold: 3 },
      currency: "USD",
      budgetMinor: 50_000,
    },
    { id: ownerId, now: now - DAY },
  );
  await settleBonusScheme(database, scheme.id, { id: ownerId, now });
}
