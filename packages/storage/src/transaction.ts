import { busy } from "@quorum/core";
import type { Kysely, SelectQueryBuilder, Transaction } from "kysely";
import { type Database, type Dialect, isRetryable } from "./database.js";
import type { DB } from "./schema.js";
import { bindTransaction, inSmallTransaction } from "./sqlite-group-commit.js";

/** Returned by a transaction's body when it lost a race without an error (a conditional update hit nothing). */
export const RETRY: unique symbol = Symbol("retry");

export interface TransactionOptions {
  /** Other errors that mean "lost a race, try again" (e.g. a unique index that a rival filled first). */
  retryOn?: (error: unknown) => boolean;
  /** The message of the `busy` error when every try lost. */
  busyMessage?: string;
  /** Tries before giving up with `busy`; 5 unless a use case loses races often and cheaply. */
  attempts?: number;
  /**
   * The body changes a few rows only (a lease, a judgment): on SQLite its commit group may keep
   * its savepoint journals in memory (`inSmallTransaction`). Never for a change that grows with a
   * project.
   */
  small?: boolean;
}

/** One retry policy for every use case: five tries by default, a short random pause after the second. */
const ATTEMPTS = 5;

/**
 * Runs `body` in one transaction, retrying serialisation failures and deadlocks (PostgreSQL), the
 * errors `options.retryOn` accepts, and bodies that return `RETRY`. After the last try it throws
 * `busy`, which a client may simply retry.
 */
export async function inTransaction<T>(
  database: Database,
  body: (trx: Transaction<DB>) => Promise<T | typeof RETRY>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? ATTEMPTS;
  // SQLite: the body's prepared statements run straight on the connection (`runInTransaction`).
  const bodyOf =
    database.dialect === "sqlite"
      ? (trx: Transaction<DB>) => {
          bindTransaction(trx);
          return body(trx);
        }
      : body;
  const run = options.small
    ? () => inSmallTransaction(database.db, bodyOf)
    : () => database.db.transaction().execute(bodyOf);
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const result = await run();
      if (result !== RETRY) return result;
    } catch (error) {
      if (!isRetryable(error) && !options.retryOn?.(error)) throw error;
    }
    if (attempt >= 1) await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 10 * attempt));
  }
  throw busy(options.busyMessage);
}

/**
 * `SELECT ... FOR UPDATE` on PostgreSQL (optionally `SKIP LOCKED`); SQLite has one writer at a
 * time, so its transactions need no row locks and the query is returned unchanged.
 */
export function lockForUpdate<DBT, TB extends keyof DBT, O>(
  query: SelectQueryBuilder<DBT, TB, O>,
  dialect: Dialect,
  options: { skipLocked?: boolean; of?: TB } = {},
): SelectQueryBuilder<DBT, TB, O> {
  if (dialect !== "postgres") return query;
  const locked = options.of === undefined ? query.forUpdate() : query.forUpdate(options.of as never);
  return options.skipLocked ? locked.skipLocked() : locked;
}

export interface NewAuditEntry {
  projectId?: number | null;
  actorId: number | null;
  /** Dotted verb, e.g. `project.create`, `tasks.import`, `auth.token.revoke`. */
  action: string;
  details?: Record<string, unknown>;
  now: number;
}

/** The one writer of the audit log; call it inside the transaction of the change it records. */
export async function writeAudit(db: Kysely<DB>, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      project_id: entry.projectId ?? null,
      actor_id: entry.actorId,
      action: entry.action,
      details: JSON.stringify(entry.details ?? {}),
      created_at: Math.round(entry.now),
    })
    .execute();
}
