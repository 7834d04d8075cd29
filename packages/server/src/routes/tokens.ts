import { notFound } from "@quorum/core";
import { type ApiToken, deleteApiToken, insertApiToken, listApiTokens, writeAudit } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser } from "../auth/middleware.js";
import { hashSecret, newSecret } from "../auth/tokens.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";

const DAY = 86_400_000;
export const TOKEN_MAX_DAYS = 365;

export const CreateTokenBody = z.object({
  name: z.string().trim().min(1).max(100).default("script"),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(TOKEN_MAX_DAYS)
    .default(90)
    .describe(`days until the token stops working (1-${TOKEN_MAX_DAYS}, default 90)`),
});

const TOKEN_FIELDS = "{id, name, createdAt, expiresAt}";

export const tokenDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/auth/tokens",
    tag: "Auth",
    summary:
      "Creates a named API token for `Authorization: Bearer`, valid for expiresInDays (default 90). The secret is shown once.",
    access: "signed in",
    body: CreateTokenBody,
    responses: { 201: `{token: secret, ...${TOKEN_FIELDS}}` },
  },
  {
    method: "get",
    path: "/auth/tokens",
    tag: "Auth",
    summary: "The caller's API tokens, newest first, without their secrets (expired ones too).",
    access: "signed in",
    responses: { 200: `{tokens: [${TOKEN_FIELDS}]}` },
  },
  {
    method: "delete",
    path: "/auth/tokens/{id}",
    tag: "Auth",
    summary: "Revokes one of the caller's API tokens at once.",
    access: "signed in (own tokens)",
    responses: { 204: "revoked", 404: "no such token of yours" },
  },
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function tokenView(token: ApiToken) {
  return { id: token.id, name: token.name, createdAt: iso(token.createdAt), expiresAt: iso(token.expiresAt) };
}

export function tokenRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/auth/tokens", async (c) => {
    const user = currentUser(c);
    const body = await readJson(c, CreateTokenBody);
    const { database, now } = c.get("deps");
    const secret = newSecret("qrm_");
    const token = await insertApiToken(database.db, {
      tokenHash: hashSecret(secret),
      userId: user.id,
      name: body.name,
      now: now(),
      expiresAt: now() + body.expiresInDays * DAY,
    });
    await writeAudit(database.db, {
      actorId: user.id,
      action: "auth.token.create",
      details: { tokenId: token.id, name: token.name, expiresAt: token.expiresAt },
      now: now(),
    });
    return c.json({ token: secret, ...tokenView(token) }, 201);
  });

  app.get("/auth/tokens", async (c) => {
    const user = currentUser(c);
    const tokens = await listApiTokens(c.get("deps").database.db, user.id);
    return c.json({ tokens: tokens.map(tokenView) });
  });

  app.delete("/auth/tokens/:id", async (c) => {
    const user = currentUser(c);
    const { database, now } = c.get("deps");
    const revoked = await deleteApiToken(database.db, user.id, idParam(c, "id"));
    if (!revoked) throw notFound("Token");
    await writeAudit(database.db, {
      actorId: user.id,
      action: "auth.token.revoke",
      details: { tokenId: revoked.id, name: revoked.name },
      now: now(),
    });
    return c.body(null, 204);
  });

  return app;
}
