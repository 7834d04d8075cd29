// Cost of the one read dynamic overlap with minGain adds to a judgment: the crowd prior, by
// primary key, on SQLite (file, WAL) and, when QUORUM_TEST_DATABASE_URL is set, PostgreSQL.
// Run: npx tsx bench/crowd-prior-read.ts
import { rmSync } from "node:fs";
import { sql } from "kysely";
import { openDatabase } from "../packages/storage/src/database.js";
import { migrateToLatest } from "../packages/storage/src/migrate.js";
import { readCrowdPrior, saveCrowdPrior } from "../packages/storage/src/repositories/annotator-quality.js";

const READS = 20_000;
const urls = [`/tmp/quorum-crowd-prior-${process.pid}.db`];
if (process.env.QUORUM_TEST_DATABASE_URL) urls.push(process.env.QUORUM_TEST_DATABASE_URL);
for (const url of urls) {
  const database = await openDatabase(
    url.startsWith("postgres") ? { url, schema: `crowd_prior_${process.pid}` } : { url },
  );
  await migrateToLatest(database.db, url.startsWith("postgres") ? `crowd_prior_${process.pid}` : undefined);
  for (let p = 1; p <= 50; p++)
    await saveCrowdPrior(
      database.db,
      p,
      Array.from({ length: 16 }, (_, i) => i / 4),
      0,
    );
  for (let i = 0; i < 1000; i++) await readCrowdPrior(database.db, 1 + (i % 50));
  const start = performance.now();
  for (let i = 0; i < READS; i++) await readCrowdPrior(database.db, 1 + (i % 50));
  const micros = ((performance.now() - start) * 1000) / READS;
  process.stdout.write(`${database.dialect}: readCrowdPrior ${micros.toFixed(1)} µs per read (mean of ${READS})\n`);
  if (url.startsWith("postgres")) await sql.raw(`drop schema crowd_prior_${process.pid} cascade`).execute(database.db);
  await database.close();
  if (!url.startsWith("postgres"))
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${url}${suffix}`, { force: true });
}
