import type { EventType } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { parseJson } from "./json-column.js";

export interface StoredEvent {
  id: number;
  type: EventType;
  projectId: number | null;
  data: Record<string, unknown>;
  createdAt: number;
}

interface NewEvent {
  type: EventType;
  projectId: number | null;
  dedupKey: string | null;
  data: unknown;
  now: number;
}

const eventRow = (event: NewEvent) => ({
  type: event.type,
  project_id: event.projectId,
  dedup_key: event.dedupKey,
  data: JSON.stringify(event.data),
  created_at: event.now,
});

/** Adds an event to the outbox; undefined when its `dedupKey` was recorded before. */
export async function insertEvent(db: Kysely<DB>, event: NewEvent): Promise<number | undefined> {
  const row = await db
    .insertInto("events")
    .values(eventRow(event))
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** Adds events with dedup keys to the outbox in one statement: the ids of those new, by key. */
export async function insertEvents(
  db: Kysely<DB>,
  events: readonly (NewEvent & { dedupKey: string })[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let start = 0; start < events.length; start += ROWS_A_STATEMENT) {
    const rows = await db
      .insertInto("events")
      .values(events.slice(start, start + ROWS_A_STATEMENT).map(eventRow))
      .onConflict((oc) => oc.doNothing())
      .returning(["id", "dedup_key"])
      .execute();
    for (const row of rows) if (row.dedup_key !== null) ids.set(row.dedup_key, row.id);
  }
  return ids;
}

/** Rows a multi-row INSERT here writes at most (well under either dialect's bound-parameter limit). */
const ROWS_A_STATEMENT = 500;

/** `insertDeliveries` for several events: their pending deliveries in as few statements as the rows allow. */
export async function insertDeliveriesOf(
  db: Kysely<DB>,
  events: readonly { eventId: number; webhookIds: readonly number[]; now: number }[],
): Promise<void> {
  const rows = events.flatMap(({ eventId, webhookIds, now }) =>
    webhookIds.map((webhookId) => deliveryRow(eventId, webhookId, now)),
  );
  for (let start = 0; start < rows.length; start += ROWS_A_STATEMENT)
    await db
      .insertInto("webhook_deliveries")
      .values(rows.slice(start, start + ROWS_A_STATEMENT))
      .execute();
}

const deliveryRow = (eventId: number, webhookId: number, now: number) => ({
  webhook_id: webhookId,
  event_id: eventId,
  status: "pending",
  attempts: 0,
  next_attempt_at: now,
  locked_until: null,
  last_status_code: null,
  last_error: null,
  created_at: now,
  delivered_at: null,
});

/** One pending delivery of the event per subscriber, due now. */
export async function insertDeliveries(
  db: Kysely<DB>,
  eventId: number,
  webhookIds: readonly number[],
  now: number,
): Promise<void> {
  if (webhookIds.length === 0) return;
  await db
    .insertInto("webhook_deliveries")
    .values(webhookIds.map((webhookId) => deliveryRow(eventId, webhookId, now)))
    .execute();
}

/** Events with an id above `afterId`, oldest first (the console's live stream tails these). */
export async function eventsAfter(db: Kysely<DB>, afterId: number, limit = 200): Promise<StoredEvent[]> {
  const rows = await db.selectFrom("events").selectAll().where("id", ">", afterId).orderBy("id").limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type as EventType,
    projectId: row.project_id,
    data: parseJson<Record<string, unknown>>(row.data),
    createdAt: row.created_at,
  }));
}

export async function latestEventId(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max<number>("id").as("id"))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
