import type { ReviewItemView } from "@quorum/server";

/**
 * The i18n key naming where a review item came from. Items the project's review policy queued
 * (`byPolicy`, and any `sample` item without an audit plan: only the policy queues those) read as
 * the policy's ("Review policy: sample"), not as a manager's audit; the API's `source` is unchanged.
 */
export function reviewSourceKey(item: Pick<ReviewItemView, "source" | "planId" | "byPolicy">) {
  if (item.source !== "dispute" && (item.byPolicy || (item.source === "sample" && item.planId === null)))
    return `review.policySources.${item.source}` as const;
  return `review.sources.${item.source}` as const;
}
