import type SQLite from "better-sqlite3";

/**
 * Clears the value samples an `ANALYZE` leaves in `sqlite_stat4` (by hand, `PRAGMA optimize`, a
 * bench), keeping `sqlite_stat1`'s averages. better-sqlite3's SQLite is built with STAT4: with
 * samples of an index a statement may use, SQLite plans it with the values bound to it, and so
 * prepares it again at every run. The claim's read took 91 µs instead of 15 that way after an
 * `ANALYZE tasks` (hand timing on the HTTP bench's database). Quorum's statements are written
 * for plans from the indexes and the averages. Best effort: a database another process holds
 * locked keeps its samples until the next open.
 */
export function clearValueSamples(sqlite: SQLite.Database): void {
  try {
    const samples = sqlite.prepare("select name from sqlite_schema where name = 'sqlite_stat4'").get();
    if (!samples || !sqlite.prepare("select 1 from sqlite_stat4 limit 1").get()) return;
    // `analyze sqlite_schema` loads the statistics again, now without the samples.
    sqlite.exec("delete from sqlite_stat4; analyze sqlite_schema");
  } catch {
    // Locked or read-only: plans stay right, only slower to prepare.
  }
}
