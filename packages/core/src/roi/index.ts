export * from "./label-investment.js";
export * from "./learning-curve.js";
export * from "./project-roi.js";
