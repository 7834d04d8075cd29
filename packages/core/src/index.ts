export * from "./errors.js";
export * from "./roles.js";
export * from "./label-schema.js";
export * from "./aggregate/majority-vote.js";
