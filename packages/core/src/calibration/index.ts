export * from "./annotator-status.js";
export * from "./assess-judgment.js";
export * from "./class-value.js";
export * from "./refit-labels.js";
