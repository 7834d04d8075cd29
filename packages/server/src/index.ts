export { API_ROUTES, createApp } from "./app.js";
export { hashPassword, randomPassword, verifyPassword } from "./auth/password.js";
export { ensureAdmin } from "./bootstrap.js";
export type { AppDeps } from "./context.js";
export { openApiDocument } from "./openapi.js";
export type { AssignmentView } from "./routes/assignments.js";
export type * from "./routes/exam-views.js";
export type * from "./routes/views.js";
