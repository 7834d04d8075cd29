export * from "./label-investment.js";
export * from "./learning-curve.js";
