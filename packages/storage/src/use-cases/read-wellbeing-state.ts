import { continuousMinutes, type ExposureDecision, type SessionPolicy, type User } from "@quorum/core";
import type { Database } from "../database.js";
import { type PersonWellbeing, readPersonWellbeing, readWellbeingPolicy } from "../repositories/wellbeing.js";
import { readExposureDecision } from "./check-exposure.js";

export interface WellbeingState {
  exposure: ExposureDecision;
  person: PersonWellbeing;
  session: SessionPolicy;
  /** Minutes of harmful work without a break so far (0 after a rest as long as a break). */
  continuousMinutes: number;
  /** Whether the break reminder is due (continuous work at or past `session.reminderMinutes`). */
  reminderDue: boolean;
}

/** A person's exposure today and this week, their overrides and session, as the workbench and managers see it. */
export async function readWellbeingState(
  database: Database,
  person: Pick<User, "id" | "timeZone">,
  now: number,
): Promise<WellbeingState> {
  const policy = await readWellbeingPolicy(database.db);
  const exposure = await readExposureDecision(database, database.db, person, now);
  const stored = await readPersonWellbeing(database.db, person.id);
  const minutes = continuousMinutes(stored.session, now, policy.session);
  return {
    exposure,
    person: stored,
    session: policy.session,
    continuousMinutes: minutes,
    reminderDue: minutes >= policy.session.reminderMinutes,
  };
}
