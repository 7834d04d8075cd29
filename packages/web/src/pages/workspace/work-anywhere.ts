import { anywhereLeaseCheck } from "../../api/body-check.js";
import { apiOptional } from "../../api/client.js";

/**
 * "Next task anywhere" mode: the annotator lets Quorum choose the project (the highest priority
 * first). The choice is kept for this browser tab, so a project that runs dry hands over to the next.
 */
const KEY = "quorum.work-anywhere";

export function workingAnywhere(): boolean {
  try {
    return window.sessionStorage?.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

export function setWorkingAnywhere(on: boolean): void {
  try {
    if (on) window.sessionStorage?.setItem(KEY, "1");
    else window.sessionStorage?.removeItem(KEY);
  } catch {
    // Storage refused: the mode lasts until the next page.
  }
}

/**
 * Leases the best task over every project the annotator may work on; the project to open, or
 * undefined when nothing is left anywhere. The lease is held: the labeling page resumes it.
 */
export async function leaseAnywhere(): Promise<number | undefined> {
  const next = await apiOptional("/assignments/next", { method: "POST", check: anywhereLeaseCheck });
  return next?.project.id;
}
