import {
  allowedMarks,
  decideExposure,
  type ExposureDecision,
  type ExposureReason,
  type HarmMark,
  localDay,
  type Project,
  type User,
  weekStart,
} from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import {
  type ClaimAndExposureState,
  readClaimAndExposureState,
  readExposureState,
  readWellbeingPolicy,
} from "../repositories/wellbeing.js";
import type { DB } from "../schema.js";

/** What a lease in a harmful project may claim: categories to skip, or nothing and why. */
export type ExposureGate =
  | { kind: "open"; excluded: string[] }
  | { kind: "closed"; reason: ExposureReason; breakUntil: number | null };

/** The marks a project's tasks may carry: those imported, and its category for tasks to come. */
export function projectMarks(project: Pick<Project, "harm">): HarmMark[] {
  const { category, present } = project.harm;
  return category === null || present.includes(category) ? present : [...present, category];
}

/**
 * A person's exposure now: the workspace's policy (cached), then one read of their week's
 * exposure, held harmful leases and overrides, decided by core's `decideExposure` on the day
 * where they are (their zone, else the workspace's).
 */
export async function readExposureDecision(
  database: Database,
  trx: Kysely<DB>,
  annotator: Pick<User, "id" | "timeZone">,
  now: number,
): Promise<ExposureDecision> {
  const policy = await readWellbeingPolicy(database.db, trx);
  const today = localDay(now, annotator.timeZone ?? policy.timeZone);
  const state = await readExposureState(trx, database.dialect, {
    userId: annotator.id,
    fromDay: weekStart(today),
    toDay: today,
    now,
  });
  return decideExposure({ policy, ...state, today, now });
}

/**
 * What a claim in a harmful project decides on, in one statement (`readClaimAndExposureState`):
 * the annotator's standing and leases in the project, and the exposure gate. Runs inside the
 * claim's transaction after the person's claims are serialised, so held leases counted here are
 * all they hold (see `decideExposure` for the invariant this keeps).
 */
export async function readClaimWithExposure(
  database: Database,
  trx: Kysely<DB>,
  options: { project: Project; annotator: Pick<User, "id" | "timeZone">; now: number },
): Promise<{ standing: ClaimAndExposureState["standing"]; held: ClaimAndExposureState["held"]; gate: ExposureGate }> {
  const { project, annotator, now } = options;
  const policy = await readWellbeingPolicy(database.db, trx);
  const today = localDay(now, annotator.timeZone ?? policy.timeZone);
  const { standing, held, exposure } = await readClaimAndExposureState(trx, database.dialect, {
    projectId: project.id,
    userId: annotator.id,
    fromDay: weekStart(today),
    toDay: today,
    now,
  });
  return { standing, held, gate: exposureGate(project, decideExposure({ policy, ...exposure, today, now })) };
}

/** What a lease in `project` may claim given the person's exposure now. */
export function exposureGate(project: Pick<Project, "harm">, decision: ExposureDecision): ExposureGate {
  const marks = projectMarks(project);
  const excluded = marks.filter((mark) => decision.exhausted.includes(mark as never));
  if (allowedMarks(marks, decision.exhausted).length === 0)
    return {
      kind: "closed",
      reason: decision.breakUntil !== null ? "session_break" : "exposure_budget_reached",
      breakUntil: decision.breakUntil,
    };
  return { kind: "open", excluded };
}
