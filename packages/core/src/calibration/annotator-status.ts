import type { AnnotatorStatus } from "../project.js";

/** The action logged when a manager sets a status by hand (`ok` resumes the annotator). */
export function manualStatusAction(status: AnnotatorStatus): string {
  return status === "ok" ? "resume" : status;
}
