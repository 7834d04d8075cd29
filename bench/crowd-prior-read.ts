// Cost of the one read dynamic overlap with minGain adds to a judgment: the crowd prior, by
// primary key, on SQLite (file, WAL) and, when QUORUM_TEST_DATABASE_URL is set, PostgreSQL.
// Run: npx tsx bench/crowd-prior-read.ts
import { readCrowdPrior, saveCrowdPrior } from "../packages/storage/src/repositories/annotator-quality.js";
import { forEachBenchDatabase } from "./bench-databases.js";

const READS = 20_000;
const only = process.env.QUORUM_TEST_DATABASE_URL ? undefined : "sqlite";
await forEachBenchDatabase({ only, poolSize: 10 }, async ({ database }) => {
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
});
