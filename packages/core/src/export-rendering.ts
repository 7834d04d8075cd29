/**
 * `@quorum/core/export-rendering`: what an export's worker threads need (rendering a task's
 * export text, checking the stored values they read), without the rest of core. Each worker holds
 * the modules it loads in a heap of its own, and core as a whole (the password checker's
 * dictionaries among it) was about 5 MiB of heap per worker.
 */
export { TASK_STATUSES } from "./assignment/task-status.js";
export { taskText } from "./formats/export-file.js";
export { isLabelValue } from "./label-schema.js";
export { REVIEW_SOURCES, REVIEW_STATUSES } from "./review/review-items.js";
