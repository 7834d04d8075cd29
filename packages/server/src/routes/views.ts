import type {
  AnnotatorStatus,
  DomainErrorCode,
  ErrorDetail,
  ImportIssue as ImportProblem,
  Judgment,
  Project,
  Role,
  SkippedTask,
  TaskStatus,
  User,
} from "@quorum/core";
import { TIERS } from "@quorum/core";
import type {
  AuditPlan,
  AuditPlanSummary,
  annotatorToday,
  enqueueForReview,
  GuidelineTranslation,
  GuidelineVersion,
  getTaskDetail,
  listQualityActions,
  listTasks,
  OverlapPolicyChange,
  ProjectStats,
  projectQuality,
  projectTaskCounts,
  ReviewItem,
  ReviewWork,
  readReviewPolicyOutcome,
  recentActivity,
  refitProject,
  SubmitResult,
  TaskGold,
  UndoneReview,
} from "@quorum/storage";
import type { AssignmentView } from "./assignments.js";
import type { BatchView } from "./batches.js";
import type { DeliveryStatusView } from "./forecast.js";
import type { ReportRunView, ReportScheduleView } from "./report-schedules.js";
import type { ThreadView } from "./support-views.js";

/** A user as the API shows them: never the password hash. */
export function userView(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    languages: user.languages,
    /** CEFR level (A1…C2) or native per tag of `languages`; unrated tags are absent. */
    languageLevels: user.languageLevels ?? {},
    skills: user.skills,
    vendor: user.vendor,
    region: user.region ?? null,
    /** IANA zone; null: UTC. The person's "today" follows it. */
    timeZone: user.timeZone ?? null,
    status: user.status,
    /** Workforce tier (`trainee` < `standard` < `expert`); nobody ranked yet is a trainee. */
    tier: user.tier ?? TIERS[0],
    /** The password was set by someone else: the person must change it before anything else. */
    passwordChangeRequired: user.passwordChangeRequired === true,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}
export type UserView = ReturnType<typeof userView>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A project as staff see it: an annotator's view and the settings that say how work is checked. */
export function projectView(project: Project) {
  return {
    ...annotatorProjectView(project),
    reviewLeaseSeconds: project.reviewLeaseSeconds,
    goldPolicy: project.goldPolicy,
    overlapPolicy: project.overlapPolicy,
    qualityRules: project.qualityRules,
    reviewPolicy: project.reviewPolicy,
  };
}
export type ProjectView = ReturnType<typeof projectView>;

/**
 * `GET|PATCH /projects/{id}` for those who manage or read projects: the project, with its latest
 * overlap-policy change (null: none) and how far the background work applying it has come.
 */
export function projectDetailView(project: Project, change: OverlapPolicyChange | undefined) {
  return {
    ...projectView(project),
    overlapPolicyChange: change
      ? {
          state: change.state,
          checked: change.checked,
          total: change.total,
          changed: change.changed,
          settled: change.settled,
          startedAt: new Date(change.startedAt).toISOString(),
          finishedAt: iso(change.finishedAt),
        }
      : null,
  };
}
export type ProjectDetailView = ReturnType<typeof projectDetailView>;

/**
 * A project as an annotator sees it: what labeling needs, and nothing of how their work is checked
 * (gold share and feedback, the automatic quality rules' thresholds, review sampling, dynamic
 * overlap's target, the review lease): knowing that no work is sampled, or the handling time below
 * which an answer counts as too fast, tells a person how to get past the checks. Fields are listed,
 * not removed, so a new setting stays with staff until someone decides annotators need it.
 */
export function annotatorProjectView(project: Project) {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    businessUnit: project.businessUnit,
    schema: project.schema,
    requirements: project.requirements,
    overlap: project.overlap,
    priority: project.priority,
    deadline: iso(project.deadline),
    leaseSeconds: project.leaseSeconds,
    guidelineVersion: project.guidelineVersion,
    sensitive: project.sensitive,
    harm: project.harm,
    status: project.status,
    createdAt: iso(project.createdAt),
    updatedAt: iso(project.updatedAt),
  };
}
export type AnnotatorProjectFields = ReturnType<typeof annotatorProjectView>;

/** The project as the caller may see it: an annotator's view, or the whole project for staff. */
export function projectViewFor(role: Role, project: Project): AnnotatorProjectFields | ProjectView {
  return role === "annotator" ? annotatorProjectView(project) : projectView(project);
}

/*
 * Response bodies, for clients that `import type` them (the web app). Each is derived from what
 * the route sends: a view function above, or the storage function whose result the route passes
 * on, with the epoch-ms fields the route turns into ISO 8601 strings restated as strings.
 */

/** What a storage function resolves to. */
type Resolved<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
/** T with the epoch-ms fields K sent as ISO 8601 strings (a nullable time stays nullable). */
type IsoTimes<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };
/** T with fields K never null: storage's shared `iso` helper types every time as nullable, even of NOT NULL columns. */
type Present<T, K extends keyof T> = Omit<T, K> & { [P in K]: NonNullable<T[P]> };

/** Every error's code: the domain's codes, and `internal` for a logged 500 (see errors.ts). */
export type ErrorCode = DomainErrorCode | "internal";
/** The body of every failed call. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

/** `POST /auth/login`, `GET /auth/me`, `GET|PATCH /users/{id}`, `POST /users` with a password. */
export interface UserResponse {
  user: UserView;
}
/** `POST /users`: without a password, also the one-time link for the person to set theirs. */
export interface CreatedUserResponse extends UserResponse {
  /** `link` is null when it was e-mailed. */
  passwordLink?: { link: string | null; emailed: boolean; expiresAt: string };
}
/** `GET /users`. */
export interface UserList {
  users: UserView[];
}
/** `GET /users/role-counts`: people who can work (not deactivated or erased) per role. */
export interface UserRoleCounts {
  counts: Record<Role, number>;
}

export type TaskCounts = Resolved<typeof projectTaskCounts>;
/**
 * One project in `GET /projects` as staff see it: with its task counts, pending reviews, the last
 * 24 hours' judgments and latest delivery verdict.
 */
export type StaffProjectView = ProjectView & {
  tasks: TaskCounts;
  reviews: { pending: number };
  judgments: { lastDay: number };
  /** Null before the project's first forecast. */
  delivery: DeliveryStatusView | null;
};
/** An annotator's own figures in one project today. */
export type AnnotatorToday = Omit<Resolved<typeof annotatorToday>[number], "projectId">;
/**
 * One project in `GET /projects` as an annotator sees it: what is left (`remaining`, for everyone;
 * `available`, whether a task is there for this annotator now), and their own figures today.
 */
export type AnnotatorProjectView = AnnotatorProjectFields & {
  tasks: { total: number; remaining: number; available: boolean };
  today: AnnotatorToday;
};
/** `GET /projects` for staff (`projects.read`). */
export interface StaffProjectList {
  projects: StaffProjectView[];
}
/** `GET /projects` for an annotator: the active projects they are eligible for. */
export interface AnnotatorProjectList {
  projects: AnnotatorProjectView[];
}

/** `POST /projects/{id}/guidelines`. */
export type GuidelineVersionView = IsoTimes<GuidelineVersion, "createdAt">;
/** One version in `GET /projects/{id}/guidelines`: translated into the asked language when it could be. */
export type LocalizedGuidelineVersionView = GuidelineVersionView & {
  /** The translation shown as `body`; null when `body` is the original. */
  translation: { language: string; updatedAt: string } | null;
};
/** `GET /projects/{id}/guidelines[?language=]`. */
export interface GuidelinesResponse {
  current: number;
  /** The language asked for (canonical BCP 47), or null. */
  language: string | null;
  versions: LocalizedGuidelineVersionView[];
}
/** A guideline version's text in one language. */
export type GuidelineTranslationView = IsoTimes<GuidelineTranslation, "createdAt" | "updatedAt">;
/** `GET /projects/{id}/guidelines/{version}/translations`. */
export interface GuidelineTranslationList {
  translations: GuidelineTranslationView[];
}
/** `POST /projects/{id}/guidelines/{version}/translations`. */
export interface GuidelineTranslationResponse {
  translation: GuidelineTranslationView;
}

/** `POST /projects/{id}/assignments/next` when there is a task (204 when there is none). */
export interface LeaseResponse {
  assignment: AssignmentView;
}
/** `POST /assignments/next` (next task anywhere) when there is a task (204 when there is none). */
export interface AnywhereLeaseResponse {
  assignment: AssignmentView;
  project: AnnotatorProjectFields;
}
/** `GET /projects/{id}/assignments`. */
export interface LeaseList {
  assignments: AssignmentView[];
}
/** Whether a gold answer was right, with the answer and its explanation. */
export type GoldFeedback = NonNullable<SubmitResult["gold"]>;
/** `POST /assignments/{id}/judgment`. */
export interface JudgmentResponse {
  judgment: IsoTimes<Omit<Judgment, "annotatorId" | "clientKey" | "projectId" | "goldCorrect">, "createdAt">;
  gold?: GoldFeedback;
}

export type { ImportProblem };

/** `POST /projects/{id}/imports` when every line was imported. */
export interface ImportResponse {
  imported: number;
  errors: ImportProblem[];
  batchId: number;
  /** Tasks left out as duplicates under `duplicates=skip` (the first 100). */
  skipped: SkippedTask[];
  skippedCount: number;
}
/** `POST /projects/{id}/imports` refused (400): nothing was imported; the problems by line. */
export type ImportRefusal = ErrorBody & { imported: 0; errors: ImportProblem[] };

/** `GET /projects/{id}/stats`: `daily` in the local days of `timeZone`. */
export type ProjectStatsView = Omit<ProjectStats, "timeline"> & {
  timeline: { hour: string; judgments: number }[];
  timeZone: string;
  daily: { day: string; start: string; judgments: number }[];
};
export type AnnotatorStatsView = ProjectStats["annotators"][number];

/** One row of `GET /projects/{id}/tasks` (the status column holds only core's TaskStatus values). */
export type TaskRowView = Omit<Resolved<typeof listTasks>[number], "status"> & { status: TaskStatus };
export interface TaskPage {
  tasks: TaskRowView[];
  next: number | null;
}
/** `PUT` and `DELETE /projects/{id}/tasks/{taskId}/gold`: the task's gold answer as it now stands. */
export type TaskGoldView = TaskGold;
/** `GET /projects/{id}/tasks/{taskId}`. */
export type TaskDetail = TaskRowView & Pick<NonNullable<Resolved<typeof getTaskDetail>>, "judgmentList">;

type RawQualityReport = Resolved<typeof projectQuality>;
/** One annotator of the quality report (the status column holds only AnnotatorStatus values). */
export type AnnotatorQualityView = Omit<RawQualityReport["annotators"][number], "status"> & { status: AnnotatorStatus };
/** `GET /projects/{id}/quality`. */
export type QualityReport = Omit<RawQualityReport, "annotators"> & { annotators: AnnotatorQualityView[] };
export type AgreementRowView = NonNullable<QualityReport["agreement"]["overall"]>;
/** A proportion with its Wilson interval; `estimate` is null when `n` is 0. */
export type IntervalEstimate = QualityReport["goldAccuracy"];
/** `POST /projects/{id}/quality/refit`. */
export type RefitResult = Resolved<typeof refitProject>;
type QualityActionRow = Resolved<typeof listQualityActions>[number];
/** One action in `GET /projects/{id}/quality/actions`; `automatic` when no person took it. */
export interface QualityActionView {
  id: QualityActionRow["id"];
  annotatorId: QualityActionRow["annotator_id"];
  annotatorName: QualityActionRow["name"];
  action: QualityActionRow["action"];
  reason: QualityActionRow["reason"];
  automatic: boolean;
  createdAt: string;
  reversedAt: string | null;
}
export interface QualityActionList {
  actions: QualityActionView[];
}

/** One question in `GET /projects/{id}/questions`. */
export type QuestionView = ThreadView;
export interface QuestionList {
  questions: QuestionView[];
  /** The next page's `before`, or null on the last page. */
  nextBefore: number | null;
  /** How many questions match on every page together. */
  total: number;
}
/** `GET /projects/{id}/activity`. */
type RawActivity = Resolved<typeof recentActivity>;
export interface ProjectActivity {
  judgments: Present<RawActivity["judgments"][number], "createdAt">[];
  events: Present<RawActivity["events"][number], "createdAt">[];
}

/** An audit plan as the review routes show it. */
export type AuditPlanView = IsoTimes<Omit<AuditPlan, "projectId">, "createdAt">;
/** `POST /projects/{id}/audits`: the plan, and the sample size the margin asked for. */
export interface CreatedAudit {
  plan: AuditPlanView & { requiredSampleSize: number };
}
/** `GET /projects/{id}/audits/{planId}`, and each plan of `GET /projects/{id}/audits`. */
export type AuditSummaryView = Omit<AuditPlanSummary, "plan"> & { plan: AuditPlanView };
export interface AuditList {
  plans: AuditSummaryView[];
  /** What the project's review policy has done (items it queued, the accuracy its sample estimates). */
  reviewPolicy: Resolved<typeof readReviewPolicyOutcome>;
}
/** `POST /projects/{id}/reviews/enqueue`. */
export type EnqueueResult = Resolved<typeof enqueueForReview>;
export type ReviewItemView = IsoTimes<ReviewItem, "createdAt" | "reviewedAt" | "claimedAt" | "claimExpiresAt">;
/** `GET /projects/{id}/reviews`. */
export interface ReviewItemPage {
  items: ReviewItemView[];
  next: number | null;
}
/** `POST /projects/{id}/reviews/next` when an item was claimed (204 when the queue is empty). */
export interface ReviewWorkView {
  item: ReviewItemView;
  task: ReviewWork["task"];
  judgments: IsoTimes<ReviewWork["judgments"][number], "createdAt">[];
}
/** `POST /reviews/{id}/undo`: the item to decide anew, and the verdict and note taken back. */
export type UndoneReviewView = ReviewWorkView & { undone: UndoneReview["undone"] };
/** `POST /projects/{id}/reviews/{itemId}/release`: the item, unclaimed. */
export interface ReviewRelease {
  item: ReviewItemView;
}
/** `POST /reviews/{id}`. */
export interface ReviewDecision {
  item: ReviewItemView;
}

export type { BatchView, ReportRunView, ReportScheduleView };
/** `GET /projects/{id}/batches`. */
export interface BatchList {
  batches: BatchView[];
}
/** `GET /report-schedules`. */
export interface ReportScheduleList {
  schedules: ReportScheduleView[];
  businessUnits: { id: number; name: string }[];
}
/** `GET /report-schedules/{id}/runs` and `GET /me/reports`. */
export interface ReportRunList {
  runs: ReportRunView[];
}
/** `GET /workspace/settings`. */
export interface WorkspaceSettingsView {
  timeZone: string;
  /** ISO 4217: the default of the console's money forms (USD until an admin sets one). */
  currency: string;
}
