import { assessFeasibility, DomainError, notFound } from "@quorum/core";
import type { Kysely } from "kysely";
import { getIntakeRequest, type IntakeRequest, storeFeasibility } from "../repositories/intake-requests.js";
import type { DB } from "../schema.js";
import { readFeasibilityPool } from "./read-feasibility-pool.js";

/**
 * Computes and stores the feasibility report of an intake request: reads the eligible pool (a
 * copy: `readFeasibilityPool` only reads), simulates it in memory (core's `assessFeasibility`)
 * and stores the report on the request. Nothing else in the database changes.
 */
export async function assessIntake(
  db: Kysely<DB>,
  id: number,
  options: { now: number; runs?: number; seed?: number },
): Promise<IntakeRequest> {
  const request = await getIntakeRequest(db, id);
  if (!request) throw notFound("Intake request");
  if (request.status === "accepted")
    throw new DomainError("conflict", "intake request already accepted: its project exists");
  const pool = await readFeasibilityPool(db, request, options.now);
  const report = assessFeasibility(request, pool, {
    now: options.now,
    ...(options.runs === undefined ? {} : { runs: options.runs }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const stored = await storeFeasibility(db, id, report, options.now);
  if (!stored) throw new DomainError("conflict", "intake request already accepted: its project exists");
  return stored;
}
