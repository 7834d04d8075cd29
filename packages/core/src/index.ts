export * from "./errors.js";
export * from "./roles.js";
export * from "./label-schema.js";
export * from "./aggregate/majority-vote.js";
export * from "./assignment/task-status.js";
export * from "./assignment/eligibility.js";
export * from "./formats/index.js";
export * from "./project.js";
