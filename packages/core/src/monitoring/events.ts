import type { DatedText } from "../time/reader-dates.js";

/** The events told when tasks, and through them their batch and project, are finished. */
export const COMPLETION_EVENT_TYPES = ["task.completed", "batch.completed", "project.completed"] as const;

/** Everything Quorum tells webhooks (and, except single tasks, the console's live stream) about. */
export const EVENT_TYPES = [
  "task.completed",
  "batch.completed",
  "project.completed",
  "import.finished",
  "annotator.paused",
  "budget.threshold",
  "alert.raised",
  "alert.updated",
  "alert.resolved",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface AlertEventData {
  alertId: number;
  /** Null for an alert of a project's risk register. */
  monitorId: number | null;
  /** The risk register entry's kind (and language, as "pool_too_small:de") for a risk alert; null for a monitor's. */
  risk: string | null;
  monitorName: string;
  metric: string;
  scope: { projectId: number | null; vendor: string | null; language: string | null };
  value: number | null;
  expected: number | null;
  /** As written when raised: its days in the workspace's zone, in English. */
  message: string;
  /** The message with its days as instants, when it has any, for writing it in each reader's zone and locale. */
  messageParts?: DatedText;
  openedAt: string;
  /** When an open risk alert's sentence was last rewritten (its cause or figures moved); null or absent otherwise. */
  updatedAt?: string | null;
  resolvedAt: string | null;
}

/** The `data` of each event type (the envelope adds id, type, createdAt and projectId). */
export interface EventData {
  "task.completed": { taskId: number; batchId: number; externalId: string | null };
  "batch.completed": { batchId: number; name: string; taskCount: number };
  "project.completed": { name: string; tasksDone: number };
  "import.finished": { batchId: number; imported: number; actorId: number };
  "annotator.paused": { annotatorId: number; reason: string; automatic: boolean; actionId: number };
  "budget.threshold": {
    budgetId: number;
    threshold: number;
    currency: string;
    spent: number;
    limit: number;
    forecast: number | null;
  };
  "alert.raised": AlertEventData;
  /** An open risk alert reads otherwise: its cause or figures moved (`message` is the new text). */
  "alert.updated": AlertEventData;
  "alert.resolved": AlertEventData;
}

/** An event as webhooks receive it (the JSON body of the POST). */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  createdAt: string;
  projectId: number | null;
  data: EventData[T];
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** Events streamed to the console: all but single tasks (too many to be news). */
export function isConsoleEvent(type: EventType): boolean {
  return type !== "task.completed";
}
