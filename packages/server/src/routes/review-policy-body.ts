import { z } from "zod";

const share = (what: string) =>
  z
    .number({ error: "must be a number from 0 to 1" })
    .min(0, { error: "must be from 0 to 1" })
    .max(1, { error: "must be from 0 to 1" })
    .optional()
    .describe(what);

/** The review policy as sent to POST and PATCH /projects (core's `ReviewPolicy`). */
export const ReviewPolicyBody = z
  .strictObject({
    sampleShare: share(
      "share of tasks sent to review (source `sample`) as they become done, 0 to 1; a random draw as each task is finished, so those labeling cannot tell which tasks will be checked (default 0: none)",
    ),
    confidenceThreshold: share(
      "a task that becomes done with its confidence (agreement share or posterior of the aggregate) below this is queued as `low_confidence`, 0 to 1 (default 0: never)",
    ),
    disagreement: z
      .boolean()
      .optional()
      .describe(
        "queue a task that becomes done with at least two judgments that are not all the same label, as `disagreement` (default false)",
      ),
  })
  .describe(
    "which tasks go to the reviewers' queue on their own as they become done (gold tasks never; a task already pending review is not queued twice). Off by default",
  );
export type ReviewPolicyBody = z.infer<typeof ReviewPolicyBody>;
