import { issuePlace, placeOf } from "./import-rejected.js";
import type { ImportIssue, ImportPlace } from "./import-tasks.js";

/** What an import does with a task whose id repeats one in the file or one of the project's tasks. */
export type DuplicatePolicy = "reject" | "skip";
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ["reject", "skip"];

/** A task left out of an import (policy `skip`): where it is, its id and why. */
export interface SkippedTask extends ImportPlace {
  id: string;
  reason: string;
}

/** Where an id was seen before: an earlier task of the file (its place), or a stored task of the project. */
export type EarlierId = ({ kind: "line" } & ImportPlace) | { kind: "task"; taskId: number };

/** Why a task with this id is a duplicate, as the import reports it. */
export function duplicateReason(id: string, earlier: EarlierId): string {
  return earlier.kind === "line"
    ? `id "${id}" repeats ${issuePlace(earlier)}`
    : `id "${id}" already exists in this project (task #${earlier.taskId})`;
}

/**
 * What becomes of a task whose id was seen before: under `reject` it is a problem of the file
 * (path `id`), under `skip` it is left out and listed.
 */
export function duplicateOutcome(
  policy: DuplicatePolicy,
  place: ImportPlace,
  id: string,
  earlier: EarlierId,
): { kind: "issue"; issue: ImportIssue } | { kind: "skip"; skipped: SkippedTask } {
  const reason = duplicateReason(id, earlier);
  return policy === "reject"
    ? { kind: "issue", issue: { ...placeOf(place), path: "id", message: reason } }
    : { kind: "skip", skipped: { ...placeOf(place), id, reason } };
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
