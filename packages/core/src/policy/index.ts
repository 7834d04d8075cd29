export * from "./annotator-rules.js";
export * from "./gold-feedback.js";
export * from "./overlap.js";
export * from "./posterior-update.js";
export * from "./quality-policy.js";
export * from "./stopping-evidence.js";
