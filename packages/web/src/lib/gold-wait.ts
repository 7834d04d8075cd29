import type { GoldFeedback } from "@quorum/server";
import type { SendOutcome } from "./judgment-sender.js";

/**
 * How long the labeling view waits for the server's answer to a submit before showing the next
 * task. The answer to a gold task carries its feedback: arriving within this time, it is shown
 * on the task it is about, before the next task replaces it; arriving later (a slow or lost
 * connection), it is shown beside the next task. Long enough for a round trip on a working
 * connection, short enough that the next task still follows Enter at once.
 */
export const GOLD_WAIT_MS = 250;

/**
 * The gold feedback in the first answer to a submit when that answer comes within `ms`; undefined
 * when it is not a gold task, the answer is not a success, or it is late.
 */
export function goldInTime(
  outcome: Promise<SendOutcome | undefined>,
  ms: number,
  timer: (callback: () => void, ms: number) => unknown = setTimeout,
): Promise<GoldFeedback | undefined> {
  return new Promise((resolve) => {
    timer(() => resolve(undefined), ms);
    outcome.then(
      (answer) => resolve(answer?.kind === "stored" ? answer.gold : undefined),
      () => resolve(undefined),
    );
  });
}
