import { CSV_COLUMN_SAMPLE, csvDataFields, type ExportTask } from "@quorum/core";
import type { PgExportSnapshot } from "./pg-export-snapshot.js";
import { connectInSnapshot, PgTaskRangeReader } from "./repositories/export-range-readers.js";

/**
 * A PostgreSQL CSV export's data columns, from its first `CSV_COLUMN_SAMPLE` tasks as the
 * export's snapshot sees them (the rows are read in it too), as `csvDataFields` takes them.
 */
export async function pgCsvDataFields(
  snapshot: PgExportSnapshot,
  projectId: number,
  onlyLabeled: boolean,
): Promise<string[]> {
  const client = await connectInSnapshot(snapshot.settings, snapshot.snapshot);
  try {
    const reader = new PgTaskRangeReader(client, projectId, onlyLabeled);
    const head: ExportTask[] = [];
    for await (const { first, last } of snapshot.ranges()) {
      for (const task of await reader.tasks(first, last)) head.push(task);
      if (head.length >= CSV_COLUMN_SAMPLE) break;
    }
    return csvDataFields(head);
  } finally {
    await client.end();
  }
}
