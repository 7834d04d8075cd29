import { type Database, migrateToLatest, openDatabase } from "@quorum/storage";
import type { Config } from "./config.js";

/** Opens the configured database and brings its schema up to date (unless `migrate` is false). */
export async function openConfiguredDatabase(config: Config, options: { migrate?: boolean } = {}): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
  });
  if (options.migrate !== false) await migrateToLatest(database.db, database.schema);
  return database;
}

/** "Not found" that names the database it looked in, so a wrong DATABASE_URL or data directory shows. */
export function projectNotFound(id: string | number, database: Database): Error {
  return new Error(
    `project ${id} not found in ${database.location} (set DATABASE_URL or QUORUM_DATA_DIR to open another database)`,
  );
}
