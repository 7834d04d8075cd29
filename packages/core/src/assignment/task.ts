import type { LabelValue } from "../label-schema.js";
import type { HarmCategory } from "../wellbeing/harm.js";
import type { TaskStatus } from "./task-status.js";

/** What the answers so far say about a task: the leading label and how it was reached. */
export interface TaskAggregate {
  value: LabelValue;
  /** `majority`, `online-ds`, `dawid-skene`, `review`, ... */
  method: string;
  /** Share of the task's judgments that agree with `value`, when the method reports it. */
  agreement?: number;
}

/** One item to label, as stored. Times are epoch milliseconds. */
export interface Task {
  id: number;
  projectId: number;
  batchId: number;
  /** The id the task had in the customer's system, when the import gave one. */
  externalId: string | null;
  /** "" when the task has no language; otherwise it is served only to speakers of it (`taskLanguagesFor`). */
  language: string;
  data: Record<string, unknown>;
  /** The known answer of a gold task, in canonical form. */
  gold: LabelValue | null;
  goldExplanation: string | null;
  priority: number;
  /** The deadline, or `NO_DEADLINE` when none, so that "earliest first" sorts the same on every database. */
  deadlineKey: number;
  /** Judgments the task needs (the overlap policy). */
  required: number;
  /** Active leases plus submitted judgments. */
  slotsTaken: number;
  judgmentCount: number;
  status: TaskStatus;
  aggregate: TaskAggregate | null;
  confidence: number | null;
  /** Log-posterior score per class of the schema (online truth inference), when the schema has classes. */
  posterior: number[] | null;
  createdAt: number;
  updatedAt: number;
  /** Harm category (wellbeing); null or absent for benign content. */
  harm?: HarmCategory | null;
}
