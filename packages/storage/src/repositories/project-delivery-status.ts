import type { RiskKind, RiskLevel } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/**
 * A project's latest delivery verdict, as its forecast gave it (`readProjectForecast`): the level
 * (`blocked` while some tasks cannot finish), the 85th-percentile finish and the register's risks.
 */
export interface DeliveryStatus {
  projectId: number;
  level: RiskLevel;
  /** Epoch ms; null: never, or no date to give. */
  finishP85: number | null;
  risks: { kind: RiskKind; language: string | null }[];
  evaluatedAt: number;
}

/** Keeps `status` as the project's latest verdict (one row per project). */
export async function writeDeliveryStatus(db: Kysely<DB>, status: DeliveryStatus): Promise<void> {
  const row = {
    level: status.level,
    finish_p85: status.finishP85,
    risks: JSON.stringify(status.risks),
    evaluated_at: status.evaluatedAt,
  };
  await db
    .insertInto("project_delivery_status")
    .values({ project_id: status.projectId, ...row })
    .onConflict((oc) => oc.column("project_id").doUpdateSet(row))
    .execute();
}

/** The latest verdicts of `projectIds` (by primary key), for those that have one. */
export async function readDeliveryStatuses(
  db: Kysely<DB>,
  projectIds: readonly number[],
): Promise<Map<number, DeliveryStatus>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("project_delivery_status")
    .selectAll()
    .where("project_id", "in", projectIds)
    .execute();
  return new Map(
    rows.map((row) => [
      Number(row.project_id),
      {
        projectId: Number(row.project_id),
        level: row.level as RiskLevel,
        finishP85: row.finish_p85 === null ? null : Number(row.finish_p85),
        risks: JSON.parse(row.risks) as DeliveryStatus["risks"],
        evaluatedAt: Number(row.evaluated_at),
      },
    ]),
  );
}
