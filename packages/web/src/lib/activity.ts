import type { ProjectActivity } from "@quorum/server";

export type ActivityEntry =
  | { kind: "judgment"; id: string; at: number; who: string; taskId: number; value: unknown; activeMs: number }
  | { kind: "event"; id: string; at: number; who: string | null; text: string };

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const plural = (n: unknown, word: string) => `${String(n)} ${word}${n === 1 ? "" : "s"}`;

/** A logged event as a sentence ("imported 300 tasks (batch 4)"); actions it does not know keep their code. */
export function describeEvent(action: string, details: unknown): string {
  const d = record(details);
  switch (action) {
    case "project.create":
      return "created the project";
    case "project.update": {
      const fields = Object.keys(d);
      return fields.length > 0 ? `changed ${fields.join(", ")}` : "changed the settings";
    }
    case "tasks.import":
      return `imported ${plural(d.imported ?? 0, "task")}${d.batchId !== undefined ? ` (batch ${String(d.batchId)})` : ""}`;
    case "review.plan":
      return `drew an audit of ${plural(d.sampleSize ?? 0, "task")} from ${String(d.population ?? "?")} done`;
    case "review.enqueue":
      return `queued ${plural(d.enqueued ?? 0, "task")} for review (${String(d.source ?? "").replace("_", " ")})`;
    case "review.accept":
      return `accepted task #${String(d.taskId ?? "?")} in review`;
    case "review.reject":
      return `rejected task #${String(d.taskId ?? "?")} in review`;
    case "review.correct":
      return `corrected task #${String(d.taskId ?? "?")} in review`;
    case "quality.reverse":
      return `reversed a ${String(d.action ?? "quality")} action`;
    case "quality.status":
      return `set an annotator's status to ${String(d.status ?? "?").replace(/_/g, " ")}`;
    case "review.undo":
      return `undid a review verdict on task #${String(d.taskId ?? "?")}`;
    case "review.release":
      return `released task #${String(d.taskId ?? "?")} back to the review queue`;
    case "project.guidelines":
      return `published guidelines v${String(d.version ?? "?")}`;
    case "guidelines.translate":
      return `translated guidelines v${String(d.version ?? "?")} into ${String(d.language ?? "?")}`;
    case "guidelines.recertification":
      return d.required === false
        ? `dropped recertification for guidelines v${String(d.version ?? "?")}`
        : `required recertification for guidelines v${String(d.version ?? "?")}`;
    case "batch.schedule":
      return `rescheduled batch ${String(d.batchId ?? "?")}`;
    case "batch.cancel":
      return `cancelled batch ${String(d.batchId ?? "?")} (${plural(d.tasksCancelled ?? 0, "task")})`;
    case "data.export":
      return `exported the data${d.format !== undefined ? ` as ${String(d.format).toUpperCase()}` : ""}`;
    case "dataset_version.freeze":
      return `froze dataset version ${d.name !== undefined ? `"${String(d.name)}"` : String(d.id ?? "?")}${
        d.taskCount !== undefined ? ` (${plural(d.taskCount, "task")})` : ""
      }`;
    case "bonus_scheme.create":
      return `created bonus scheme ${String(d.id ?? "?")}`;
    case "bonus_scheme.settle":
      return `settled bonus scheme ${String(d.id ?? "?")}${d.rows !== undefined ? ` (${plural(d.rows, "payment")})` : ""}`;
    case "bonus_scheme.close":
      return `closed bonus scheme ${String(d.id ?? "?")}`;
    case "experiment.create":
      return `created experiment ${String(d.id ?? "?")}`;
    case "experiment.start":
      return `started experiment ${String(d.id ?? "?")}`;
    case "experiment.stop":
      return `stopped experiment ${String(d.id ?? "?")}`;
    case "appeal.file":
      return `filed an appeal${d.judgmentId !== undefined ? ` against judgment #${String(d.judgmentId)}` : ""}`;
    case "support.update":
      return d.status !== undefined
        ? `marked question #${String(d.questionId ?? "?")} ${String(d.status).replace(/_/g, " ")}`
        : `updated question #${String(d.questionId ?? "?")}`;
    default:
      return action;
  }
}

/**
 * Judgments and events in one list, newest first: the latest `judgments` judgments and the
 * latest `events` events, so a busy hour of labeling never hides the last import or review.
 */
export function activityFeed(activity: ProjectActivity, limits = { judgments: 10, events: 5 }): ActivityEntry[] {
  const entries: ActivityEntry[] = [
    ...activity.judgments.slice(0, limits.judgments).map(
      (j): ActivityEntry => ({
        kind: "judgment",
        id: `j${j.id}`,
        at: Date.parse(j.createdAt),
        who: j.annotatorName,
        taskId: j.taskId,
        value: j.value,
        activeMs: j.activeMs,
      }),
    ),
    ...activity.events.slice(0, limits.events).map(
      (e): ActivityEntry => ({
        kind: "event",
        id: `e${e.id}`,
        at: Date.parse(e.createdAt),
        who: e.actorName,
        text: describeEvent(e.action, e.details),
      }),
    ),
  ];
  return entries.sort((a, b) => b.at - a.at || a.id.localeCompare(b.id));
}

/** Who submitted in the last `windowMs` and how often, busiest first. */
export function workingNow(
  judgments: ProjectActivity["judgments"],
  now: number,
  windowMs = 3_600_000,
): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const j of judgments)
    if (now - Date.parse(j.createdAt) <= windowMs) counts.set(j.annotatorName, (counts.get(j.annotatorName) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
