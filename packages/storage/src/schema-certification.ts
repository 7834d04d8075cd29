import type { Generated } from "kysely";

/** An exam: a sequential test on a project's gold tasks that grants `skill` at `level`. */
export interface ExamsTable {
  project_id: number;
  id: Generated<number>;
  name: string;
  skill: string;
  level: number;
  p0: number;
  p1: number;
  alpha: number;
  beta: number;
  max_items: number;
  /** How long after a failed attempt the next may start. */
  retry_delay_ms: number;
  /** How long a pass keeps the skill. */
  validity_ms: number;
  /** 1 when each answer is told right or wrong (with the answer and explanation); 0 by default. */
  feedback: number;
  /** The project's guideline version when the exam was written. */
  guideline_version: number;
  created_by: number | null;
  created_at: number;
}

export interface ExamAttemptsTable {
  project_id: number;
  id: Generated<number>;
  exam_id: number;
  annotator_id: number;
  /** in_progress | passed | failed */
  status: string;
  /** Seeds the order of `items`. */
  seed: number;
  /** JSON array of the attempt's task ids, in the order they are asked. */
  items: string;
  /** How many of `items` have been shown (the current one included). */
  served: number;
  /** When the current item was first shown. */
  served_at: number | null;
  answered: number;
  correct: number;
  started_at: number;
  decided_at: number | null;
  /** Paid time: the active time credited for the attempt's answers. */
  active_ms: number;
}

export interface ExamAnswersTable {
  project_id: number;
  id: Generated<number>;
  attempt_id: number;
  /** Index in the attempt's `items`. */
  position: number;
  task_id: number;
  value: string;
  correct: number;
  active_ms: number;
  at: number;
}

/** A skill granted to a person at a level: one row per level, renewed by each pass. */
export interface UserSkillsTable {
  user_id: number;
  skill: string;
  level: number;
  granted_at: number;
  expires_at: number;
  /** exam */
  source: string;
  exam_id: number | null;
  project_id: number | null;
}

/** Training: one guideline section and a few practice tasks with hints. */
export interface TrainingModulesTable {
  project_id: number;
  id: Generated<number>;
  title: string;
  guideline_version: number;
  /** The section's heading. */
  section: string;
  /** The section's Markdown, copied when the module was made. */
  body: string;
  created_by: number | null;
  created_at: number;
}

export interface TrainingItemsTable {
  project_id: number;
  module_id: number;
  task_id: number;
  position: number;
  hint: string;
}

export interface TrainingAnswersTable {
  project_id: number;
  module_id: number;
  annotator_id: number;
  task_id: number;
  value: string;
  correct: number;
  at: number;
}
