import type { ImportIssue } from "./import-tasks.js";

/** What an import does with a task whose id repeats one in the file or one of the project's tasks. */
export type DuplicatePolicy = "reject" | "skip";
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ["reject", "skip"];

/** A task left out of an import (policy `skip`): its line, its id and why. */
export interface SkippedTask {
  line: number;
  id: string;
  reason: string;
}

/** Where an id was seen before: an earlier line of the file, or a stored task of the project. */
export type EarlierId = { kind: "line"; line: number } | { kind: "task"; taskId: number };

/** Why a task with this id is a duplicate, as the import reports it. */
export function duplicateReason(id: string, earlier: EarlierId): string {
  return earlier.kind === "line"
    ? `id "${id}" repeats line ${earlier.line}`
    : `id "${id}" already exists in this project (task #${earlier.taskId})`;
}

/**
 * What becomes of a task whose id was seen before: under `reject` it is a problem of the file
 * (path `id`), under `skip` it is left out and listed.
 */
export function duplicateOutcome(
  policy: DuplicatePolicy,
  line: number,
  id: string,
  earlier: EarlierId,
): { kind: "issue"; issue: ImportIssue } | { kind: "skip"; skipped: SkippedTask } {
  const reason = duplicateReason(id, earlier);
  return policy === "reject"
    ? { kind: "issue", issue: { line, path: "id", message: reason } }
    : { kind: "skip", skipped: { line, id, reason } };
}

/** The skipped tasks an import lists: all are counted, the first `limit` are listed. */
export class SkippedList {
  readonly listed: SkippedTask[] = [];
  count = 0;

  constructor(readonly limit: number) {}

  add(skipped: SkippedTask): void {
    this.count++;
    if (this.listed.length < this.limit) this.listed.push(skipped);
  }
}
