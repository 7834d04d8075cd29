import type { Generated } from "kysely";
import type {
  ExamAnswersTable,
  ExamAttemptsTable,
  ExamsTable,
  TrainingAnswersTable,
  TrainingItemsTable,
  TrainingModulesTable,
  UserSkillsTable,
} from "./schema-certification.js";
import type { CostTables } from "./schema-cost.js";
import type { ExperimentTables } from "./schema-experiments.js";
import type { IntakeTables } from "./schema-intake.js";
import type { MonitoringTables } from "./schema-monitoring.js";
import type { PeopleTables } from "./schema-people.js";
import type { PerformanceTables } from "./schema-performance.js";
import type { RecruitmentTables } from "./schema-recruitment.js";
import type { ReportTables } from "./schema-reports.js";
import type { SupportTables } from "./schema-support.js";
import type { WellbeingTables } from "./schema-wellbeing.js";

/**
 * The tables, as Kysely sees them. Times are epoch milliseconds (bigint on PostgreSQL, parsed to
 * number), JSON is stored as text, booleans as 0/1, so both dialects read back the same values.
 * Every table that grows with work carries `project_id` in its key (see DESIGN.md "Scale").
 */
export interface DB
  extends MonitoringTables,
    CostTables,
    PerformanceTables,
    RecruitmentTables,
    PeopleTables,
    ReportTables,
    WellbeingTables,
    ExperimentTables,
    SupportTables,
    IntakeTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  sso_identities: SsoIdentitiesTable;
  oidc_flows: OidcFlowsTable;
  business_units: BusinessUnitsTable;
  projects: ProjectsTable;
  guideline_versions: GuidelineVersionsTable;
  guideline_translations: GuidelineTranslationsTable;
  batches: BatchesTable;
  tasks: TasksTable;
  assignments: AssignmentsTable;
  judgments: JudgmentsTable;
  activity_hourly: ActivityHourlyTable;
  activity_totals: ActivityTotalsTable;
  activity_folds: ActivityFoldsTable;
  quality_rollups: QualityRollupsTable;
  task_counters: TaskCountersTable;
  overlap_policy_changes: OverlapPolicyChangesTable;
  project_delivery_status: ProjectDeliveryStatusTable;
  audit_log: AuditLogTable;
  annotator_quality: AnnotatorQualityTable;
  quality_actions: QualityActionsTable;
  audit_plans: AuditPlansTable;
  review_items: ReviewItemsTable;
  questions: QuestionsTable;
  exams: ExamsTable;
  exam_attempts: ExamAttemptsTable;
  exam_answers: ExamAnswersTable;
  user_skills: UserSkillsTable;
  training_modules: TrainingModulesTable;
  training_items: TrainingItemsTable;
  training_answers: TrainingAnswersTable;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  languages: string;
  skills: string;
  vendor: string | null;
  status: string;
  created_at: number;
  /** Where the person works, for the fair-pay floor (fair_pay_floors.region); null when unknown. */
  region: Generated<string | null>;
  /** IANA time zone where the person works ("Europe/Vienna"); null means the workspace's zone. */
  time_zone: Generated<string | null>;
  /** JSON: proficiency per tag of `languages` (`{"de-AT": "native"}`); see core's LANGUAGE_LEVELS. */
  language_levels: Generated<string>;
  /** Core's `Tier` ('trainee' until the rules or a manager move the person; log in `tier_changes`). */
  tier: Generated<string>;
  /** 1: the password was set by someone else (invite, reset) and must be changed at sign-in. */
  password_change_required: Generated<number>;
}

/** The identity provider's account behind a user: (issuer, subject) is unique. */
export interface SsoIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: number;
  created_at: number;
  last_login_at: number;
}

/** A sign-in on its way through the identity provider; used once, expires after minutes. */
export interface OidcFlowsTable {
  /** SHA-256 of the secret in the browser's flow cookie. */
  secret_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  /** Path of our app to land on after signing in. */
  return_to: string;
  expires_at: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  token_hash: string;
  created_at: number;
  /** null only for tokens created before tokens expired. */
  expires_at: number | null;
}

/** Sign-in attempt counters (fixed windows), shared by every server process. */
export interface LoginThrottleTable {
  /** `account:<email>`, `address:<ip>` or `pair:<email> <ip>`. */
  key: string;
  window_start: number;
  attempts: number;
  /** Account keys in slow mode: when the next attempt may be evaluated (epoch ms). */
  next_at: Generated<number>;
}

export interface BusinessUnitsTable {
  id: Generated<number>;
  name: string;
  created_at: number;
}

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  description: string;
  business_unit_id: number | null;
  schema: string;
  requirements: string;
  overlap: number;
  priority: number;
  deadline: number | null;
  lease_seconds: number;
  review_lease_seconds: Generated<number>;
  guideline_version: number;
  sensitive: number;
  /** Harm category of new tasks (core's `HarmCategory`), null for benign projects. */
  harm_category: Generated<string | null>;
  /** JSON list of the harm marks its tasks carry (`none` for benign tasks). */
  harm_present: Generated<string>;
  /** JSON `MediaFilters`: blur, greyscale, mute by default. */
  harm_media: Generated<string>;
  status: string;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  /** JSON `GoldPolicy`: share of control tasks served, onboarding gold count. */
  gold_policy: Generated<string>;
  /** JSON `ReviewPolicy`: which tasks go to review as they become done; `{}` is off. */
  review_policy: Generated<string>;
  /** JSON `OverlapPolicy`: fixed, or dynamic between min and max until a confidence target. */
  overlap_policy: Generated<string>;
  /** JSON `QualityRules`: thresholds for automatic pause, retrain or flag. */
  quality_rules: Generated<string>;
}

export interface GuidelineVersionsTable {
  project_id: number;
  version: number;
  body: string;
  created_by: number | null;
  created_at: number;
  /** 1 when holders certified before this version must pass their exam again. */
  requires_recertification: Generated<number>;
}

/** A guideline version's text in one language (canonical BCP 47 tag); the version's body is the original. */
export interface GuidelineTranslationsTable {
  project_id: number;
  version: number;
  language: string;
  body: string;
  updated_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface BatchesTable {
  project_id: number;
  id: Generated<number>;
  name: string;
  priority: number;
  deadline: number | null;
  task_count: number;
  created_by: number | null;
  created_at: number;
  /** When the batch was cancelled (its unfinished tasks left the queue); null while it runs. */
  cancelled_at: Generated<number | null>;
  cancelled_by: Generated<number | null>;
}

export interface TasksTable {
  project_id: number;
  id: Generated<number>;
  batch_id: number;
  external_id: string | null;
  /** "" when the task has no language; otherwise it is served only to speakers of it. */
  language: string;
  data: string;
  gold: string | null;
  gold_explanation: string | null;
  priority: number;
  /** Deadline in epoch ms, or a far-future sentinel when none, so "earliest first" sorts alike on both dialects. */
  deadline_key: number;
  /** How many judgments the task needs (the overlap policy). */
  required: number;
  /** Active leases plus submitted judgments. */
  slots_taken: number;
  judgment_count: number;
  status: string;
  /** Harm category (core's `HarmCategory`), null for benign content; the lease skips exhausted ones. */
  harm: Generated<string | null>;
  /** The arm whose share of the queue holds the task in a running annotator experiment; 0: none. */
  queue_arm: Generated<number>;
  aggregate: string | null;
  confidence: number | null;
  /** JSON array of log-posterior scores per class (online truth inference), when the schema has classes. */
  posterior: string | null;
  created_at: number;
  updated_at: number;
}

export interface AssignmentsTable {
  project_id: number;
  id: Generated<number>;
  task_id: number;
  annotator_id: number;
  status: string;
  created_at: number;
  expires_at: number;
  finished_at: number | null;
  /** `ControlKind` of a control task's lease; null from the ordinary queue. */
  served_as: string | null;
}

export interface JudgmentsTable {
  project_id: number;
  id: Generated<number>;
  assignment_id: number;
  task_id: number;
  annotator_id: number;
  value: string;
  guideline_version: number;
  active_ms: number;
  client_key: string;
  gold_correct: number | null;
  created_at: number;
  /** accepted | rejected, by a review verdict, a gold answer or the aggregate; null while undecided. */
  verdict: Generated<string | null>;
  /** The reviewer; null when decided by the system (gold, aggregate). */
  verdict_by: Generated<number | null>;
  /** review | gold | aggregate */
  verdict_reason: Generated<string | null>;
  verdict_at: Generated<number | null>;
}

/** `activity_hourly` summed over all hours, per project and annotator (kept by triggers on it). */
export interface ActivityTotalsTable {
  project_id: number;
  annotator_id: number;
  judgments: Generated<number>;
  active_ms: Generated<number>;
  gold_answered: Generated<number>;
  gold_correct: Generated<number>;
}

/** A project's watermark: `activity_totals` hold its hours before `folded_until` (epoch ms, an hour boundary). */
export interface ActivityFoldsTable {
  project_id: number;
  folded_until: number;
}

export interface ActivityHourlyTable {
  project_id: number;
  hour: number;
  annotator_id: number;
  judgments: number;
  active_ms: number;
  gold_answered: number;
  gold_correct: number;
  /** Leases the annotator skipped, and leases that ran out, in the hour they ended. */
  skipped: Generated<number>;
  expired: Generated<number>;
}

/** Core's quality roll-up cells (`RollupCell`): the meaning of v1..v5 depends on the kind. */
/** Tasks of a project by status, kept by triggers on `tasks` (migration 20261201211000-task-counters). */
/** Each project's latest delivery verdict, from its forecast (migration 20261210020000-alert-wording-delivery-status). */
export interface ProjectDeliveryStatusTable {
  project_id: number;
  /** The forecast's `RiskLevel`. */
  level: string;
  /** The 85th-percentile finish (epoch ms); null: never, or no forecast date. */
  finish_p85: number | null;
  /** JSON `[{kind, language}]`: the risk register's entries. */
  risks: string;
  evaluated_at: number;
}

export interface TaskCountersTable {
  project_id: number;
  shard: number;
  /** The confidence target `confident` counts at; null on a row a trigger created before any rebuild. */
  target: number | null;
  tasks_open: Generated<number>;
  tasks_full: Generated<number>;
  tasks_done: Generated<number>;
  tasks_gold: Generated<number>;
  judged_open: Generated<number>;
  judged_full: Generated<number>;
  judged_done: Generated<number>;
  judged_gold: Generated<number>;
  confident_open: Generated<number>;
  confident_full: Generated<number>;
  confident_done: Generated<number>;
  confident_gold: Generated<number>;
  tasks_cancelled: Generated<number>;
  judged_cancelled: Generated<number>;
  confident_cancelled: Generated<number>;
  judgments_left: Generated<number>;
}

export interface QualityRollupsTable {
  project_id: number;
  kind: string;
  key: string;
  v1: number;
  v2: number;
  v3: number;
  v4: number;
  v5: number;
  /** Shard of the cell; a cell's value is the sum over its shards. */
  shard: Generated<number>;
}

export interface AuditLogTable {
  id: Generated<number>;
  project_id: number | null;
  actor_id: number | null;
  action: string;
  details: string;
  created_at: number;
}

export interface AnnotatorQualityTable {
  project_id: number;
  annotator_id: number;
  judgments: Generated<number>;
  gold_answered: Generated<number>;
  gold_correct: Generated<number>;
  /** Judgments faster than the project's minimum plausible time. */
  fast_answers: Generated<number>;
  /** JSON K×K Dirichlet counts (row: true class, column: answer), for online inference. */
  confusion: string | null;
  /** ok | paused | retrain | flagged */
  status: Generated<string>;
  status_reason: string | null;
  updated_at: number;
  /** JSON counts when the status last returned to ok; the automatic rules count from them. Null: from the start. */
  rule_base: string | null;
}

export interface QualityActionsTable {
  project_id: number;
  id: Generated<number>;
  annotator_id: number;
  action: string;
  reason: string;
  /** null when taken by an automatic rule. */
  actor_id: number | null;
  created_at: number;
  reversed_by: number | null;
  reversed_at: number | null;
}

export interface AuditPlansTable {
  project_id: number;
  id: Generated<number>;
  batch_id: number | null;
  margin: number;
  confidence: number;
  population: number;
  sample_size: number;
  created_by: number | null;
  created_at: number;
}

export interface ReviewItemsTable {
  project_id: number;
  id: Generated<number>;
  task_id: number;
  /** sample | disagreement | low_confidence | dispute */
  source: string;
  plan_id: number | null;
  /** pending | accepted | rejected | corrected */
  status: string;
  reviewer_id: number | null;
  reviewed_value: string | null;
  note: string | null;
  created_at: number;
  reviewed_at: number | null;
  /** JSON `PriorTaskState`: the task before the verdict, for an undo; null while pending. */
  prior_task: string | null;
  /** When the reviewer in `reviewer_id` claimed the pending item; null when unclaimed or decided. */
  claimed_at: number | null;
  /** When that claim runs out and any reviewer may take the item. */
  claim_expires_at: number | null;
  /** 1 when the project's review policy queued the item as its task became done, else 0. */
  by_policy: Generated<number>;
}

export interface QuestionsTable {
  project_id: number;
  id: Generated<number>;
  task_id: number | null;
  assignment_id: number | null;
  annotator_id: number;
  text: string;
  /** open | answered | resolved */
  status: string;
  /** The first staff answer (the thread's messages hold every reply). */
  answer: string | null;
  answered_by: number | null;
  created_at: number;
  answered_at: number | null;
  /** Heading of the guideline section the question is about; null when not given. */
  section: Generated<string | null>;
  /** The label (option) the annotator is unsure about; null when not given. */
  label: Generated<string | null>;
  assignee_id: Generated<number | null>;
  /** When the first staff answer is due (the support policy when asked). */
  due_at: Generated<number | null>;
  first_response_at: Generated<number | null>;
  resolved_at: Generated<number | null>;
}

/** A project's overlap-policy change, applied in the background (migration 20261210010000). */
export interface OverlapPolicyChangesTable {
  project_id: number;
  started_at: number;
  /** Keyset cursor: the tasks up to this id are checked under the current policy. */
  after_task_id: number;
  /** Unfinished tasks when the change (re)started. */
  total: number;
  checked: number;
  changed: number;
  settled: number;
  /** Times a newer change restarted it from the first task. */
  restarts: number;
  finished_at: number | null;
}
