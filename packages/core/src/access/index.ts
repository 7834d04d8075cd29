export * from "./people-scope.js";
export * from "./project-access.js";
