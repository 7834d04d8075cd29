import { migrateToLatest, openDatabase } from "@quorum/storage";
import type { Config } from "../config.js";
import type { Io } from "../io.js";

export async function migrateCommand(_argv: string[], io: Io, config: Config): Promise<void> {
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
