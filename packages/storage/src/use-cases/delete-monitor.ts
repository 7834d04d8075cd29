import type { Kysely } from "kysely";
import { deleteMonitorRow } from "../repositories/monitors.js";
import type { DB } from "../schema.js";

/** Deletes a monitor; its open alert is resolved (the inbox keeps its history). False when there was none. */
export async function deleteMonitor(db: Kysely<DB>, id: number, now: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable("alerts")
      .set({ status: "resolved", resolved_at: now })
      .where("monitor_id", "=", id)
      .where("status", "=", "open")
      .execute();
    return deleteMonitorRow(trx, id);
  });
}
