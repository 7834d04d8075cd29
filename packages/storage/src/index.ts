export * from "./database.js";
export * from "./database-backup.js";
export * from "./migrate.js";
export * from "./monitoring.js";
export {
  type AnnotatorQuality,
  CROWD_PRIOR_ID,
  getAnnotatorQuality,
} from "./repositories/annotator-quality.js";
export { findAssignment, listActiveLeases } from "./repositories/assignments.js";
export * from "./repositories/audit-log.js";
export type { AuditPlan } from "./repositories/audit-plans.js";
export * from "./repositories/budgets.js";
export { listBusinessUnits } from "./repositories/business-units.js";
export {
  appendLedgerRows,
  type LedgerRow,
  ledgerRowsBySource,
  type NewLedgerRow,
} from "./repositories/cost-ledger.js";
export * from "./repositories/cost-ledger-sums.js";
export * from "./repositories/cost-pools.js";
export * from "./repositories/cost-summary.js";
export * from "./repositories/credential-cache.js";
export type { ExamAnswer, ExamAttempt } from "./repositories/exam-attempts.js";
export { attemptsOf, getAttempt, listExamAttempts } from "./repositories/exam-attempts.js";
export { type Exam, examGoldTasks, getExam, listExams } from "./repositories/exams.js";
export * from "./repositories/export-tasks.js";
export { guidelineInForce, recertificationVersions } from "./repositories/guideline-recertification.js";
export * from "./repositories/guideline-translations.js";
export * from "./repositories/intake-requests.js";
export { answersAfter } from "./repositories/judgment-answers.js";
export * from "./repositories/login-throttle.js";
export * from "./repositories/oidc-flows.js";
export * from "./repositories/project-overview.js";
export * from "./repositories/projects.js";
export { listQualityActions } from "./repositories/quality-actions.js";
export { readQualityRollups } from "./repositories/quality-rollups.js";
export * from "./repositories/questions.js";
export {
  deleteRateCard,
  getRateCard,
  insertRateCard,
  listRateCards,
  type RateCardInput,
  type StoredRateCard,
  updateRateCard,
} from "./repositories/rate-cards.js";
export { listReviewItems, type ReviewItem } from "./repositories/review-items.js";
export * from "./repositories/savings.js";
export * from "./repositories/sessions.js";
export * from "./repositories/sso-identities.js";
export * from "./repositories/stats.js";
export {
  judgedTasksByStatus,
  rebuildAllTaskCounters,
  rebuildProjectTaskCounters,
  recountTaskCounters,
  storedTaskCounters,
  type TaskCounterSums,
} from "./repositories/task-counters.js";
export { posteriorProbabilities, type ReviewTask } from "./repositories/task-labels.js";
export { nextTaskQuery, queueClaimQuery } from "./repositories/task-queue.js";
export { getTaskDetail, judgmentsOfTask, listTasks } from "./repositories/tasks.js";
export {
  getTrainingModule,
  listTrainingModules,
  type TrainingModule,
} from "./repositories/training-modules.js";
export * from "./repositories/users.js";
export type * from "./schema.js";
export type * from "./schema-certification.js";
export type * from "./schema-cost.js";
export type * from "./schema-intake.js";
export * from "./task-status-sql.js";
export * from "./testing.js";
export * from "./transaction.js";
export * from "./use-cases/accept-intake.js";
export * from "./use-cases/allocate-cost-pools.js";
export * from "./use-cases/answer-exam-item.js";
export * from "./use-cases/answer-training-item.js";
export * from "./use-cases/assess-intake.js";
export * from "./use-cases/build-business-unit-report.js";
export * from "./use-cases/check-production-access.js";
export * from "./use-cases/claim-review.js";
export * from "./use-cases/clone-project.js";
export * from "./use-cases/close-pay-period.js";
export * from "./use-cases/copy-project-to-sandbox.js";
export * from "./use-cases/create-exam.js";
export * from "./use-cases/create-training-module.js";
export * from "./use-cases/decide-review.js";
export * from "./use-cases/draw-audit-plan.js";
export * from "./use-cases/end-lease.js";
export * from "./use-cases/enqueue-for-review.js";
export * from "./use-cases/erase-user.js";
export * from "./use-cases/evaluate-budgets.js";
export * from "./use-cases/explain-cost-change.js";
export * from "./use-cases/import-tasks.js";
export * from "./use-cases/lease-next-task.js";
export * from "./use-cases/list-annotator-certification.js";
export * from "./use-cases/list-audit-plans.js";
export * from "./use-cases/load-skill-grants.js";
export * from "./use-cases/next-exam-item.js";
export * from "./use-cases/raise-risk-alerts.js";
export * from "./use-cases/read-bottlenecks.js";
export * from "./use-cases/read-budget-status.js";
export * from "./use-cases/read-feasibility-pool.js";
export * from "./use-cases/read-guidelines.js";
export * from "./use-cases/read-own-today.js";
export * from "./use-cases/read-project-forecast.js";
export * from "./use-cases/read-project-signals.js";
export * from "./use-cases/read-training-module.js";
export * from "./use-cases/rebuild-quality-rollups.js";
export * from "./use-cases/reclaim-expired-leases.js";
export * from "./use-cases/record-cost-adjustment.js";
export { judgmentSourceKey } from "./use-cases/record-judgment-cost.js";
export * from "./use-cases/record-judgment-quality.js";
export * from "./use-cases/refit-project.js";
export * from "./use-cases/release-review.js";
export * from "./use-cases/release-work-of.js";
export * from "./use-cases/report-project-quality.js";
export * from "./use-cases/reverse-quality-action.js";
export * from "./use-cases/set-annotator-status.js";
export * from "./use-cases/set-guideline-recertification.js";
export * from "./use-cases/sign-in-with-sso.js";
export * from "./use-cases/start-exam-attempt.js";
export * from "./use-cases/submit-judgment.js";
export * from "./use-cases/undo-review.js";
export * from "./use-cases/update-quality-rollups.js";
export * from "./use-cases/update-user-account.js";
