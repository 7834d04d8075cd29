import type { ExportPiece } from "./export-text.js";
import type { PgExportSnapshot } from "./pg-export-snapshot.js";
import { rangesInOrder } from "./ranges-in-order.js";
import { connectInSnapshot } from "./repositories/export-tasks.js";
import { PgJsonlRangeReader } from "./repositories/pg-jsonl-lines.js";

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
  try {
    yield* rangesInOrder(ranges.values(), readers.length, AHEAD_PER_CONNECTION, (index, { first, last }) => {
      const lane = index % readers.length;
      const result = queues[lane]!.then(() => readers[lane]!.range(first, last));
      queues[lane] = result.catch(() => {});
      return result;
    });
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}
