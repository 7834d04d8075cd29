import type { ExportPiece } from "./export-text.js";
import type { PgExportSnapshot } from "./pg-export-snapshot.js";
import { connectInSnapshot } from "./repositories/export-tasks.js";
import { PgJsonlRangeReader, type RangeText } from "./repositories/pg-jsonl-lines.js";

/** Ranges asked of each connection ahead of the one being written: its next query waits on nothing. */
const AHEAD_PER_CONNECTION = 2;

/**
 * A PostgreSQL project's JSONL export, its lines rendered by the database: `connections`
 * connections in the export's snapshot each COPY ranges of tasks in turn, side by side, while
 * this thread only joins their bytes in file order.
 */
export async function* pgJsonlPieces(
  snapshot: PgExportSnapshot,
  projectId: number,
  onlyLabeled: boolean,
  connections: number,
): AsyncGenerator<ExportPiece> {
  const { ranges } = snapshot;
  const clients = await Promise.all(
    Array.from({ length: Math.max(1, Math.min(connections, ranges.length)) }, () =>
      connectInSnapshot(snapshot.settings, snapshot.snapshot),
    ),
  );
  const readers = clients.map((client) => new PgJsonlRangeReader(client, projectId, onlyLabeled));
  // Each connection reads its ranges one after another.
  const queues: Promise<unknown>[] = readers.map(() => Promise.resolve());
  const results = new Map<number, Promise<RangeText>>();
  try {
    let sent = 0;
    let tasks = 0;
    let judgments = 0;
    for (let written = 0; written < ranges.length; written++) {
      while (sent < ranges.length && sent - written < readers.length * AHEAD_PER_CONNECTION) {
        const { first, last } = ranges[sent]!;
        const which = sent % readers.length;
        const result = queues[which]!.then(() => readers[which]!.range(first, last));
        queues[which] = result.catch(() => {});
        results.set(sent++, result);
      }
      const done = await results.get(written)!;
      results.delete(written);
      tasks += done.tasks;
      judgments += done.judgments;
      yield { text: done.bytes, tasks, judgments };
    }
  } finally {
    // Rejections of ranges never awaited (the reader stopped early) are not errors.
    for (const result of results.values()) result.catch(() => {});
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}
