export * from "./event-visibility.js";
export * from "./people-scope.js";
export * from "./project-access.js";
export * from "./report-schedule-access.js";
export * from "./team-access.js";
