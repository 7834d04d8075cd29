import type { Generated } from "kysely";

/** Tables of support threads and appeals (migration 20261202040000-support); `questions` is in schema.ts. */
export interface SupportTables {
  support_messages: SupportMessagesTable;
  appeals: AppealsTable;
  support_settings: SupportSettingsTable;
}

/** A reply in a question's thread (the question's own text is its first message). */
export interface SupportMessagesTable {
  project_id: number;
  id: Generated<number>;
  question_id: number;
  author_id: number;
  body: string;
  created_at: number;
}

/**
 * An annotator's appeal of a judgment rejected by a review or a gold answer (one per judgment),
 * or of an automatic quality action (`quality_action_id`, no judgment nor task; one per action).
 */
export interface AppealsTable {
  project_id: number;
  id: Generated<number>;
  judgment_id: number | null;
  task_id: number | null;
  quality_action_id: number | null;
  annotator_id: number;
  /** review | gold | action */
  kind: string;
  reason: string;
  /** pending | upheld | rejected */
  status: string;
  filed_at: number;
  decide_due_at: number;
  decided_by: number | null;
  decided_at: number | null;
  decision_note: string | null;
}

/** Core's `SupportPolicy` fields; project 0 is the workspace. A null field falls through. */
export interface SupportSettingsTable {
  project_id: number;
  first_response_hours: number | null;
  appeal_file_days: number | null;
  appeal_decide_days: number | null;
  updated_by: number | null;
  updated_at: number;
}
