import { migrateToLatest, openDatabase } from "@quorum/storage";
import { parseCommandArgs } from "../args.js";
import type { Config } from "../config.js";
import type { Io } from "../io.js";

export const MIGRATE_HELP = `quorum migrate
  Brings the database schema up to date (the server also does this when it starts).`;

export async function migrateCommand(argv: string[], io: Io, config: Config): Promise<void> {
  if (!parseCommandArgs(argv, {}, MIGRATE_HELP, io)) return;
  const database = await openDatabase({
    url: config.databaseUrl,
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
  });
  try {
    const applied = await migrateToLatest(database.db, database.schema);
    io.stdout(
      applied.length
        ? `Applied ${applied.join(", ")} to ${database.location}\n`
        : `${database.location} is up to date\n`,
    );
  } finally {
    await database.close();
  }
}
