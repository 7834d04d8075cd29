export * from "./backlog.js";
export * from "./capacity.js";
export * from "./capacity-plan.js";
export * from "./eta.js";
export * from "./ets.js";
export * from "./ets-forecast.js";
export * from "./nelder-mead.js";
export * from "./rolling-origin.js";
