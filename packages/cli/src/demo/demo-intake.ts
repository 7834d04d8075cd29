import { parseLabelSchema } from "@quorum/core";
import { assessIntake, type Database, insertIntakeRequest } from "@quorum/storage";

const DAY = 86_400_000;

/**
 * An intake request waiting for a decision, with its feasibility report from the demo's measured
 * pool: support tickets in English, German and Japanese, so the report has a language whose pool
 * is thin and the intake page shows flags, intervals and the finish-date chart.
 */
export async function seedIntakeRequest(database: Database, options: { ownerId: number; now: number }): Promise<void> {
  const request = await insertIntakeRequest(
    database.db,
    {
      name: "Support tickets: intent",
      volume: 6000,
      taskType: "single_choice",
      schema: parseLabelSchema({ type: "single_choice", options: ["billing", "bug", "account", "other"] }),
      languages: ["en", "de", "ja"],
      skills: {},
      qualityTarget: 0.95,
      overlap: 3,
      deadline: options.now + 21 * DAY,
      budgetMinor: 250_000,
      currency: "USD",
      secondsPerJudgment: 25,
      guidelines: "# Pick the ticket's main intent\n\nBilling, a bug, the account, or other.",
    },
    options.ownerId,
    options.now - DAY,
  );
  await assessIntake(database, request.id, { now: options.now, runs: 200 });
}
