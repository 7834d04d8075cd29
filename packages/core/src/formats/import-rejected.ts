import { DomainError } from "../errors.js";
import type { ImportIssue, ImportPlace } from "./import-tasks.js";

/** An import lists at most this many problems; reading stops at the hundredth. */
export const MAX_LISTED_ERRORS = 100;

/** Where a record is in the file, as text: `line 14`, or `item 3 (line 1)` for a task of a Label Studio array. */
export function issuePlace(place: ImportPlace): string {
  return place.item === undefined ? `line ${place.line}` : `item ${place.item} (line ${place.line})`;
}

/** The place of a record (a task, an issue, a staged row) alone, to spread into what names it. */
export function placeOf(record: { item?: number | undefined; line: number }): ImportPlace {
  return record.item === undefined ? { line: record.line } : { item: record.item, line: record.line };
}

/** An import refused for problems in the file; nothing was written. Keeps the problems by line. */
export class ImportRejected extends DomainError {
  readonly problems: ImportIssue[];

  constructor(problems: ImportIssue[], message?: string) {
    const more = problems.length >= MAX_LISTED_ERRORS ? ` (only the first ${MAX_LISTED_ERRORS} are listed)` : "";
    super(
      "invalid_input",
      message ?? `The file has problems${more}; nothing was imported`,
      problems.map((p) => ({ path: `${issuePlace(p)}: ${p.path}`, message: p.message })),
    );
    this.problems = problems;
  }
}
