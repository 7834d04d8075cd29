import type { EventType } from "@quorum/core";
import { z } from "zod";

/** An event as the OpenAPI document's `webhooks` section describes it. */
export interface WebhookEventDoc {
  event: EventType;
  summary: string;
  data: z.ZodType;
}

const Scope = z.object({
  projectId: z.number().int().nullable(),
  vendor: z.string().nullable(),
  language: z.string().nullable(),
});

const AlertData = z.object({
  alertId: z.number().int(),
  monitorId: z.number().int().nullable().describe("null for an alert of a project's risk register"),
  risk: z
    .string()
    .nullable()
    .describe("a risk register entry's kind (with its language: pool_too_small:de); null for a monitor's alert"),
  monitorName: z.string().describe("the monitor's name, or the risk's title"),
  metric: z.string().describe("A name from GET /metrics"),
  scope: Scope,
  value: z.number().nullable().describe("The metric's value over the monitor's window"),
  expected: z.number().nullable().describe("The threshold, or the baseline mean"),
  message: z.string(),
  openedAt: z.string().describe("ISO 8601"),
  updatedAt: z
    .string()
    .nullable()
    .optional()
    .describe("ISO 8601: when an open risk alert's message was last rewritten (alert.updated); null until then"),
  resolvedAt: z.string().nullable().describe("ISO 8601; null while open"),
});

/** Every event's `data`; the envelope is `{id, type, createdAt, projectId, data}`. */
export const WEBHOOK_EVENT_DOCS: readonly WebhookEventDoc[] = [
  {
    event: "task.completed",
    summary: "A task received every judgment it needs.",
    data: z.object({ taskId: z.number().int(), batchId: z.number().int(), externalId: z.string().nullable() }),
  },
  {
    event: "batch.completed",
    summary: "The last open task of a batch (an import) was completed. Told once per batch.",
    data: z.object({ batchId: z.number().int(), name: z.string(), taskCount: z.number().int() }),
  },
  {
    event: "project.completed",
    summary: "No task of the project is left open. Told once per project.",
    data: z.object({ name: z.string(), tasksDone: z.number().int() }),
  },
  {
    event: "import.finished",
    summary: "An import stored its tasks (a refused import sends nothing).",
    data: z.object({ batchId: z.number().int(), imported: z.number().int(), actorId: z.number().int() }),
  },
  {
    event: "annotator.paused",
    summary: "An annotator was paused in a project, by an automatic quality rule or by a manager.",
    data: z.object({
      annotatorId: z.number().int(),
      reason: z.string(),
      automatic: z.boolean(),
      actionId: z.number().int().describe("The quality action; see GET /projects/{id}/quality/actions"),
    }),
  },
  {
    event: "budget.threshold",
    summary: "Spending reached a threshold (percent) of a budget. Amounts in minor units of the currency.",
    data: z.object({
      budgetId: z.number().int(),
      threshold: z.number(),
      currency: z.string(),
      spent: z.number().int(),
      limit: z.number().int(),
      forecast: z.number().int().nullable(),
    }),
  },
  {
    event: "alert.raised",
    summary: "A monitor's condition started to hold, or a project's risk register gained an entry: an alert opened.",
    data: AlertData,
  },
  {
    event: "alert.updated",
    summary:
      "An open risk alert's cause or figures changed (e.g. a slow pace became a pool too small, or the forecast finish moved): the same alert (alertId, openedAt) with its message rewritten in place. Only for subscriptions to alert.updated: subscribers to alert.raised are not told again.",
    data: AlertData,
  },
  {
    event: "alert.resolved",
    summary: "A monitor's condition cleared, or a risk left the register: its alert closed.",
    data: AlertData,
  },
];

/** The OpenAPI 3.1 `webhooks` object: what each event POSTs to subscribers, and how it is signed. */
export function webhooksDocument(docs: readonly WebhookEventDoc[]) {
  const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
  return Object.fromEntries(
    docs.map((doc) => [
      doc.event,
      {
        post: {
          summary: doc.summary,
          description:
            "Sent to each subscription to this event (POST /webhooks). Verify `X-Quorum-Signature: t=<ms>,v1=<hex>`: HMAC-SHA256 with the subscription's secret over `<t>.<raw body>`; reject old timestamps. Answer 2xx within 10 s; any other answer is retried with exponential backoff (10 s doubling, up to 12 attempts).",
          parameters: [
            { name: "X-Quorum-Signature", in: "header", required: true, schema: { type: "string" } },
            { name: "X-Quorum-Event", in: "header", required: true, schema: { type: "string", const: doc.event } },
            { name: "X-Quorum-Delivery", in: "header", required: true, schema: { type: "string" } },
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "type", "createdAt", "projectId", "data"],
                  properties: {
                    id: { type: "string", description: "evt_<n>; the same for every retry" },
                    type: { type: "string", const: doc.event },
                    createdAt: { type: "string", format: "date-time" },
                    projectId: { type: ["integer", "null"] },
                    data: json(doc.data),
                  },
                },
              },
            },
          },
          responses: { "2XX": { description: "Received" } },
        },
      },
    ]),
  );
}
