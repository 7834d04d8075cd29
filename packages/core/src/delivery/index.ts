export * from "./burndown.js";
export * from "./project-risk.js";
export * from "./straight-line-risk.js";
export * from "./feasibility.js";
export * from "./pool-simulation.js";
export * from "./bottlenecks.js";
export * from "./risk-register.js";
