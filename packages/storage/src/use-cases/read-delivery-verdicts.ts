import type { Project } from "@quorum/core";
import type { Kysely } from "kysely";
import {
  type DeliveryStatus,
  readDeliveryStatuses,
  writeDeliveryStatus,
} from "../repositories/project-delivery-status.js";
import type { DB } from "../schema.js";
import { deliveryStatusOf, readProjectForecast } from "./read-project-forecast.js";

/**
 * The latest delivery verdict of each of `projects` for a list of them: one indexed read of the
 * verdicts the forecasts left (`project_delivery_status`, kept by the monitors' risk round and
 * by forecast reads), so a list forecasts no project it has a verdict for. A project without one
 * yet (new, or from before verdicts were kept) that is not archived is forecast once here and its
 * verdict kept. `includeBudgets` false leaves budget risks out (they name money).
 */
export async function readDeliveryVerdicts(
  db: Kysely<DB>,
  projects: readonly Project[],
  options: { now: number; includeBudgets: boolean },
): Promise<Map<number, DeliveryStatus>> {
  const verdicts = await readDeliveryStatuses(
    db,
    projects.map((project) => project.id),
  );
  for (const project of projects) {
    if (verdicts.has(project.id) || project.status === "archived") continue;
    const forecast = await readProjectForecast(db, project, { now: options.now, includeBudgets: true });
    const verdict = deliveryStatusOf(forecast);
    await writeDeliveryStatus(db, verdict);
    verdicts.set(project.id, verdict);
  }
  if (options.includeBudgets) return verdicts;
  return new Map(
    [...verdicts].map(([id, verdict]) => [
      id,
      { ...verdict, risks: verdict.risks.filter((risk) => risk.kind !== "budget_overrun") },
    ]),
  );
}
