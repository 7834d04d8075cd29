import {
  assertPasswordAcceptable,
  canAssignRole,
  canManageUser,
  DomainError,
  forbidden,
  inPeopleScope,
  notFound,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  peopleScope,
  ROLES,
} from "@quorum/core";
import { getUser, insertUser, isUniqueViolation, listUsers, updateUserAccount, writeAudit } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import { hashPassword } from "../auth/password.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { userView } from "./views.js";

const Language = z.string().regex(/^[a-z]{2,3}$/, "use an ISO 639 code such as en, de, pt");
const Skills = z.record(z.string().min(1), z.number().min(0).max(100));

const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`)
  .describe("not one of the most common passwords, not the account's email");

export const CreateUserBody = z.object({
  email: z.string().email().max(320),
  name: z.string().min(1).max(200),
  password: Password,
  role: z.enum(ROLES),
  languages: z.array(Language).optional(),
  skills: Skills.optional(),
  vendor: z.string().min(1).max(200).nullable().optional(),
});

export const UpdateUserBody = z.object({
  name: z.string().min(1).max(200).optional(),
  role: z.enum(ROLES).optional(),
  languages: z.array(Language).optional(),
  skills: Skills.optional(),
  vendor: z.string().min(1).max(200).nullable().optional(),
  status: z.enum(["active", "paused", "deactivated"]).optional(),
  password: Password.optional().describe("resets another user's password; change your own with POST /auth/password"),
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
    summary: "Creates a user (invite).",
    access: "users.manage (admin, manager; only admins create admins)",
    body: CreateUserBody,
    responses: { 201: "{user}", 400: "bad field", 409: "email taken" },
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
      "Edits a profile, role or status, or resets a password; deactivating or a reset signs the user out everywhere (sessions and API tokens). Deactivating also gives back the user's review claims and task leases, in the same transaction.",
    access: "users.manage; managers only for people below them (never another manager or an admin)",
    body: UpdateUserBody,
    responses: { 200: "{user}" },
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
    const actor = requirePermission(c, "users.manage");
    const body = await readJson(c, CreateUserBody);
    if (!canAssignRole(actor.role, body.role)) throw forbidden(`A ${actor.role} may not create a ${body.role}`);
    assertPasswordAcceptable(body.password, body);
    const { database, now } = c.get("deps");
    try {
      const user = await insertUser(
        database.db,
        {
          email: body.email,
          name: body.name,
          passwordHash: await hashPassword(body.password),
          role: body.role,
          languages: body.languages ?? [],
          skills: body.skills ?? {},
          vendor: body.vendor ?? null,
        },
        now(),
      );
      await writeAudit(database.db, {
        actorId: actor.id,
        action: "user.create",
        details: { userId: user.id, email: user.email, role: user.role, vendor: user.vendor },
        now: now(),
      });
      return c.json({ user: userView(user) }, 201);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError("email_taken", "A user with this email exists", [
          { path: "email", message: "already taken" },
        ]);
      throw error;
    }
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
    const actor = requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, UpdateUserBody);
    const { database, now } = c.get("deps");
    const target = await getUser(database.db, id);
    if (!target) throw notFound("User");
    if (!canManageUser(actor, target) || (body.role && !canAssignRole(actor.role, body.role)))
      throw forbidden(`A ${actor.role} may not change this user's role, profile or password`);
    const { password, ...changes } = body;
    if (password !== undefined) {
      if (actor.id === id)
        throw forbidden("Change your own password with POST /auth/password (it asks for the current one)");
      assertPasswordAcceptable(password, target);
    }
    const cleaned = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const before = Object.fromEntries(Object.keys(cleaned).map((key) => [key, target[key as keyof typeof target]]));
    const { user } = await updateUserAccount(database, {
      userId: id,
      changes: { ...cleaned, ...(password ? { passwordHash: await hashPassword(password) } : {}) },
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
