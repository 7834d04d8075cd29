import { type EventData, type EventType, isConsoleEvent } from "@quorum/core";
import type { Kysely } from "kysely";
import { insertDeliveries, insertDeliveriesOf, insertEvent, insertEvents } from "../repositories/events.js";
import { activeWebhooks } from "../repositories/webhooks.js";
import type { DB } from "../schema.js";

export interface NewEvent<T extends EventType = EventType> {
  type: T;
  projectId: number | null;
  data: EventData[T];
  /** Events told once whatever happens (a batch completing): a second event with the key is dropped. */
  dedupKey?: string;
  now: number;
}

/**
 * Puts an event in the outbox with a pending delivery for each active subscriber to its type
 * (and project). Call it inside the transaction of the change it reports, where there is one,
 * so the event exists exactly when the change does. Events that neither a subscriber nor the
 * console wants (single tasks without a subscriber) are not stored. Returns the event id.
 */
export async function recordEvent<T extends EventType>(
  db: Kysely<DB>,
  event: NewEvent<T>,
): Promise<number | undefined> {
  const subscribers = (await activeWebhooks(db)).filter(
    (w) => w.events.includes(event.type) && (w.projectId === null || w.projectId === event.projectId),
  );
  if (subscribers.length === 0 && !isConsoleEvent(event.type)) return undefined;
  const id = await insertEvent(db, {
    type: event.type,
    projectId: event.projectId,
    dedupKey: event.dedupKey ?? null,
    data: event.data,
    now: event.now,
  });
  if (id === undefined) return undefined;
  await insertDeliveries(
    db,
    id,
    subscribers.map((w) => w.id),
    event.now,
  );
  return id;
}

/**
 * `recordEvent` for many events of one change at once, each with a `dedupKey` (how the stored ones
 * are told apart): one read of the subscribers, one INSERT of the events and one of their
 * deliveries. Returns the events stored (those whose key was not recorded before).
 */
export async function recordEvents(
  db: Kysely<DB>,
  events: readonly (NewEvent & { dedupKey: string })[],
): Promise<(NewEvent & { dedupKey: string })[]> {
  if (events.length === 0) return [];
  const webhooks = await activeWebhooks(db);
  const subscribersOf = (event: NewEvent) =>
    webhooks
      .filter((w) => w.events.includes(event.type) && (w.projectId === null || w.projectId === event.projectId))
      .map((w) => w.id);
  const kept = events.filter((event) => isConsoleEvent(event.type) || subscribersOf(event).length > 0);
  const ids = await insertEvents(
    db,
    kept.map((event) => ({
      type: event.type,
      projectId: event.projectId,
      dedupKey: event.dedupKey,
      data: event.data,
      now: event.now,
    })),
  );
  const stored = kept.filter((event) => ids.has(event.dedupKey));
  await insertDeliveriesOf(
    db,
    stored.map((event) => ({ eventId: ids.get(event.dedupKey)!, webhookIds: subscribersOf(event), now: event.now })),
  );
  return stored;
}

/** The event types some active webhook subscribes to (the judgment path asks before doing any work). */
export async function subscribedEventTypes(db: Kysely<DB>): Promise<Set<EventType>> {
  return new Set((await activeWebhooks(db)).flatMap((w) => w.events));
}
