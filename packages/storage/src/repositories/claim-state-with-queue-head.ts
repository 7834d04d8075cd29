import type { Kysely } from "kysely";
import { sql } from "kysely";
import { PreparedStatement } from "../prepared-statement.js";
import type { DB } from "../schema.js";
import { type ClaimStateRow, claimStateOf, claimStateSql } from "./assignments.js";
import { type QueueOf, type QueueSlot, queueHeadQuery, queueHeadValues } from "./task-queue.js";

type Slot = QueueSlot | "now";

/**
 * SQLite: `readClaimState` and the head of the annotator's queues (`takeQueueHead`'s read) in one
 * statement, a statement fewer per lease. The head is a subquery that does not depend on the row,
 * so SQLite evaluates it once. It is read even when the claim resumes a held lease or serves a
 * control task (then unused): a walk of the queue index, as cheap as the read it replaces. SQLite
 * has one writer, so the head read here is still the head when the slot is taken in the same
 * transaction. Not for a queue that passes over harm categories (harmful projects read their claim
 * state with the exposure instead).
 */
const statements = new Map<number, PreparedStatement<ClaimStateRow & { head_id: number | null }, Slot>>();

function statementFor(languages: number) {
  let statement = statements.get(languages);
  if (!statement) {
    statement = new PreparedStatement((db, slot, dialect) => {
      const head = queueHeadQuery(db, slot, dialect, languages, false);
      return sql<
        ClaimStateRow & { head_id: number | null }
      >`${claimStateSql(slot, dialect, sql`, ${head} as head_id`)}`;
    });
    statements.set(languages, statement);
  }
  return statement;
}

/** The statement `readClaimStateAndQueueHead` sends, values filled (for tests that explain it). */
export function claimStateAndQueueHeadQuery(db: Kysely<DB>, queue: QueueOf, now: number) {
  return statementFor(queue.languages.length).compiled(db, "sqlite", queueHeadValues(queue, now));
}

export async function readClaimStateAndQueueHead(trx: Kysely<DB>, queue: QueueOf, now: number) {
  if (queue.excludedHarm?.length) throw new Error("readClaimStateAndQueueHead does not filter harm categories");
  const { rows } = await statementFor(queue.languages.length).run(trx, "sqlite", queueHeadValues(queue, now));
  return { ...claimStateOf(rows), head: rows[0]?.head_id ?? null };
}
