// Cost of the scorecard and of a presence heartbeat, on SQLite (file, WAL) and, when
// QUORUM_TEST_DATABASE_URL is set, PostgreSQL. 200 annotators × 12 weeks of work (weekdays, 8 hours
// a day over 3 projects: 480 hourly rows each, 96,000 in all) and presence (32 quarter hours a day:
// 1,920 buckets each, 384,000 in all); then one person's 12-week scorecard, and heartbeats.
// Run: npx tsx bench/scorecard-read.ts
import { sql } from "kysely";
import { insertPresenceBuckets, recordPresence } from "../packages/storage/src/repositories/presence.js";
import { readScorecard } from "../packages/storage/src/use-cases/read-scorecard.js";
import { forEachBenchDatabase } from "./bench-databases.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PEOPLE = 200;
const NOW = Date.UTC(2026, 11, 2);
const READS = 50;
const BEATS = 2_000;
const only = process.env.QUORUM_TEST_DATABASE_URL ? undefined : "sqlite";
await forEachBenchDatabase({ only, poolSize: 10 }, async ({ database }) => {
  const days = Array.from({ length: 84 }, (_, d) => NOW - (84 - d) * DAY).filter(
    (d) => new Date(d).getUTCDay() % 6 !== 0,
  );
  for (let person = 1; person <= PEOPLE; person++) {
    const hours = days.flatMap((day) =>
      Array.from({ length: 8 }, (_, h) => ({
        project_id: 1 + ((person + h) % 3),
        hour: day + (8 + h) * HOUR,
        annotator_id: person,
        judgments: 60,
        active_ms: 40 * 60_000,
        gold_answered: 4,
        gold_correct: 3,
      })),
    );
    for (let i = 0; i < hours.length; i += 500)
      await database.db
        .insertInto("activity_hourly")
        .values(hours.slice(i, i + 500))
        .execute();
    await insertPresenceBuckets(
      database.db,
      days.flatMap((day) =>
        Array.from({ length: 32 }, (_, q) => ({
          userId: person,
          bucketStart: day + 8 * HOUR + q * 900_000,
          minutes: 15,
        })),
      ),
    );
  }
  await sql`analyze`.execute(database.db);
  for (let i = 0; i < 5; i++)
    await readScorecard(database.db, { person: { id: 1 + i }, weeks: 12, now: NOW, ownView: false });
  let start = performance.now();
  for (let i = 0; i < READS; i++)
    await readScorecard(database.db, { person: { id: 1 + (i % PEOPLE) }, weeks: 12, now: NOW, ownView: false });
  const readMs = (performance.now() - start) / READS;
  start = performance.now();
  for (let i = 0; i < BEATS; i++) await recordPresence(database.db, 1 + (i % PEOPLE), NOW + i * 1_000);
  const beatMicros = ((performance.now() - start) * 1000) / BEATS;
  process.stdout.write(
    `${database.dialect}: scorecard (12 weeks, 480 hourly rows + 1,920 presence buckets) ${readMs.toFixed(1)} ms per read (mean of ${READS}); heartbeat upsert ${beatMicros.toFixed(0)} µs (mean of ${BEATS})\n`,
  );
});
