import { sql } from "kysely";

/**
 * The statuses that partial indexes are defined on (`... where status = 'open'`: tasks_queue,
 * tasks_gold, assignments_active_expiry, assignments_annotator_active, review_items_pending and
 * its siblings, experiments_running), as SQL literals for the statements that should use those
 * indexes. With the status as a bound value (`status = ?`), SQLite can use a partial index only
 * after comparing the value with the index's condition, so it prepares the statement anew on every
 * run, whatever the value (`bench/claim-statement.ts`: 134-140 µs of CPU a run against 21-28 µs
 * with the literal, on a loaded machine), and PostgreSQL's generic plan of a prepared statement
 * cannot use the partial index at all. With a literal the statement is planned once, against the
 * partial index.
 */
export const OPEN = sql.lit("open");
export const GOLD = sql.lit("gold");
export const ACTIVE = sql.lit("active");
export const RUNNING = sql.lit("running");
export const PENDING = sql.lit("pending");
