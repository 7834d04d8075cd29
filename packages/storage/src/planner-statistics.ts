import { type Kysely, PostgresAdapter, sql } from "kysely";
import type { DB } from "./schema.js";

/**
 * Refreshes PostgreSQL's planner statistics of some tables (`ANALYZE`), so that the planner does
 * not keep believing a table empty or small while autovacuum has not caught up. SQLite plans
 * from the indexes alone: nothing to do there.
 */
export async function refreshPlannerStatistics(db: Kysely<DB>, tables: readonly (keyof DB)[]): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(db);
}
