import { randomBytes } from "node:crypto";
import { EVENT_TYPES, invalidInput, notFound } from "@quorum/core";
import {
  deleteWebhook,
  getProject,
  getWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  type Webhook,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import { forgetSubscriptions } from "../monitoring/judgment-events.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";

export const CreateWebhookBody = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe("Where events are POSTed (http or https)"),
  events: z.array(z.enum(EVENT_TYPES)).min(1).describe("The event types to receive"),
  projectId: z.number().int().positive().nullable().default(null).describe("Only this project's events; null: all"),
  description: z.string().max(500).default(""),
  secret: z
    .string()
    .min(16)
    .max(200)
    .optional()
    .describe("The HMAC key; generated when left out. Returned once, in the response to this call"),
});

export const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional().describe("A delivery id: the page of older deliveries"),
});

export const webhookDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/webhooks",
    tag: "Webhooks",
    summary:
      'Subscribes a URL to events (see the `webhooks` section of this document for each payload). Every delivery is signed: `X-Quorum-Signature: t=<ms>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. Non-2xx answers are retried with exponential backoff; every attempt is logged.',
    access: "webhooks.manage (admin, manager)",
    body: CreateWebhookBody,
    responses: { 201: "{webhook, secret} (the secret is shown only here)", 400: "bad field" },
  },
  {
    method: "get",
    path: "/webhooks",
    tag: "Webhooks",
    summary: "Lists subscriptions (without their secrets).",
    access: "webhooks.manage",
    responses: { 200: "{webhooks}" },
  },
  {
    method: "get",
    path: "/webhooks/{id}",
    tag: "Webhooks",
    summary: "One subscription (without its secret).",
    access: "webhooks.manage",
    responses: { 200: "{webhook}" },
  },
  {
    method: "delete",
    path: "/webhooks/{id}",
    tag: "Webhooks",
    summary: "Removes a subscription; what it still had to deliver is cancelled.",
    access: "webhooks.manage",
    responses: { 204: "deleted" },
  },
  {
    method: "get",
    path: "/webhooks/{id}/deliveries",
    tag: "Webhooks",
    summary:
      "The delivery log, newest first: each event sent, its status (pending, sending, delivered, failed, cancelled), the next retry, and every attempt with its HTTP status or error and duration.",
    access: "webhooks.manage",
    query: DeliveriesQuery,
    responses: { 200: "{deliveries}" },
  },
];

function webhookView(webhook: Webhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    projectId: webhook.projectId,
    description: webhook.description,
    active: webhook.active,
    createdAt: new Date(webhook.createdAt).toISOString(),
  };
}

export function webhookRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/webhooks", async (c) => {
    const user = requirePermission(c, "webhooks.manage");
    const body = await readJson(c, CreateWebhookBody);
    const { database, now } = c.get("deps");
    if (body.projectId !== null && !(await getProject(database.db, body.projectId)))
      throw invalidInput("No such project", [{ path: "projectId", message: `project ${body.projectId} not found` }]);
    const secret = body.secret ?? `whsec_${randomBytes(24).toString("base64url")}`;
    const webhook = await insertWebhook(
      database.db,
      {
        url: body.url,
        secret,
        events: [...new Set(body.events)],
        projectId: body.projectId,
        description: body.description,
        createdBy: user.id,
      },
      now(),
    );
    forgetSubscriptions(database);
    return c.json({ webhook: webhookView(webhook), secret }, 201);
  });

  app.get("/webhooks", async (c) => {
    requirePermission(c, "webhooks.manage");
    return c.json({ webhooks: (await listWebhooks(c.get("deps").database.db)).map(webhookView) });
  });

  app.get("/webhooks/:id", async (c) => {
    requirePermission(c, "webhooks.manage");
    const webhook = await getWebhook(c.get("deps").database.db, idParam(c, "id"));
    if (!webhook) throw notFound("Webhook");
    return c.json({ webhook: webhookView(webhook) });
  });

  app.delete("/webhooks/:id", async (c) => {
    requirePermission(c, "webhooks.manage");
    const { database } = c.get("deps");
    if (!(await deleteWebhook(database.db, idParam(c, "id")))) throw notFound("Webhook");
    forgetSubscriptions(database);
    return c.body(null, 204);
  });

  app.get("/webhooks/:id/deliveries", async (c) => {
    requirePermission(c, "webhooks.manage");
    const id = idParam(c, "id");
    const query = readQuery(c, DeliveriesQuery);
    const { database } = c.get("deps");
    if (!(await getWebhook(database.db, id))) throw notFound("Webhook");
    const deliveries = await listDeliveries(database.db, id, {
      limit: query.limit,
      ...(query.before === undefined ? {} : { before: query.before }),
    });
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return c.json({
      deliveries: deliveries.map((d) => ({
        ...d,
        eventId: `evt_${d.eventId}`,
        nextAttemptAt: iso(d.nextAttemptAt),
        createdAt: iso(d.createdAt),
        deliveredAt: iso(d.deliveredAt),
        log: d.log.map((a) => ({ ...a, startedAt: iso(a.startedAt) })),
      })),
    });
  });
  return app;
}
