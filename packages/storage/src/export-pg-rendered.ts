import { CSV_COLUMN_SAMPLE, csvDataFields, csvHeader, type ExportTask } from "@quorum/core";
import type pg from "pg";
import type { ExportPiece } from "./export-text.js";
import type { PgExportSnapshot } from "./pg-export-snapshot.js";
import { rangesInOrder } from "./ranges-in-order.js";
import { connectInSnapshot, PgTaskRangeReader } from "./repositories/export-tasks.js";
import { PgCsvRangeReader, sqlCanReadFields } from "./repositories/pg-csv-lines.js";
import { PgJsonlRangeReader, type RangeText } from "./repositories/pg-jsonl-lines.js";

/** Ranges asked of each connection ahead of the one being written: its next query waits on nothing. */
const AHEAD_PER_CONNECTION = 2;

interface RangeReader {
  range(first: number, last: number): Promise<RangeText>;
}

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
  const clients = await connectAll(snapshot, connections);
  try {
    const readers = clients.map((client) => new PgJsonlRangeReader(client, projectId, onlyLabeled));
    yield* piecesOf(snapshot, readers);
  } finally {
    await endAll(clients);
  }
}

/**
 * A PostgreSQL project's per-judgment CSV export rendered by the database, as `pgJsonlPieces`;
 * the header's data columns from the snapshot's first tasks. Undefined (nothing read) when the
 * database cannot read those columns as JavaScript does: the caller renders it another way.
 */
export async function pgCsvPieces(
  snapshot: PgExportSnapshot,
  projectId: number,
  onlyLabeled: boolean,
  connections: number,
): Promise<AsyncGenerator<ExportPiece> | undefined> {
  const clients = await connectAll(snapshot, connections);
  let fields: string[];
  try {
    fields = csvDataFields(await firstTasks(clients[0]!, snapshot, projectId, onlyLabeled));
  } catch (error) {
    await endAll(clients);
    throw error;
  }
  if (!sqlCanReadFields(fields)) {
    await endAll(clients);
    return undefined;
  }
  return (async function* () {
    try {
      yield { text: csvHeader({ per: "judgment" }, fields), tasks: 0, judgments: 0 };
      const readers = clients.map((client) => new PgCsvRangeReader(client, projectId, onlyLabeled, fields));
      yield* piecesOf(snapshot, readers);
    } finally {
      await endAll(clients);
    }
  })();
}

/** The first `CSV_COLUMN_SAMPLE` tasks exported, in the snapshot, as `streamProjectTasks` gives them. */
async function firstTasks(
  client: pg.Client,
  snapshot: PgExportSnapshot,
  projectId: number,
  onlyLabeled: boolean,
): Promise<ExportTask[]> {
  const reader = new PgTaskRangeReader(client, projectId, onlyLabeled);
  const head: ExportTask[] = [];
  for (const { first, last } of snapshot.ranges) {
    for (const task of await reader.tasks(first, last)) {
      head.push(task);
      if (head.length >= CSV_COLUMN_SAMPLE) return head;
    }
  }
  return head;
}

function connectAll(snapshot: PgExportSnapshot, connections: number): Promise<pg.Client[]> {
  const count = Math.max(1, Math.min(connections, snapshot.ranges.length));
  return Promise.all(Array.from({ length: count }, () => connectInSnapshot(snapshot.settings, snapshot.snapshot)));
}

async function endAll(clients: pg.Client[]): Promise<void> {
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
}

/** The ranges' text in file order, each connection reading its ranges one after another. */
function piecesOf(snapshot: PgExportSnapshot, readers: RangeReader[]): AsyncGenerator<ExportPiece> {
  const queues: Promise<unknown>[] = readers.map(() => Promise.resolve());
  return rangesInOrder(snapshot.ranges.values(), readers.length, AHEAD_PER_CONNECTION, (index, { first, last }) => {
    const lane = index % readers.length;
    const result = queues[lane]!.then(() => readers[lane]!.range(first, last));
    queues[lane] = result.catch(() => {});
    return result;
  });
}
