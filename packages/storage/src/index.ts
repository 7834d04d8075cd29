export * from "./database.js";
export * from "./database-backup.js";
export * from "./export-text.js";
export * from "./migrate.js";
export * from "./monitoring.js";
export * from "./pg-export-snapshot.js";
export { personHours } from "./repositories/activity-hourly.js";
export {
  type ActivityTotals,
  foldActivityTotals,
  rebuildActivityTotals,
  rebuildAllActivityTotals,
  recountActivityTotals,
  storedActivityTotals,
} from "./repositories/activity-totals.js";
export {
  type AnnotatorQuality,
  CROWD_PRIOR_ID,
  getAnnotatorQuality,
} from "./repositories/annotator-quality.js";
export * from "./repositories/appeals.js";
export { findAssignment, listActiveLeases } from "./repositories/assignments.js";
export * from "./repositories/audit-log.js";
export type { AuditPlan } from "./repositories/audit-plans.js";
export { type BatchSummary, listBatches } from "./repositories/batches.js";
export * from "./repositories/bonus-schemes.js";
export * from "./repositories/budgets.js";
export { listBusinessUnits } from "./repositories/business-units.js";
export * from "./repositories/campaigns.js";
export { claimStateAndQueueHeadQuery } from "./repositories/claim-state-with-queue-head.js";
export { type CoachingNote, insertCoachingNote } from "./repositories/coaching-notes.js";
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
export * from "./repositories/dataset-versions.js";
export type { ExamAnswer, ExamAttempt } from "./repositories/exam-attempts.js";
export { attemptsOf, getAttempt, listExamAttempts } from "./repositories/exam-attempts.js";
export { type Exam, examGoldTasks, getExam, listExams } from "./repositories/exams.js";
export * from "./repositories/experiments.js";
export * from "./repositories/export-tasks.js";
export { appendFunnelEvent, type FunnelEvent, listFunnelEvents } from "./repositories/funnel-events.js";
export { guidelineInForce, recertificationVersions } from "./repositories/guideline-recertification.js";
export * from "./repositories/guideline-translations.js";
export * from "./repositories/intake-requests.js";
export { answersAfter, answersAfterQuery } from "./repositories/judgment-answers.js";
export * from "./repositories/login-throttle.js";
export * from "./repositories/oidc-flows.js";
export {
  type OverlapPolicyChange,
  readOverlapPolicyChange,
  runningOverlapPolicyChanges,
} from "./repositories/overlap-policy-changes.js";
export { getPasswordToken as getPasswordTokenForTest } from "./repositories/password-tokens.js";
export { insertPresenceBuckets, recordPresence } from "./repositories/presence.js";
export * from "./repositories/project-delivery-status.js";
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
export * from "./repositories/referral-codes.js";
export * from "./repositories/report-schedules.js";
export { listReviewItems, type ReviewItem } from "./repositories/review-items.js";
export * from "./repositories/savings.js";
export * from "./repositories/sessions.js";
export * from "./repositories/sso-identities.js";
export * from "./repositories/stats.js";
export * from "./repositories/support-messages.js";
export * from "./repositories/support-settings.js";
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
export * from "./repositories/team-memberships.js";
export * from "./repositories/teams.js";
export { type TierChange, tierOf } from "./repositories/tiers.js";
export {
  getTrainingModule,
  listTrainingModules,
  type TrainingModule,
} from "./repositories/training-modules.js";
export * from "./repositories/users.js";
export * from "./repositories/vendors.js";
export * from "./repositories/wellbeing.js";
export * from "./repositories/workspace-settings.js";
export type * from "./schema.js";
export type * from "./schema-certification.js";
export type * from "./schema-cost.js";
export type * from "./schema-intake.js";
export type * from "./schema-people.js";
export type * from "./schema-recruitment.js";
export { groupCommitEnabled, sqliteBusyRetries } from "./sqlite-group-commit.js";
export {
  resetStatementTimings,
  type StatementTiming,
  statementTimings,
  stopStatementTimings,
  writeStatementTimings,
} from "./statement-timing.js";
export * from "./task-status-sql.js";
export * from "./testing.js";
export * from "./transaction.js";
export * from "./use-cases/accept-intake.js";
export * from "./use-cases/advance-overlap-policy-change.js";
export * from "./use-cases/allocate-cost-pools.js";
export * from "./use-cases/answer-exam-item.js";
export * from "./use-cases/answer-training-item.js";
export * from "./use-cases/ask-support-question.js";
export * from "./use-cases/assess-intake.js";
export * from "./use-cases/build-business-unit-report.js";
export * from "./use-cases/build-scheduled-report.js";
export * from "./use-cases/cancel-batch.js";
export * from "./use-cases/change-tier.js";
export * from "./use-cases/change-workspace-settings.js";
export * from "./use-cases/check-exposure.js";
export * from "./use-cases/check-production-access.js";
export * from "./use-cases/claim-review.js";
export * from "./use-cases/clone-project.js";
export * from "./use-cases/close-pay-period.js";
export * from "./use-cases/copy-project-to-sandbox.js";
export * from "./use-cases/create-exam.js";
export * from "./use-cases/create-training-module.js";
export * from "./use-cases/decide-appeal.js";
export * from "./use-cases/decide-review.js";
export * from "./use-cases/draw-audit-plan.js";
export * from "./use-cases/end-lease.js";
export * from "./use-cases/enqueue-for-review.js";
export * from "./use-cases/ensure-vendor-team.js";
export * from "./use-cases/erase-user.js";
export * from "./use-cases/evaluate-budgets.js";
export * from "./use-cases/experiment-placement.js";
export * from "./use-cases/explain-cost-change.js";
export * from "./use-cases/file-appeal.js";
export * from "./use-cases/has-queued-task-for.js";
export * from "./use-cases/import-people.js";
export * from "./use-cases/import-tasks.js";
export * from "./use-cases/invite-person.js";
export * from "./use-cases/lease-next-task.js";
export * from "./use-cases/lease-next-task-anywhere.js";
export * from "./use-cases/list-annotator-certification.js";
export * from "./use-cases/list-appealable.js";
export * from "./use-cases/list-audit-plans.js";
export * from "./use-cases/list-held-leases.js";
export * from "./use-cases/list-people.js";
export * from "./use-cases/load-skill-grants.js";
export * from "./use-cases/merge-teams.js";
export * from "./use-cases/merge-vendors.js";
export * from "./use-cases/move-person-to-team.js";
export * from "./use-cases/next-exam-item.js";
export * from "./use-cases/password-links.js";
export * from "./use-cases/place-person.js";
export * from "./use-cases/post-support-message.js";
export * from "./use-cases/raise-risk-alerts.js";
export * from "./use-cases/read-arm-pay.js";
export * from "./use-cases/read-bottlenecks.js";
export * from "./use-cases/read-budget-status.js";
export * from "./use-cases/read-capacity-plan.js";
export * from "./use-cases/read-coaching.js";
export * from "./use-cases/read-delivery-verdicts.js";
export * from "./use-cases/read-experiment-results.js";
export * from "./use-cases/read-feasibility-pool.js";
export * from "./use-cases/read-guidelines.js";
export * from "./use-cases/read-label-prices.js";
export * from "./use-cases/read-own-today.js";
export * from "./use-cases/read-pay-elasticity.js";
export * from "./use-cases/read-project-forecast.js";
export * from "./use-cases/read-project-signals.js";
export * from "./use-cases/read-recruitment-pool.js";
export * from "./use-cases/read-scorecard.js";
export * from "./use-cases/read-support-policy.js";
export * from "./use-cases/read-training-module.js";
export * from "./use-cases/read-wellbeing-state.js";
export * from "./use-cases/rebuild-quality-rollups.js";
export * from "./use-cases/reclaim-expired-leases.js";
export * from "./use-cases/record-cost-adjustment.js";
export * from "./use-cases/record-funnel-stage.js";
export { judgmentSourceKey } from "./use-cases/record-judgment-cost.js";
export * from "./use-cases/record-judgment-quality.js";
export * from "./use-cases/refit-project.js";
export * from "./use-cases/refresh-funnel.js";
export * from "./use-cases/release-review.js";
export * from "./use-cases/release-work-of.js";
export * from "./use-cases/report-project-quality.js";
export * from "./use-cases/report-recruitment-funnel.js";
export * from "./use-cases/reverse-quality-action.js";
export * from "./use-cases/reverse-tier-change.js";
export * from "./use-cases/save-team.js";
export * from "./use-cases/save-vendor.js";
export * from "./use-cases/schedule-batch.js";
export * from "./use-cases/set-annotator-status.js";
export * from "./use-cases/set-guideline-recertification.js";
export * from "./use-cases/set-task-gold.js";
export * from "./use-cases/settle-bonus-scheme.js";
export * from "./use-cases/sign-in-with-sso.js";
export * from "./use-cases/sign-up-for-campaign.js";
export * from "./use-cases/start-exam-attempt.js";
export * from "./use-cases/start-experiment.js";
export * from "./use-cases/submit-judgment.js";
export * from "./use-cases/undo-review.js";
export * from "./use-cases/update-project.js";
export * from "./use-cases/update-quality-rollups.js";
export * from "./use-cases/update-support-thread.js";
export * from "./use-cases/update-user-account.js";
