export * from "./rollup-cell.js";
export * from "./rollup-report.js";
export * from "./task-rollup.js";
