import type { EventType } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../schema.js";
import { lockForUpdate } from "../transaction.js";
import { parseJson } from "./json-column.js";

/** A delivery claimed for sending, with what to send and where. */
export interface ClaimedDelivery {
  id: number;
  /** The number of this attempt (1 for the first). */
  attempt: number;
  url: string;
  secret: string;
  event: { id: number; type: EventType; projectId: number | null; data: unknown; createdAt: number };
}

/**
 * Claims up to `limit` deliveries that are due (pending and due, or sending with a lapsed claim
 * of a crashed sender) for `lockMs`, counting the attempt. On PostgreSQL rows another process
 * is claiming are skipped (`FOR UPDATE SKIP LOCKED`), so each delivery goes out once per attempt.
 */
export async function claimDueDeliveries(
  database: Database,
  options: { now: number; limit: number; lockMs: number },
): Promise<ClaimedDelivery[]> {
  const { now } = options;
  const claimed = await database.db.transaction().execute(async (trx) => {
    const due = await lockForUpdate(
      trx
        .selectFrom("webhook_deliveries")
        .select("id")
        .where("status", "in", ["pending", "sending"])
        .where("next_attempt_at", "<=", now)
        .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
        .orderBy("next_attempt_at")
        .limit(options.limit),
      database.dialect,
      { skipLocked: true },
    ).execute();
    if (due.length === 0) return [];
    return trx
      .updateTable("webhook_deliveries")
      .set((eb) => ({ status: "sending", locked_until: now + options.lockMs, attempts: eb("attempts", "+", 1) }))
      .where(
        "id",
        "in",
        due.map((d) => d.id),
      )
      .returning(["id", "attempts", "webhook_id", "event_id"])
      .execute();
  });
  if (claimed.length === 0) return [];
  const [events, webhooks] = await Promise.all([
    database.db
      .selectFrom("events")
      .selectAll()
      .where(
        "id",
        "in",
        claimed.map((c) => c.event_id),
      )
      .execute(),
    database.db
      .selectFrom("webhooks")
      .select(["id", "url", "secret"])
      .where(
        "id",
        "in",
        claimed.map((c) => c.webhook_id),
      )
      .execute(),
  ]);
  const eventById = new Map(events.map((e) => [e.id, e]));
  const webhookById = new Map(webhooks.map((w) => [w.id, w]));
  return claimed.flatMap((c) => {
    const event = eventById.get(c.event_id);
    const webhook = webhookById.get(c.webhook_id);
    if (!event || !webhook) return [];
    return [
      {
        id: c.id,
        attempt: c.attempts,
        url: webhook.url,
        secret: webhook.secret,
        event: {
          id: event.id,
          type: event.type as EventType,
          projectId: event.project_id,
          data: parseJson<unknown>(event.data),
          createdAt: event.created_at,
        },
      },
    ];
  });
}

export type AttemptOutcome =
  | { status: "delivered" }
  | { status: "pending"; nextAttemptAt: number }
  | { status: "failed" };

/** Logs one attempt and moves the delivery on (delivered, retry later, or given up). */
export async function recordDeliveryAttempt(
  db: Kysely<DB>,
  attempt: {
    deliveryId: number;
    attempt: number;
    startedAt: number;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    outcome: AttemptOutcome;
    now: number;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("webhook_attempts")
      .values({
        delivery_id: attempt.deliveryId,
        attempt: attempt.attempt,
        started_at: attempt.startedAt,
        status_code: attempt.statusCode,
        error: attempt.error,
        duration_ms: Math.round(attempt.durationMs),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const { outcome } = attempt;
    await trx
      .updateTable("webhook_deliveries")
      .set({
        status: outcome.status,
        locked_until: null,
        last_status_code: attempt.statusCode,
        last_error: attempt.error,
        ...(outcome.status === "pending" ? { next_attempt_at: outcome.nextAttemptAt } : {}),
        ...(outcome.status === "delivered" ? { delivered_at: attempt.now } : {}),
      })
      .where("id", "=", attempt.deliveryId)
      .where("status", "=", "sending")
      .where("attempts", "=", attempt.attempt)
      .execute();
  });
}

/** The delivery log of a subscription, newest first, each delivery with its attempts. */
export async function listDeliveries(db: Kysely<DB>, webhookId: number, options: { limit: number; before?: number }) {
  let query = db
    .selectFrom("webhook_deliveries")
    .innerJoin("events", "events.id", "webhook_deliveries.event_id")
    .selectAll("webhook_deliveries")
    .select(["events.type as event_type", "events.created_at as event_created_at"])
    .where("webhook_deliveries.webhook_id", "=", webhookId)
    .orderBy("webhook_deliveries.id", "desc")
    .limit(options.limit);
  if (options.before !== undefined) query = query.where("webhook_deliveries.id", "<", options.before);
  const deliveries = await query.execute();
  const attempts =
    deliveries.length === 0
      ? []
      : await db
          .selectFrom("webhook_attempts")
          .selectAll()
          .where(
            "delivery_id",
            "in",
            deliveries.map((d) => d.id),
          )
          .orderBy("attempt")
          .execute();
  return deliveries.map((d) => ({
    id: d.id,
    eventId: d.event_id,
    eventType: d.event_type as EventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.next_attempt_at : null,
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    createdAt: d.created_at,
    deliveredAt: d.delivered_at,
    log: attempts
      .filter((a) => a.delivery_id === d.id)
      .map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at,
        statusCode: a.status_code,
        error: a.error,
        durationMs: a.duration_ms,
      })),
  }));
}
