export * from "./database.js";
export * from "./migrate.js";
export {
  type AnnotatorQuality,
  CROWD_PRIOR_ID,
  getAnnotatorQuality,
} from "./repositories/annotator-quality.js";
export * from "./repositories/assignments.js";
export type { AuditPlan } from "./repositories/audit-plans.js";
export * from "./repositories/export-tasks.js";
export * from "./repositories/guideline-translations.js";
export * from "./repositories/import-tasks.js";
export * from "./repositories/judgments.js";
export * from "./repositories/projects.js";
export { listQualityActions } from "./repositories/quality-actions.js";
export * from "./repositories/questions.js";
export { listReviewItems, type ReviewItem } from "./repositories/review-items.js";
export * from "./repositories/sessions.js";
export * from "./repositories/stats.js";
export { posteriorProbabilities, type ReviewTask } from "./repositories/task-labels.js";
export * from "./repositories/tasks.js";
export * from "./repositories/users.js";
export type * from "./schema.js";
export * from "./task-status-sql.js";
export * from "./testing.js";
export * from "./transaction.js";
export * from "./use-cases/claim-review.js";
export * from "./use-cases/decide-review.js";
export * from "./use-cases/draw-audit-plan.js";
export * from "./use-cases/enqueue-for-review.js";
export * from "./use-cases/list-audit-plans.js";
export * from "./use-cases/read-guidelines.js";
export * from "./use-cases/record-judgment-quality.js";
export * from "./use-cases/refit-project.js";
export * from "./use-cases/report-project-quality.js";
export * from "./use-cases/reverse-quality-action.js";
export * from "./use-cases/set-annotator-status.js";
export * from "./use-cases/undo-review.js";
