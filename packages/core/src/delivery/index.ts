export * from "./bottlenecks.js";
export * from "./burndown.js";
export * from "./feasibility.js";
export * from "./pay-response.js";
export * from "./pool-simulation.js";
export * from "./project-risk.js";
export * from "./risk-register.js";
export * from "./straight-line-risk.js";
