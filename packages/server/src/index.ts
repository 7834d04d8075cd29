export { createApp, API_ROUTES } from "./app.js";
export type { AppDeps } from "./context.js";
export { ensureAdmin } from "./bootstrap.js";
export { hashPassword, verifyPassword, randomPassword } from "./auth/password.js";
export { openApiDocument } from "./openapi.js";
export type { UserView, ProjectView } from "./routes/views.js";
export type { AssignmentView } from "./routes/assignments.js";
