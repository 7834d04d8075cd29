export { API_ROUTES, createApp } from "./app.js";
export { hashPassword, randomPassword, verifyPassword } from "./auth/password.js";
export { ensureAdmin } from "./bootstrap.js";
export type { AppDeps } from "./context.js";
export { createMailer, type Mailer } from "./monitoring/mailer.js";
export { createMonitoringWorker, type MonitoringWorker } from "./monitoring/monitoring-worker.js";
export { openApiDocument } from "./openapi.js";
export type { AssignmentView } from "./routes/assignments.js";
export type { ProjectView, UserView } from "./routes/views.js";
