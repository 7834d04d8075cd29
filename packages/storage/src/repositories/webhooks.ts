import type { EventType } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { WebhooksTable } from "../schema-monitoring.js";
import { parseJson } from "./json-column.js";

export interface Webhook {
  id: number;
  url: string;
  events: EventType[];
  projectId: number | null;
  description: string;
  active: boolean;
  createdBy: number | null;
  createdAt: number;
}

function toWebhook(row: Selectable<WebhooksTable>): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: parseJson<EventType[]>(row.events),
    projectId: row.project_id,
    description: row.description,
    active: row.active === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function insertWebhook(
  db: Kysely<DB>,
  webhook: {
    url: string;
    secret: string;
    events: EventType[];
    projectId: number | null;
    description: string;
    createdBy: number;
  },
  now: number,
): Promise<Webhook> {
  const row = await db
    .insertInto("webhooks")
    .values({
      url: webhook.url,
      secret: webhook.secret,
      events: JSON.stringify(webhook.events),
      project_id: webhook.projectId,
      description: webhook.description,
      active: 1,
      created_by: webhook.createdBy,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWebhook(row);
}

export async function listWebhooks(db: Kysely<DB>): Promise<Webhook[]> {
  return (await db.selectFrom("webhooks").selectAll().orderBy("id").execute()).map(toWebhook);
}

export async function getWebhook(db: Kysely<DB>, id: number): Promise<Webhook | undefined> {
  const row = await db.selectFrom("webhooks").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toWebhook(row);
}

/** Active subscriptions (a small table, read whole). */
export async function activeWebhooks(db: Kysely<DB>): Promise<Webhook[]> {
  return (await db.selectFrom("webhooks").selectAll().where("active", "=", 1).execute()).map(toWebhook);
}

/** Removes a subscription and cancels what it had still to deliver. */
export async function deleteWebhook(db: Kysely<DB>, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom("webhooks").where("id", "=", id).executeTakeFirst();
    await trx
      .updateTable("webhook_deliveries")
      .set({ status: "cancelled", locked_until: null })
      .where("webhook_id", "=", id)
      .where("status", "in", ["pending", "sending"])
      .execute();
    return Number(result.numDeletedRows) > 0;
  });
}
