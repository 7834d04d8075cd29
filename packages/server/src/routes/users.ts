import {
  assertPasswordAcceptable,
  can,
  canAssignRole,
  canLeadPerson,
  canManageUser,
  canManageVendorTeams,
  forbidden,
  inPeopleScope,
  invalidInput,
  notFound,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  peopleScope,
  ROLES,
  type User,
} from "@quorum/core";
import {
  getTeam,
  getUser,
  invitePerson,
  listUsers,
  NO_PASSWORD,
  PASSWORD_LINK_TTL_MS,
  updateUserAccount,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import { hashPassword } from "../auth/password.js";
import { deliverIssuedLink, newPasswordLinkToken } from "../auth/password-link.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { LanguageTag as Language, LanguageLevels, Region, TimeZone, unlistedLevelTags } from "./person-fields.js";
import { type CreatedUserResponse, userView } from "./views.js";

const Skills = z.record(z.string().min(1), z.number().min(0).max(100));

const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`)
  .describe("not one of the most common passwords, not the account's email");

export const CreateUserBody = z.strictObject({
  email: z.string().email().max(320),
  name: z.string().min(1).max(200),
  password: Password.optional().describe(
    "a temporary password the person must change at their first sign-in; omitted: they get a one-time link to set their own",
  ),
  role: z.enum(ROLES),
  languages: z.array(Language).optional(),
  skills: Skills.optional(),
  languageLevels: LanguageLevels.optional(),
  vendor: z.string().min(1).max(200).nullable().optional(),
  teamId: z.number().int().positive().optional().describe("the team the person joins (its vendor becomes theirs)"),
  region: Region.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
});

export const UpdateUserBody = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  role: z.enum(ROLES).optional(),
  languages: z.array(Language).optional(),
  languageLevels: LanguageLevels.optional(),
  skills: Skills.optional(),
  vendor: z.string().min(1).max(200).nullable().optional(),
  region: Region.nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
  status: z.enum(["active", "paused", "deactivated"]).optional(),
  password: Password.optional().describe(
    "resets another user's password to a temporary one they must change at their next sign-in; change your own with POST /auth/password",
  ),
});

export const ListUsersQuery = z.object({ role: z.enum(ROLES).optional() });

export const userDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/users",
    tag: "People",
    summary: "Lists users and annotator profiles (a vendor lead sees their own vendor's people).",
    access: "users.read (admin, manager, analyst, vendor lead)",
    query: ListUsersQuery,
    responses: { 200: "{users}" },
  },
  {
    method: "post",
    path: "/users",
    tag: "People",
    summary:
      "Creates a user (invite), placed in `teamId` or, given only `vendor`, in that vendor's default team. Languages are BCP 47 tags (`de-AT`) with an optional CEFR level each (`languageLevels`). With `password`, that password is temporary: the person must change it at their first sign-in (`passwordChangeRequired`; until then every other route answers 403 `password_change_required`). Without it, the account has no password and the person gets a one-time link (72 hours) to set one: e-mailed when a mail server is configured, otherwise returned to pass on.",
    access:
      "users.manage (admin, manager; only admins create admins); a vendor lead invites annotators into their own vendor's teams (teamId required, no skills: exams grant those)",
    body: CreateUserBody,
    responses: {
      201: "{user}, and without `password` also {passwordLink: {link, emailed, expiresAt}} (link null when e-mailed)",
      400: "bad or unknown field (each named)",
      409: "email taken",
    },
  },
  {
    method: "get",
    path: "/users/{id}",
    tag: "People",
    summary: "One user.",
    access: "users.read, or the user themself",
    responses: { 200: "{user}" },
  },
  {
    method: "patch",
    path: "/users/{id}",
    tag: "People",
    summary:
      "Edits a profile, role or status, or resets a password; deactivating or a reset signs the user out everywhere (sessions and API tokens). A reset password is temporary: the person must change it at their next sign-in. Deactivating also gives back the user's review claims and task leases, in the same transaction.",
    access:
      "users.manage; managers only for people below them (never another manager or an admin); a vendor lead may only change `status` of their own vendor's annotators (deactivate, reactivate)",
    body: UpdateUserBody,
    responses: { 200: "{user}", 400: "bad or unknown field (each named)" },
  },
];

export function userRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/users", async (c) => {
    const actor = requirePermission(c, "users.read");
    const query = readQuery(c, ListUsersQuery);
    const scope = peopleScope(actor);
    const users = await listUsers(c.get("deps").database.db, query.role ? { role: query.role } : {});
    return c.json({ users: users.filter((user) => inPeopleScope(scope, user)).map(userView) });
  });

  app.post("/users", async (c) => {
    const actor = currentUser(c);
    const body = await readJson(c, CreateUserBody);
    const { database, now } = c.get("deps");
    await checkInviter(c, actor, body);
    if (body.password !== undefined) assertPasswordAcceptable(body.password, body);
    const languages = body.languages ?? [];
    checkLevels(languages, body.languageLevels);
    // Without a password, the person's set-password link is written with the account.
    const link = body.password === undefined ? newPasswordLinkToken() : undefined;
    const at = now();
    const user = await invitePerson(database, {
      user: {
        email: body.email,
        name: body.name,
        // The inviter knows a password they chose, so it only lets the person in to change it.
        ...(body.password !== undefined
          ? { passwordHash: await hashPassword(body.password), passwordChangeRequired: true }
          : { passwordHash: NO_PASSWORD }),
        role: body.role,
        languages,
        languageLevels: body.languageLevels ?? {},
        skills: body.skills ?? {},
        vendor: body.vendor ?? null,
        region: body.region ?? null,
        timeZone: body.timeZone ?? null,
      },
      ...(body.teamId !== undefined ? { teamId: body.teamId } : {}),
      actorId: actor.id,
      now: at,
      ...(link ? { passwordLinkHash: link.hash } : {}),
    });
    if (!link) return c.json({ user: userView(user) }, 201);
    const created: CreatedUserResponse = {
      user: userView(user),
      passwordLink: await deliverIssuedLink(c, {
        person: user,
        purpose: "set",
        secret: link.secret,
        expiresAt: at + PASSWORD_LINK_TTL_MS,
      }),
    };
    return c.json(created, 201);
  });

  app.get("/users/:id", async (c) => {
    const id = idParam(c, "id");
    const actor = c.get("user");
    if (actor?.id !== id) requirePermission(c, "users.read");
    const user = await getUser(c.get("deps").database.db, id);
    if (!user || (actor && !inPeopleScope(peopleScope(actor), user))) throw notFound("User");
    return c.json({ user: userView(user) });
  });

  app.patch("/users/:id", async (c) => {
    const actor = currentUser(c);
    if (actor.role !== "vendor_lead") requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, UpdateUserBody);
    const { database, now } = c.get("deps");
    const target = await getUser(database.db, id);
    if (!target || !inPeopleScope(peopleScope(actor), target)) throw notFound("User");
    if (actor.role === "vendor_lead") {
      const fields = Object.keys(body).filter((key) => body[key as keyof typeof body] !== undefined);
      if (!canLeadPerson(actor, target) || fields.some((field) => field !== "status"))
        throw forbidden("A vendor lead may only deactivate or reactivate their own vendor's annotators");
    } else if (!canManageUser(actor, target) || (body.role && !canAssignRole(actor.role, body.role)))
      throw forbidden(`A ${actor.role} may not change this user's role, profile or password`);
    if (body.languageLevels !== undefined) checkLevels(body.languages ?? target.languages, body.languageLevels);
    const { password, ...changes } = body;
    if (password !== undefined) {
      if (actor.id === id)
        throw forbidden("Change your own password with POST /auth/password (it asks for the current one)");
      assertPasswordAcceptable(password, target);
    }
    // Dropping a language drops its level too.
    if (body.languages !== undefined && body.languageLevels === undefined)
      changes.languageLevels = Object.fromEntries(
        Object.entries(target.languageLevels ?? {}).filter(([tag]) => body.languages?.includes(tag)),
      );
    const cleaned = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const before = Object.fromEntries(Object.keys(cleaned).map((key) => [key, target[key as keyof typeof target]]));
    const { user } = await updateUserAccount(database, {
      userId: id,
      changes: {
        ...cleaned,
        // Someone else chose it: the person must replace it at their next sign-in.
        ...(password ? { passwordHash: await hashPassword(password), passwordChangeRequired: true } : {}),
      },
      signOut: body.status === "deactivated" || password !== undefined,
      audit: {
        actorId: actor.id,
        action: password ? "user.password.reset" : "user.update",
        details: { userId: id, before, after: cleaned, ...(password ? { passwordReset: true } : {}) },
      },
      now: now(),
    });
    return c.json({ user: userView(user!) });
  });

  return app;
}

/**
 * Who may invite whom: managers and admins anyone their role may create; a vendor lead only
 * annotators, into a team of their own vendor.
 */
async function checkInviter(
  c: Parameters<typeof currentUser>[0],
  actor: User,
  body: {
    role: User["role"];
    teamId?: number | undefined;
    vendor?: string | null | undefined;
    skills?: Record<string, number> | undefined;
  },
): Promise<void> {
  if (can(actor.role, "users.manage")) {
    if (!canAssignRole(actor.role, body.role)) throw forbidden(`A ${actor.role} may not create a ${body.role}`);
    return;
  }
  if (actor.role !== "vendor_lead") requirePermission(c, "users.manage");
  if (body.role !== "annotator" || body.teamId === undefined || body.vendor !== undefined)
    throw forbidden("A vendor lead invites annotators into one of their own vendor's teams (give teamId)");
  // Skills open skill-gated projects: exams grant them (or a manager), never the vendor's own lead.
  if (Object.keys(body.skills ?? {}).length > 0)
    throw forbidden("A vendor lead may not give skills (skills): exams grant them, or a manager sets them");
  const team = await getTeam(c.get("deps").database.db, body.teamId);
  if (!team || team.archived || !canManageVendorTeams(actor, team.vendorName)) throw notFound("Team");
}

/** Every language given a level must be one of the person's languages. */
function checkLevels(languages: readonly string[], levels: Record<string, unknown> | undefined): void {
  const unlisted = unlistedLevelTags(languages, levels ?? {});
  if (unlisted.length > 0)
    throw invalidInput(
      "A language has a level but is not one of the person's languages",
      unlisted.map((tag) => ({ path: `languageLevels.${tag}`, message: "add it to languages first" })),
    );
}
