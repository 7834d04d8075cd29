export * from "./burndown.js";
export * from "./project-risk.js";
export * from "./straight-line-risk.js";
