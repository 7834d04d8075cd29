import {
  canLeadPerson,
  canManageVendorTeams,
  forbidden,
  inPeopleScope,
  notFound,
  peopleScope,
  ROLES,
  type User,
} from "@quorum/core";
import {
  currentMemberships,
  getTeam,
  getUser,
  getVendor,
  listPeople,
  membershipHistory,
  movePersonToTeam,
  type PeopleFilter,
  updateUserAccount,
} from "@quorum/storage";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryId, readJson, readQuery } from "../validate.js";
import { membershipView, personView } from "./people-views.js";
import { LanguageTag, Region, TimeZone } from "./person-fields.js";
import { userView } from "./views.js";

export const PeopleQuery = z.object({
  vendorId: queryId().optional(),
  teamId: queryId().optional(),
  language: LanguageTag.optional().describe("people who may work on a project requiring this tag (de finds de-AT)"),
  region: Region.optional(),
  status: z.enum(["active", "paused", "deactivated", "erased"]).optional(),
  role: z.enum(ROLES).optional(),
});

export const MoveToTeamBody = z.object({
  teamId: z.number().int().positive().nullable().describe("null: leave every team (managers only)"),
});

export const UpdateMeBody = z.strictObject({
  region: Region.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
});

export const peopleDocs: RouteDoc[] = [
  {
    method: "patch",
    path: "/users/me",
    tag: "People",
    summary: 'Sets the caller\'s own region and time zone (their "today" follows the zone).',
    access: "signed in",
    body: UpdateMeBody,
    responses: { 200: "{user}", 400: "bad or unknown field (timeZone must be an IANA name; role is not changed here)" },
  },
  {
    method: "get",
    path: "/people",
    tag: "People",
    summary:
      "The people directory with each person's current team; filters by vendor, team, language (BCP 47, matched as for eligibility), region, status and role. Erased accounts only with status=erased.",
    access: "users.read (a vendor lead sees only their own vendor's people; another vendor or team is 404)",
    query: PeopleQuery,
    responses: { 200: "{people}", 404: "vendor or team not visible" },
  },
  {
    method: "get",
    path: "/people/{id}",
    tag: "People",
    summary:
      "A person's profile: account, region, time zone, languages with levels, and every team stay (newest first).",
    access: "users.read, or the person themself (a vendor lead: their own vendor's people)",
    responses: { 200: "{person, memberships}", 404: "no such person in view" },
  },
  {
    method: "post",
    path: "/people/{id}/team",
    tag: "People",
    summary:
      "Moves a person into a team: their current stay ends now (kept in the history) and one in the new team begins.",
    access: "users.manage; a vendor lead moves their own vendor's annotators between their vendor's teams",
    body: MoveToTeamBody,
    responses: { 200: "{moved, person}", 404: "no such person or team in view" },
  },
];

/** The vendor a caller may list people of: a vendor lead's own (by name), everyone else any. */
async function vendorFilter(c: Context<AppEnv>, actor: User, vendorId: number | undefined) {
  const db = c.get("deps").database.db;
  const own = actor.role === "vendor_lead" ? (actor.vendor ?? "\u0000none") : undefined;
  if (vendorId === undefined) return own;
  const vendor = await getVendor(db, vendorId);
  if (!vendor || (own !== undefined && vendor.name !== own)) throw notFound("Vendor");
  return vendor.name;
}

/** Registered before the user routes, so that `/users/me` is not read as `/users/{id}`. */
export function peopleRoutes() {
  const app = new Hono<AppEnv>();

  app.patch("/users/me", async (c) => {
    const actor = currentUser(c);
    const body = await readJson(c, UpdateMeBody);
    const { database, now } = c.get("deps");
    const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const { user } = await updateUserAccount(database, {
      userId: actor.id,
      changes,
      signOut: false,
      audit: { actorId: actor.id, action: "user.update", details: { userId: actor.id, after: changes } },
      now: now(),
    });
    return c.json({ user: userView(user ?? actor) });
  });

  app.get("/people", async (c) => {
    const actor = requirePermission(c, "users.read");
    const query = readQuery(c, PeopleQuery);
    const db = c.get("deps").database.db;
    const vendorName = await vendorFilter(c, actor, query.vendorId);
    if (query.teamId !== undefined) {
      const team = await getTeam(db, query.teamId);
      if (!team || (actor.role === "vendor_lead" && !canManageVendorTeams(actor, team.vendorName)))
        throw notFound("Team");
    }
    const { vendorId: _vendorId, ...rest } = query;
    const filter: PeopleFilter = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (vendorName !== undefined) filter.vendorName = vendorName;
    const people = await listPeople(db, filter);
    const scope = peopleScope(actor);
    return c.json({ people: people.filter((p) => inPeopleScope(scope, p.user)).map(personView) });
  });

  app.get("/people/:id", async (c) => {
    const actor = currentUser(c);
    const id = idParam(c, "id");
    if (actor.id !== id) requirePermission(c, "users.read");
    const db = c.get("deps").database.db;
    const user = await getUser(db, id);
    if (!user || !inPeopleScope(peopleScope(actor), user)) throw notFound("Person");
    const memberships = await membershipHistory(db, id);
    const current = memberships.find((m) => m.leftAt === null) ?? null;
    return c.json({ person: personView({ user, team: current }), memberships: memberships.map(membershipView) });
  });

  app.post("/people/:id/team", async (c) => {
    const actor = currentUser(c);
    if (actor.role !== "vendor_lead") requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, MoveToTeamBody);
    const { database, now } = c.get("deps");
    const target = await getUser(database.db, id);
    if (!target || !inPeopleScope(peopleScope(actor), target)) throw notFound("Person");
    if (!canLeadPerson(actor, target)) throw forbidden(`A ${actor.role} may not move this person`);
    if (body.teamId !== null && actor.role === "vendor_lead") {
      const team = await getTeam(database.db, body.teamId);
      if (!team || !canManageVendorTeams(actor, team.vendorName)) throw notFound("Team");
    } else if (body.teamId === null && actor.role === "vendor_lead")
      throw forbidden("A vendor lead moves people between their own vendor's teams only");
    const result = await movePersonToTeam(database, { userId: id, teamId: body.teamId, actorId: actor.id, now: now() });
    const user = (await getUser(database.db, id)) ?? target;
    const [current] = await currentMemberships(database.db, [id]);
    return c.json({ moved: result.moved, person: personView({ user, team: current ?? null }) });
  });

  return app;
}
