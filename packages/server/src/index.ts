export { type AdmissionLimits, DEFAULT_ADMISSION } from "./admission.js";
export { API_ROUTES, createApp } from "./app.js";
export {
  OIDC_CALLBACK_PATH,
  OIDC_ENVIRONMENT_HELP,
  type OidcConfig,
  parseOidcConfig,
} from "./auth/oidc-config.js";
export { hashPassword, randomPassword, verifyPassword } from "./auth/password.js";
export { ensureAdmin } from "./bootstrap.js";
export type { AppDeps } from "./context.js";
export { createMailer, type Mailer } from "./monitoring/mailer.js";
export { createMonitoringWorker, type MonitoringWorker } from "./monitoring/monitoring-worker.js";
export { openApiDocument } from "./openapi.js";
export { createOverlapPolicyWorker, type OverlapPolicyWorker } from "./overlap-policy-worker.js";
export { createReportScheduler, nextRunAt, type ReportScheduler, runReport } from "./reports/report-scheduler.js";
export type { AssignmentView } from "./routes/assignments.js";
export type { CapacityView } from "./routes/capacity.js";
export type * from "./routes/cost-views.js";
export type * from "./routes/exam-views.js";
export type * from "./routes/experiment-views.js";
export type { DeliveryStatusView, ProjectForecastView } from "./routes/forecast.js";
export type { IntakeRequestView } from "./routes/intake.js";
export type { MonitorList, MonitorView } from "./routes/monitors.js";
export type { AuthConfigView } from "./routes/oidc.js";
export type * from "./routes/people-views.js";
export type { PersonEligibilityResponse } from "./routes/project-eligibility.js";
export type * from "./routes/recruitment-views.js";
export type * from "./routes/scorecard-views.js";
export type * from "./routes/support-views.js";
export type * from "./routes/views.js";
export type {
  CheckinSummaryView,
  WellbeingPersonView,
  WellbeingSettingsView,
  WellbeingStateView,
} from "./routes/wellbeing.js";
