/** An annotator's standing in a project: working normally, or held back by an automatic or manual action. */
export type AnnotatorStatus = "ok" | "paused" | "retrain" | "flagged";

/** The action logged when a manager sets a status by hand (`ok` resumes the annotator). */
export function manualStatusAction(status: AnnotatorStatus): string {
  return status === "ok" ? "resume" : status;
}
