import {
  type Database,
  findUserWithPassword,
  insertTeam,
  insertVendor,
  inTransaction,
  openMembership,
  placePerson,
} from "@quorum/storage";
import { type DemoPerson, LEXICON, MERIDIAN } from "./demo-people.js";

const DAY = 86_400_000;

/** The two demo vendors, their contracts, and their teams with the email of each team's lead. */
const VENDORS = [
  {
    name: LEXICON,
    contactName: "Nisha Kapoor",
    contactEmail: "delivery@lexicon-partners.example",
    currency: "USD",
    contractTerms: "Master services agreement 2026-01: hourly rates per rate card, 30 days' notice, net 30.",
    teams: [
      { name: "Bengaluru", lead: "vendor-lead@quorum.local" },
      { name: "Berlin", lead: "berlin-lead@quorum.local" },
    ],
  },
  {
    name: MERIDIAN,
    contactName: "Paolo Mendoza",
    contactEmail: "accounts@meridian-data.example",
    currency: "USD",
    contractTerms: "Per-judgment pricing with a 12% markup; quality credits under 85% gold accuracy; net 45.",
    teams: [
      { name: "Manila Day", lead: "meridian-lead@quorum.local" },
      { name: "Manila Night", lead: "meridian-night-lead@quorum.local" },
    ],
  },
];

/**
 * Vendor records, teams with their leads, and each vendor's people in their team since they
 * joined. One Manila annotator moved from the day to the night team ten days ago, so a profile
 * shows a team history.
 */
export async function seedVendorsAndTeams(
  database: Database,
  options: { people: readonly DemoPerson[]; now: number },
): Promise<void> {
  const { now } = options;
  await inTransaction(database, async (trx) => {
    const teamIds = new Map<string, { id: number; vendorName: string }>();
    for (const spec of VENDORS) {
      const { teams, ...fields } = spec;
      const vendor = await insertVendor(trx, fields, now - 90 * DAY);
      for (const team of teams) {
        const lead = await findUserWithPassword(trx, team.lead);
        const id = await insertTeam(
          trx,
          { vendorId: vendor.id, name: team.name, leadUserId: lead?.user.id ?? null },
          now - 90 * DAY,
        );
        teamIds.set(team.name, { id, vendorName: vendor.name });
      }
    }
    let moved = false;
    for (const person of options.people) {
      const team = person.team ? teamIds.get(person.team) : undefined;
      const found = await findUserWithPassword(trx, person.email);
      if (!team || !found) continue;
      const { user } = found;
      if (!moved && person.team === "Manila Night" && user.role === "annotator") {
        const day = teamIds.get("Manila Day");
        if (day) {
          await openMembership(trx, user.id, day.id, user.createdAt);
          await placePerson(trx, { userId: user.id, team, now: now - 10 * DAY });
          moved = true;
          continue;
        }
      }
      await openMembership(trx, user.id, team.id, user.createdAt);
    }
  });
}
