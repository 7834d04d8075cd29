import { type LabelValue, labelKey } from "../label-schema.js";

export interface MajorityResult {
  /** The most frequent answer; ties go to the answer given first. */
  value: LabelValue;
  /** Share of judgments that gave `value`, in [0, 1]. */
  agreement: number;
  votes: number;
}

/**
 * Majority vote over the answers to one task. Assumes answers are already in canonical form
 * (see `validateLabelValue`), so equal labels have equal keys. Returns undefined for no answers.
 */
export function majorityVote(values: readonly LabelValue[]): MajorityResult | undefined {
  if (values.length === 0) return undefined;
  const counts = new Map<string, { value: LabelValue; count: number }>();
  for (const value of values) {
    const key = labelKey(value);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { value, count: 1 });
  }
  let best: { value: LabelValue; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  if (!best) return undefined;
  return { value: best.value, agreement: best.count / values.length, votes: values.length };
}
