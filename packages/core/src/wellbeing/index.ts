export * from "./exposure-budget.js";
export * from "./harm.js";
export * from "./harmful-hours.js";
export * from "./local-day.js";
export * from "./who5.js";
export * from "./work-session.js";
