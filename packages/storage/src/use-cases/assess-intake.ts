import { assessFeasibility, DomainError, daySlot, notFound, payResponse, storedSentence } from "@quorum/core";
import type { Database } from "../database.js";
import { getIntakeRequest, type IntakeRequest, storeFeasibility } from "../repositories/intake-requests.js";
import { workspaceTimeZone } from "../repositories/workspace-settings.js";
import { readFeasibilityPool } from "./read-feasibility-pool.js";
import { readWorkspacePayElasticity } from "./read-pay-elasticity.js";

/**
 * Computes and stores the feasibility report of an intake request: reads the eligible pool (a
 * copy: `readFeasibilityPool` only reads), simulates it in memory (core's `assessFeasibility`),
 * adds what the offered pay buys and the pay the deadline needs by the workspace's pay elasticity
 * (core's `payResponse`; the newest finished pay experiment's estimate, if any, and the newer ones
 * left out for their pay's currency) and stores the report on the request. Nothing else in the
 * database changes. The flags' days are kept as instants for each reader, their text written in
 * the workspace's zone, in English.
 */
export async function assessIntake(
  database: Database,
  id: number,
  options: { now: number; runs?: number; seed?: number },
): Promise<IntakeRequest> {
  const { db } = database;
  const request = await getIntakeRequest(db, id);
  if (!request) throw notFound("Intake request");
  if (request.status === "accepted")
    throw new DomainError("conflict", "intake request already accepted: its project exists");
  const pool = await readFeasibilityPool(db, request, options.now);
  const report = assessFeasibility(request, pool, {
    now: options.now,
    ...(options.runs === undefined ? {} : { runs: options.runs }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    writeDay: daySlot,
  });
  const workspace = { timeZone: await workspaceTimeZone(db), locale: "en" };
  report.flags = report.flags.map((flag) => {
    const { message, messageParts } = storedSentence(flag.message, workspace, options.now);
    return messageParts ? { ...flag, message, messageParts } : flag;
  });
  const { elasticity, leftOut } = await readWorkspacePayElasticity(database, options.now);
  report.payResponse = payResponse(request, report, pool, elasticity, leftOut);
  const stored = await storeFeasibility(db, id, report, options.now);
  if (!stored) throw new DomainError("conflict", "intake request already accepted: its project exists");
  return stored;
}
