import { readArmPayStanding, readExperimentResults, readExperimentUnits } from "@quorum/storage";
import { Hono } from "hono";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { iso } from "./cost-params.js";
import { readableExperiment } from "./experiment-access.js";
import { experimentView } from "./experiment-views.js";

/** An experiment's results, and the per-unit rows behind them. */
export const experimentResultDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/experiments/{id}/results",
    tag: "Experiments",
    summary:
      "Results at the randomisation unit: exposed units per arm and the sample-ratio check (χ², flagged below p = 0.001); per metric (role primary, guardrail or secondary) each arm's mean and each treatment's relative lift with its 95% interval (delta method; CUPED with a pre-period of the same length), a peeking-safe interval (confidence sequence) and Holm-adjusted p-values (decision metrics and secondary ones as separate families); guardrails' non-inferiority; and a plain-language decision per treatment; currency: that of the money metrics' means (cost_per_accepted_label, earnings_per_hour, in minor units; null before anything is priced). Metrics, each Σ numerator / Σ denominator over a unit's window: gold_accuracy, throughput (judgments per active hour), handling_time, cost_per_accepted_label, earnings_per_hour, agreement (the unit's judgments on tasks settled by now that equal the task's aggregate label / its judgments on settled tasks; class schemas only) and retention (annotator experiments: active in both the first and the last period / active in the first, each period min(7 days, half the window) long).",
    access: "experiments.read",
    responses: { 200: "{experiment, armPay, exposed, currency, srm, metrics, decisions, window}" },
  },
  {
    method: "get",
    path: "/experiments/{id}/units",
    tag: "Experiments",
    summary:
      "Each exposed unit's numerator and denominator (and pre-period) per metric: the rows `quorum experiment analyze` reads, to check or re-analyse the results.",
    access: "experiments.read",
    responses: { 200: "{metrics: [{metric, units}]}" },
  },
];

export function experimentResultRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/experiments/:id/results", async (c) => {
    const experiment = await readableExperiment(c);
    const { database, now } = c.get("deps");
    const results = await readExperimentResults(database, experiment, now());
    return c.json({
      experiment: experimentView(experiment),
      armPay: await readArmPayStanding(database.db, experiment, now()),
      ...results,
      window: { from: iso(results.window.from), to: iso(results.window.to) },
    });
  });

  app.get("/experiments/:id/units", async (c) => {
    const experiment = await readableExperiment(c);
    const { metrics } = await readExperimentUnits(c.get("deps").database, experiment, c.get("deps").now());
    return c.json({ metrics });
  });

  return app;
}
