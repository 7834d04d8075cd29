import { type LabelSchema, type LabelValue, rankingItems, schemaClasses } from "@quorum/core";
import { type ConfusionProfile, pick, type Random, randomInt } from "./annotator-model.js";

/** What an answer is drawn from: how often the annotator is right, and how they are wrong. */
export interface AnswerProfile {
  accuracy: number;
  confusion?: ConfusionProfile;
}

/** The option a multi-label schema uses for "no violation": exclusive of every other label. */
const NONE = "none";

/**
 * A plausible answer to one task, valid for the schema. With probability `accuracy` it is the
 * true answer; otherwise a typical mistake for the task type: another class (single choice), a
 * neighbouring grade (rating: mostly ±1), the other side or a tie (pairwise), a missed, extra or
 * swapped label (multi-label), one or two adjacent items swapped (ranking), a slightly edited text
 * (free text). A confusion row for the true class, when given, decides instead of `accuracy`.
 * `truth` must itself be valid for the schema (see `latentTruth` when it is unknown).
 */
export function simulateAnswer(
  schema: LabelSchema,
  task: { data: Record<string, unknown>; truth: LabelValue },
  profile: AnswerProfile,
  random: Random,
): LabelValue {
  switch (schema.type) {
    case "single_choice":
    case "rating":
    case "pairwise":
      return classAnswer(schema, task.truth, profile, random);
    case "multi_label":
      return multiLabelAnswer(schema, toList(task.truth), profile, random);
    case "ranking":
      return random() < profile.accuracy ? toList(task.truth) : noisyPermutation(toList(task.truth), random);
    case "free_text":
      return random() < profile.accuracy
        ? String(task.truth)
        : fitLength(editText(String(task.truth), random), schema.minLength, schema.maxLength);
  }
}

/**
 * A hidden "true" answer for a task with no gold, drawn from `random`. Seed `random` from the task
 * so that every simulated annotator judges the same truth and agreement looks real.
 */
export function latentTruth(schema: LabelSchema, data: Record<string, unknown>, random: Random): LabelValue {
  switch (schema.type) {
    case "single_choice": {
      // Real class distributions are skewed: the first options are the common ones.
      const weights = schema.options.map((_, index) => 1 / (index + 1));
      return schema.options[weightedIndex(weights, random)]!.value;
    }
    case "rating": {
      const span = schema.max - schema.min;
      const centred = Math.round(schema.min + span / 2 + (span / 4) * (random() + random() + random() - 1.5) * 2);
      return Math.min(schema.max, Math.max(schema.min, centred));
    }
    case "pairwise": {
      const draw = random();
      if (schema.allowTie && draw < 0.1) return "tie";
      return draw < 0.55 ? "left" : "right";
    }
    case "multi_label":
      return latentLabels(schema, random);
    case "ranking": {
      const items = rankingItems(schema, data);
      for (let i = items.length - 1; i > 0; i--) {
        const j = randomInt(random, i + 1);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    }
    case "free_text": {
      const text = Object.values(data).find((v): v is string => typeof v === "string" && v.trim().length > 0);
      const sentence = text ? `Summary: ${text.trim().split(/(?<=[.!?])\s/)[0]}` : "No issues found.";
      return fitLength(sentence, schema.minLength, schema.maxLength);
    }
  }
}

function toList(value: LabelValue): string[] {
  return Array.isArray(value) ? [...value] : [String(value)];
}

function weightedIndex(weights: readonly number[], random: Random): number {
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  let draw = random() * total;
  for (let i = 0; i < weights.length; i++) {
    draw -= Math.max(0, weights[i]!);
    if (draw < 0) return i;
  }
  return weights.length - 1;
}

/** Draws from a confusion row restricted to the schema's classes; undefined when there is no usable row. */
function fromConfusion(profile: AnswerProfile, truthKey: string, classes: readonly string[], random: Random) {
  const row = profile.confusion?.[truthKey];
  if (!row) return undefined;
  const weights = classes.map((c) => row[c] ?? 0);
  if (!weights.some((w) => w > 0)) return undefined;
  return classes[weightedIndex(weights, random)]!;
}

type ClassSchema = Extract<LabelSchema, { type: "single_choice" | "rating" | "pairwise" }>;

function classAnswer(schema: ClassSchema, truth: LabelValue, profile: AnswerProfile, random: Random): LabelValue {
  const classes = schemaClasses(schema) ?? [];
  const truthKey = String(truth);
  const answer =
    fromConfusion(profile, truthKey, classes, random) ??
    (random() < profile.accuracy ? truthKey : wrongClass(schema, truthKey, classes, random));
  return schema.type === "rating" ? Number(answer) : answer;
}

/** A wrong class with the weights typical of the task type. */
function wrongClass(schema: ClassSchema, truthKey: string, classes: readonly string[], random: Random): string {
  const others = classes.filter((c) => c !== truthKey);
  if (others.length === 0) return truthKey;
  let weights: number[];
  if (schema.type === "rating") {
    // Graders disagree by one step far more often than by two or more.
    weights = others.map((c) => {
      const distance = Math.abs(Number(c) - Number(truthKey));
      return distance === 1 ? 0.8 : distance === 2 ? 0.15 : 0.05 / distance;
    });
  } else if (schema.type === "pairwise") {
    // Picking the wrong side is the usual mistake; a lazy "tie" is the other one.
    weights = others.map((c) => (c === "tie" ? 0.35 : truthKey === "tie" ? 0.5 : 0.65));
  } else {
    weights = others.map(() => 1);
  }
  return others[weightedIndex(weights, random)]!;
}

type MultiLabelSchema = Extract<LabelSchema, { type: "multi_label" }>;

function latentLabels(schema: MultiLabelSchema, random: Random): string[] {
  const values = schema.options.map((o) => o.value);
  const labels = values.filter((v) => v !== NONE);
  let chosen: string[];
  const draw = random();
  if (values.includes(NONE) && draw < 0.55) chosen = [NONE];
  else if (labels.length > 1 && draw > 0.9) chosen = [pick(random, labels), pick(random, labels)];
  else chosen = labels.length > 0 ? [pick(random, labels)] : [];
  return fitSelection(schema, chosen, random);
}

function multiLabelAnswer(schema: MultiLabelSchema, truth: string[], profile: AnswerProfile, random: Random): string[] {
  const canonicalTruth = [...new Set(truth)].sort();
  if (profile.confusion) {
    // Each true label is read through its confusion row (a missing row means "seen correctly").
    const classes = schema.options.map((o) => o.value);
    const seen = canonicalTruth.map((label) => fromConfusion(profile, label, classes, random) ?? label);
    return fitSelection(schema, seen, random);
  }
  if (random() < profile.accuracy) return canonicalTruth;
  for (let attempt = 0; attempt < 8; attempt++) {
    const wrong = fitSelection(schema, perturbLabels(schema, canonicalTruth, random), random);
    if (wrong.join("\u0000") !== canonicalTruth.join("\u0000")) return wrong;
  }
  return canonicalTruth; // a schema with a single possible answer cannot be answered wrongly
}

/** One typical multi-label mistake: a missed label, a false alarm (often a sibling in the same group), or a swap. */
function perturbLabels(schema: MultiLabelSchema, truth: string[], random: Random): string[] {
  const real = truth.filter((v) => v !== NONE);
  const candidates = schema.options.filter((o) => o.value !== NONE && !real.includes(o.value));
  const siblingOf = (label: string) => {
    const group = schema.options.find((o) => o.value === label)?.group;
    const siblings = candidates.filter((o) => group !== undefined && o.group === group);
    return (siblings.length > 0 ? pick(random, siblings) : candidates.length > 0 ? pick(random, candidates) : undefined)
      ?.value;
  };
  if (real.length === 0) return candidates.length > 0 ? [pick(random, candidates).value] : [];
  const draw = random();
  if (draw < 0.4) {
    const dropped = randomInt(random, real.length);
    const kept = real.filter((_, i) => i !== dropped);
    return kept.length > 0 ? kept : [NONE];
  }
  const anchor = pick(random, real);
  const other = siblingOf(anchor);
  if (other === undefined) return real.slice(1).length > 0 ? real.slice(1) : [NONE];
  if (draw < 0.7) return [...real, other];
  return real.map((label) => (label === anchor ? other : label));
}

/** Sorted, unique, known labels within the schema's bounds; "none" only alone unless the bounds demand more. */
function fitSelection(schema: MultiLabelSchema, labels: readonly string[], random: Random): string[] {
  const known = new Set(schema.options.map((o) => o.value));
  let chosen = [...new Set(labels.filter((l) => known.has(l)))];
  if (chosen.length > 1) chosen = chosen.filter((l) => l !== NONE);
  if (chosen.length === 0 && known.has(NONE) && schema.minSelected <= 1 && schema.maxSelected >= 1) chosen = [NONE];
  while (chosen.length > schema.maxSelected) chosen.splice(randomInt(random, chosen.length), 1);
  if (chosen.length < schema.minSelected) {
    chosen = chosen.filter((l) => l !== NONE);
    const spare = schema.options.map((o) => o.value).filter((v) => v !== NONE && !chosen.includes(v));
    while (chosen.length < schema.minSelected && spare.length > 0)
      chosen.push(spare.splice(randomInt(random, spare.length), 1)[0]!);
    // A schema asking for more labels than there are besides "none" gets "none" too.
    if (chosen.length < schema.minSelected && known.has(NONE)) chosen.push(NONE);
  }
  return chosen.sort();
}

/** One or two swaps of adjacent items, always leaving a different order when there are two items or more. */
function noisyPermutation(truth: string[], random: Random): string[] {
  if (truth.length < 2) return truth;
  const order = [...truth];
  const swaps = random() < 0.3 ? 2 : 1;
  for (let s = 0; s < swaps; s++) {
    const i = randomInt(random, order.length - 1);
    [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
  }
  if (order.every((item, i) => item === truth[i])) [order[0], order[1]] = [order[1]!, order[0]!];
  return order;
}

const EDITS: readonly ((text: string) => string)[] = [
  (text) => text.replace(/[.!?]$/, ""),
  (text) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`,
  (text) =>
    text
      .split(" ")
      .slice(0, Math.max(1, Math.ceil(text.split(" ").length * 0.7)))
      .join(" "),
  (text) => `${text} (not sure)`,
];

function editText(text: string, random: Random): string {
  const edited = pick(random, EDITS)(text);
  return edited === text ? `${text} (not sure)` : edited;
}

/** Trims, cuts to `max` and pads to `min` without leaving whitespace at either end. */
function fitLength(text: string, min: number, max: number): string {
  let fitted = text.trim();
  if (fitted.length > max) fitted = fitted.slice(0, max).trimEnd();
  if (fitted.length < min) fitted = `${fitted}${".".repeat(min - fitted.length)}`;
  return fitted;
}
