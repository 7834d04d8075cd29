import { type ErrorDetail, invalidInput } from "../errors.js";

/**
 * Which gold answers an annotator is shown after answering (the right answer and its explanation).
 * Feedback teaches, but on a hidden control it also tells the annotator the task was a control and
 * its answer, which colluders could pool into a list of the controls: off by default there.
 */
export interface GoldFeedbackPolicy {
  /** Control tasks served in onboarding (a newcomer's first tasks) and in retraining. */
  onboarding: boolean;
  /** Hidden controls: the share served among ordinary work, and gold tasks in the ordinary queue. */
  hidden: boolean;
}

/** Control tasks: a share of an annotator's work, and the first `onboarding` tasks of a newcomer. */
export interface GoldPolicy {
  /** Share of served tasks that are gold, 0 to 0.5. 0 with onboarding 0: gold tasks are ordinary tasks. */
  share: number;
  /** The first k tasks a new annotator gets in the project are gold. */
  onboarding: number;
  feedback: GoldFeedbackPolicy;
}

/**
 * Fixed overlap N, or dynamic: at least `min`, at most `max` judgments, until the leading label's
 * posterior reaches `target` or, when `minGain` is set, until another judgment is expected to
 * raise the task's accuracy by less than `minGain` (see `isSettled`).
 */
export type OverlapSetting =
  | { mode: "fixed" }
  | { mode: "dynamic"; min: number; max: number; target: number; minGain?: number };

/** When an annotator is paused, sent to retraining or flagged automatically. */
export interface QualityRules {
  /** Gold answers needed before accuracy rules apply. */
  minGoldAnswers: number;
  /** Act when the upper end of the 95% Wilson interval of gold accuracy falls below this. 0 disables. */
  minAccuracy: number;
  action: "pause" | "retrain" | "flag";
  /** Answers faster than this (active ms) count as too fast. 0 disables. */
  minActiveMs: number;
  /** Flag when more than this share of at least 20 answers is too fast. */
  maxFastShare: number;
}

export const DEFAULT_GOLD_POLICY: GoldPolicy = {
  share: 0,
  onboarding: 0,
  feedback: { onboarding: true, hidden: false },
};
/** Fixed overlap: every task needs the project's `overlap` judgments. */
export const DEFAULT_OVERLAP_SETTING: OverlapSetting = { mode: "fixed" };
export const DEFAULT_QUALITY_RULES: QualityRules = {
  minGoldAnswers: 10,
  minAccuracy: 0,
  action: "pause",
  minActiveMs: 0,
  maxFastShare: 0.5,
};

/** Where the console marks an annotator's gold accuracy as low when the project sets no minimum. */
export const LOW_ACCURACY_DEFAULT = 0.8;

/**
 * The gold accuracy under which an annotator is marked as low: the project's own minimum (the
 * bar its automatic rules act on), else `LOW_ACCURACY_DEFAULT`.
 */
export function lowAccuracyBar(rules: Pick<QualityRules, "minAccuracy">): number {
  return rules.minAccuracy > 0 ? rules.minAccuracy : LOW_ACCURACY_DEFAULT;
}

function record(raw: unknown): Record<string, unknown> {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

function numberIn(
  raw: unknown,
  path: string,
  min: number,
  max: number,
  fallback: number,
  errors: ErrorDetail[],
  integer = false,
): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== "number" || Number.isNaN(raw) || raw < min || raw > max || (integer && !Number.isInteger(raw))) {
    errors.push({ path, message: `must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}` });
    return fallback;
  }
  return raw;
}

function booleanOr(raw: unknown, path: string, fallback: boolean, errors: ErrorDetail[]): boolean {
  if (raw === undefined) return fallback;
  if (typeof raw !== "boolean") {
    errors.push({ path, message: "must be true or false" });
    return fallback;
  }
  return raw;
}

function done<T>(value: T, errors: ErrorDetail[], what: string): T {
  if (errors.length > 0) throw invalidInput(`The ${what} is not valid`, errors);
  return value;
}

export function parseGoldPolicy(raw: unknown, path = "goldPolicy"): GoldPolicy {
  const r = record(raw);
  const errors: ErrorDetail[] = [];
  const feedback = record(r.feedback);
  if (r.feedback !== undefined && feedback !== r.feedback)
    errors.push({ path: `${path}.feedback`, message: "must be an object {onboarding, hidden}" });
  const defaults = DEFAULT_GOLD_POLICY.feedback;
  return done(
    {
      share: numberIn(r.share, `${path}.share`, 0, 0.5, DEFAULT_GOLD_POLICY.share, errors),
      onboarding: numberIn(r.onboarding, `${path}.onboarding`, 0, 100, DEFAULT_GOLD_POLICY.onboarding, errors, true),
      feedback: {
        onboarding: booleanOr(feedback.onboarding, `${path}.feedback.onboarding`, defaults.onboarding, errors),
        hidden: booleanOr(feedback.hidden, `${path}.feedback.hidden`, defaults.hidden, errors),
      },
    },
    errors,
    "gold policy",
  );
}

/** `fallbackOverlap` is the project's fixed N, used for the dynamic defaults. */
export function parseOverlapSetting(raw: unknown, path = "overlapPolicy"): OverlapSetting {
  const r = record(raw);
  if (r.mode === undefined || r.mode === "fixed") return { ...DEFAULT_OVERLAP_SETTING };
  const errors: ErrorDetail[] = [];
  if (r.mode !== "dynamic") errors.push({ path: `${path}.mode`, message: "must be fixed or dynamic" });
  const min = numberIn(r.min, `${path}.min`, 1, 50, 2, errors, true);
  const max = numberIn(r.max, `${path}.max`, 1, 50, 5, errors, true);
  const target = numberIn(r.target, `${path}.target`, 0.5, 0.9999, 0.9, errors);
  if (max < min) errors.push({ path: `${path}.max`, message: "must be at least min" });
  if (r.minGain === undefined) return done({ mode: "dynamic", min, max, target }, errors, "overlap policy");
  const minGain = numberIn(r.minGain, `${path}.minGain`, 0.0001, 0.5, 0.05, errors);
  return done({ mode: "dynamic", min, max, target, minGain }, errors, "overlap policy");
}

export function parseQualityRules(raw: unknown, path = "qualityRules"): QualityRules {
  const r = record(raw);
  const errors: ErrorDetail[] = [];
  const action = r.action ?? DEFAULT_QUALITY_RULES.action;
  if (action !== "pause" && action !== "retrain" && action !== "flag")
    errors.push({ path: `${path}.action`, message: "must be pause, retrain or flag" });
  return done(
    {
      minGoldAnswers: numberIn(
        r.minGoldAnswers,
        `${path}.minGoldAnswers`,
        1,
        1000,
        DEFAULT_QUALITY_RULES.minGoldAnswers,
        errors,
        true,
      ),
      minAccuracy: numberIn(r.minAccuracy, `${path}.minAccuracy`, 0, 1, DEFAULT_QUALITY_RULES.minAccuracy, errors),
      action: action as QualityRules["action"],
      minActiveMs: numberIn(
        r.minActiveMs,
        `${path}.minActiveMs`,
        0,
        600_000,
        DEFAULT_QUALITY_RULES.minActiveMs,
        errors,
        true,
      ),
      maxFastShare: numberIn(r.maxFastShare, `${path}.maxFastShare`, 0, 1, DEFAULT_QUALITY_RULES.maxFastShare, errors),
    },
    errors,
    "quality rules",
  );
}

/** Whether gold tasks are served as controls (outside the regular queue). */
export function goldIsControl(policy: Pick<GoldPolicy, "share" | "onboarding">): boolean {
  return policy.share > 0 || policy.onboarding > 0;
}

/** A uniform number in [0, 1) from two integers (a hash, so the gold pattern cannot be read off the sequence). */
export function hashUniform(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * Whether the next task for this annotator should be a control task: always during onboarding
 * (their first `onboarding` tasks), then with probability `share`, drawn from a hash of the
 * annotator and their task count so it is reproducible but not predictable by the annotator.
 */
export function shouldServeGold(
  policy: Pick<GoldPolicy, "share" | "onboarding">,
  annotatorId: number,
  tasksServed: number,
): boolean {
  if (tasksServed < policy.onboarding) return true;
  return policy.share > 0 && hashUniform(annotatorId, tasksServed) < policy.share;
}

export interface ProjectPolicies {
  goldPolicy?: GoldPolicy;
  overlapPolicy?: OverlapSetting;
  qualityRules?: QualityRules;
}

/**
 * Parses whichever of the three policies are given, reporting the problems of all of them at
 * once (a form shows every bad field, not one policy at a time).
 */
export function parseProjectPolicies(raw: {
  goldPolicy?: unknown;
  overlapPolicy?: unknown;
  qualityRules?: unknown;
}): ProjectPolicies {
  const result: ProjectPolicies = {};
  const errors: ErrorDetail[] = [];
  const attempt = (run: () => void) => {
    try {
      run();
    } catch (error) {
      const details = (error as { details?: ErrorDetail[] }).details;
      if (!details) throw error;
      errors.push(...details);
    }
  };
  if (raw.goldPolicy !== undefined) attempt(() => (result.goldPolicy = parseGoldPolicy(raw.goldPolicy)));
  if (raw.overlapPolicy !== undefined) attempt(() => (result.overlapPolicy = parseOverlapSetting(raw.overlapPolicy)));
  if (raw.qualityRules !== undefined) attempt(() => (result.qualityRules = parseQualityRules(raw.qualityRules)));
  return done(result, errors, "quality-control settings");
}
