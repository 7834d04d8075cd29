export * from "./certification.js";
export * from "./exam-attempt-rules.js";
export * from "./exam-decision.js";
export * from "./exam-items.js";
export * from "./guideline-sections.js";
export * from "./retrain-exit.js";
export * from "./skill-grants.js";
export * from "./sprt.js";
