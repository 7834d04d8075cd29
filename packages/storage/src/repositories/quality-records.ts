// What lived here moved to use-cases/record-judgment-quality.ts and repositories/annotator-quality.ts.
// These re-exports keep repositories/judgments.ts and assignments.ts, refactored separately,
// compiling; drop them once those import the new homes.
export { recordJudgmentQuality } from "../use-cases/record-judgment-quality.js";
export { getAnnotatorQuality } from "./annotator-quality.js";
