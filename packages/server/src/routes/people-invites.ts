import { randomBytes } from "node:crypto";
import { canManageUser, forbidden, invalidInput, notFound } from "@quorum/core";
import { getUser, importPeople, referralCodeOf, saveReferralCode } from "@quorum/storage";
import { Hono } from "hono";
import { currentUser, requirePermission } from "../auth/middleware.js";
import { deliverPasswordLink, newPasswordLinkToken, sendPasswordLink } from "../auth/password-link.js";
import { limitedTextChunks } from "../body-limits.js";
import { type AppEnv, DEFAULT_BODY_LIMITS } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam } from "../validate.js";
import type { PeopleImportResult } from "./recruitment-views.js";

/** A people file is a few thousand rows at most. */
const PEOPLE_CSV_MAX_BYTES = 5 * 1024 * 1024;

export const peopleInviteDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/users/import",
    tag: "People",
    summary:
      "Imports people from CSV (header `name,email,role,languages,region,time_zone[,vendor]`; languages as BCP 47 tags separated by `;`), streaming, all or nothing: any problem refuses the file, listing up to 100 by `line N: field`. Each new account gets a one-time set-password link: e-mailed when a mail server is configured, returned otherwise.",
    access: "users.manage (admin, manager; only admins create admins)",
    rawBody: "text/csv",
    example:
      "name,email,role,languages,region,time_zone,vendor\nAna Silva,ana@example.org,annotator,pt-BR;es,LATAM,America/Sao_Paulo,Acme\n",
    responses: {
      201: "{imported, people}",
      400: "problems by line and field; nothing imported",
      413: "file too large",
    },
  },
  {
    method: "post",
    path: "/users/{id}/password-link",
    tag: "People",
    summary:
      "Issues a one-time link (72 hours) for the person to set a new password; their earlier links stop working. E-mailed when a mail server is configured, otherwise returned to the caller to pass on.",
    access: "users.manage; managers only for people below them",
    responses: { 201: "{link, emailed, expiresAt}" },
  },
  {
    method: "get",
    path: "/me/referral-code",
    tag: "Recruitment",
    summary:
      "The caller's referral code (made on first ask): a candidate who gives it when signing up credits the caller in the funnel.",
    access: "signed in",
    responses: { 200: "{code}" },
  },
];

export function peopleInviteRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/users/import", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const { database, now, limits } = c.get("deps");
    // Admission control leaves this route's body unread (it streams); a body read before is used as is.
    const read = c.get("bodyText");
    const chunks =
      read !== undefined
        ? [read]
        : limitedTextChunks(
            c.req.raw.body,
            PEOPLE_CSV_MAX_BYTES,
            c.req.header("content-length"),
            "The people file",
            () => invalidInput("The file is not UTF-8 text", [{ path: "body", message: "invalid UTF-8" }]),
            limits?.importIdleMs ?? DEFAULT_BODY_LIMITS.importIdleMs,
          );
    const imported = await importPeople(database, { chunks, actor, makeToken: newPasswordLinkToken, now: now() });
    const people: PeopleImportResult["people"] = [];
    for (const { user, secret } of imported) {
      const delivered = await deliverPasswordLink(c, {
        email: user.email,
        name: user.name,
        secret,
        purpose: "set",
        showOnFailure: true,
      });
      people.push({
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        passwordLink: delivered.link,
        emailed: delivered.emailed,
      });
    }
    const result: PeopleImportResult = { imported: people.length, people };
    return c.json(result, 201);
  });

  app.post("/users/:id/password-link", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const target = await getUser(c.get("deps").database.db, idParam(c, "id"));
    if (!target || target.status === "erased") throw notFound("User");
    if (!canManageUser(actor, target)) throw forbidden(`A ${actor.role} may not reset this user's password`);
    return c.json(await sendPasswordLink(c, { person: target, purpose: "reset", createdBy: actor.id }), 201);
  });

  app.get("/me/referral-code", async (c) => {
    const user = currentUser(c);
    const { database, now } = c.get("deps");
    const code =
      (await referralCodeOf(database.db, user.id)) ??
      (await saveReferralCode(database.db, user.id, randomBytes(5).toString("hex").toUpperCase(), now()));
    return c.json({ code });
  });

  return app;
}
