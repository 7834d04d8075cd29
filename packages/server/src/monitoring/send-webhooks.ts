import { type EventEnvelope, webhookRetryDelay } from "@quorum/core";
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  type Database,
  recordDeliveryAttempt,
} from "@quorum/storage";
import { signWebhook } from "./sign-webhook.js";

export interface SendOptions {
  now: () => number;
  /** In [0, 1): spreads retries (Math.random; tests pass a constant). */
  random?: () => number;
  timeoutMs?: number;
  /** Deliveries sent at once per round. */
  batch?: number;
}

/** The JSON body a subscriber receives (documented in the OpenAPI `webhooks` section). */
export function eventEnvelope(event: ClaimedDelivery["event"]): EventEnvelope {
  return {
    id: `evt_${event.id}`,
    type: event.type,
    createdAt: new Date(event.createdAt).toISOString(),
    projectId: event.projectId,
    data: event.data as EventEnvelope["data"],
  };
}

/**
 * One round of the dispatcher: claims the due deliveries and POSTs each, signed, to its
 * subscriber. A 2xx answer delivers it; anything else (another status, a timeout, a refused
 * connection, a redirect) is logged as an attempt and retried with exponential backoff until the
 * attempts run out. Returns the number of attempts made.
 */
export async function sendDueWebhooks(database: Database, options: SendOptions): Promise<number> {
  const claimed = await claimDueDeliveries(database, {
    now: options.now(),
    limit: options.batch ?? 20,
    lockMs: (options.timeoutMs ?? 10_000) * 3,
  });
  await Promise.all(claimed.map((delivery) => send(database, delivery, options)));
  return claimed.length;
}

async function send(database: Database, delivery: ClaimedDelivery, options: SendOptions): Promise<void> {
  const body = JSON.stringify(eventEnvelope(delivery.event));
  const startedAt = options.now();
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      headers: {
        "content-type": "application/json",
        "user-agent": "Quorum-Webhooks/1",
        "x-quorum-event": delivery.event.type,
        "x-quorum-delivery": String(delivery.id),
        "x-quorum-signature": signWebhook(delivery.secret, startedAt, body),
      },
      body,
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (caught) {
    const cause = (caught as { cause?: { code?: string } }).cause?.code;
    error = (caught as Error).name === "TimeoutError" ? "timed out" : (cause ?? (caught as Error).message);
  }
  const now = options.now();
  const delay = error === null ? null : webhookRetryDelay(delivery.attempt, (options.random ?? Math.random)());
  const outcome: AttemptOutcome =
    error === null
      ? { status: "delivered" }
      : delay === null
        ? { status: "failed" }
        : { status: "pending", nextAttemptAt: now + delay };
  await recordDeliveryAttempt(database.db, {
    deliveryId: delivery.id,
    attempt: delivery.attempt,
    startedAt,
    statusCode,
    error,
    durationMs: performance.now() - started,
    outcome,
    now,
  });
}
