export * from "./agreement-report.js";
export * from "./annotator-report.js";
export * from "./confusion-report.js";
export * from "./gold-trend.js";
export * from "./interval-estimate.js";
export * from "./label-distribution.js";
export * from "./quality-report.js";
export * from "./report-answer.js";
