import { canAssignRole, DomainError, forbidden, notFound, ROLES } from "@quorum/core";
import { deleteUserSessions, getUser, insertUser, isUniqueViolation, listUsers, updateUser } from "@quorum/storage";
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

export const CreateUserBody = z.object({
  email: z.string().email(),
  name: z.string().min(1).max(200),
  password: z.string().min(8, "at least 8 characters"),
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
  password: z.string().min(8).optional(),
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
    summary: "Edits a profile, role or status; deactivating signs the user out everywhere.",
    access: "users.manage",
    body: UpdateUserBody,
    responses: { 200: "{user}" },
  },
];

export function userRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/users", async (c) => {
    const actor = requirePermission(c, "users.read");
    const query = readQuery(c, ListUsersQuery);
    const filter = actor.role === "vendor_lead" ? { vendor: actor.vendor ?? "\u0000none" } : {};
    const users = await listUsers(c.get("deps").database.db, {
      ...filter,
      ...(query.role ? { role: query.role } : {}),
    });
    return c.json({ users: users.map(userView) });
  });

  app.post("/users", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const body = await readJson(c, CreateUserBody);
    if (!canAssignRole(actor.role, body.role)) throw forbidden(`A ${actor.role} may not create a ${body.role}`);
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
    if (!user || (actor?.role === "vendor_lead" && actor.id !== id && user.vendor !== actor.vendor))
      throw notFound("User");
    return c.json({ user: userView(user) });
  });

  app.patch("/users/:id", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, UpdateUserBody);
    const { database } = c.get("deps");
    const target = await getUser(database.db, id);
    if (!target) throw notFound("User");
    if (!canAssignRole(actor.role, target.role) || (body.role && !canAssignRole(actor.role, body.role)))
      throw forbidden(`A ${actor.role} may not change this user's role or profile`);
    const { password, ...changes } = body;
    const cleaned = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const user = await updateUser(database.db, id, {
      ...cleaned,
      ...(password ? { passwordHash: await hashPassword(password) } : {}),
    });
    if (body.status === "deactivated" || password) await deleteUserSessions(database.db, id);
    return c.json({ user: userView(user!) });
  });

  return app;
}
