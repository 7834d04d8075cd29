export * from "./apply-verdict.js";
export * from "./audit-accuracy.js";
export * from "./audit-draw.js";
export * from "./audit-sample-size.js";
export * from "./reservoir-sample.js";
export * from "./review-claim.js";
export * from "./review-items.js";
export * from "./undo-verdict.js";
