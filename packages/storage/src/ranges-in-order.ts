import type { ExportPiece } from "./export-text.js";

/** A range of an export file as UTF-8, with the tasks and judgments in it. */
export interface RangeText {
  bytes: Uint8Array;
  tasks: number;
  judgments: number;
  /** Hands the bytes back once written (see `ExportPiece.release`). */
  release?: () => void;
}

/** A range of a project's task ids, both ends included. */
export interface TaskRange {
  first: number;
  last: number;
}

/**
 * An export's text from ranges read side by side: `read` is asked for up to `lanes × ahead`
 * ranges beyond the one being written (the n-th range on lane n mod `lanes`), so no reader waits
 * on the writer, and their text is yielded in file order with the running counts. Yielded even
 * when a range is empty (tasks without judgments in a per-judgment CSV), so its counts go on.
 */
export async function* rangesInOrder(
  ranges: Iterator<TaskRange> | AsyncIterator<TaskRange>,
  lanes: number,
  ahead: number,
  read: (index: number, range: TaskRange) => Promise<RangeText>,
): AsyncGenerator<ExportPiece> {
  const results = new Map<number, Promise<RangeText>>();
  let sent = 0;
  let written = 0;
  let tasks = 0;
  let judgments = 0;
  let more = true;
  try {
    for (;;) {
      while (more && sent - written < lanes * ahead) {
        const next = await ranges.next();
        if (next.done) {
          more = false;
          break;
        }
        results.set(sent, read(sent, next.value));
        sent++;
      }
      if (written === sent) return;
      const done = await results.get(written)!;
      results.delete(written++);
      tasks += done.tasks;
      judgments += done.judgments;
      yield done.release
        ? { text: done.bytes, tasks, judgments, release: done.release }
        : { text: done.bytes, tasks, judgments };
    }
  } finally {
    await ranges.return?.(undefined);
    // Rejections of ranges never awaited (the reader stopped early) are not errors.
    for (const result of results.values()) result.catch(() => {});
  }
}
