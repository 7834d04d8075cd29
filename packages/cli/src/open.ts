import { type Database, migrateToLatest, openDatabase } from "@quorum/storage";
import type { Config } from "./config.js";

/** Opens the configured database and brings its schema up to date. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
  });
  await migrateToLatest(database.db, database.schema);
  return database;
}
