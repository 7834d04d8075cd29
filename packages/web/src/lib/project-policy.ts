import {
  DEFAULT_DYNAMIC_OVERLAP,
  DEFAULT_GOLD_POLICY,
  DEFAULT_QUALITY_RULES,
  DEFAULT_REVIEW_POLICY,
  type DynamicOverlap,
  type ErrorDetail,
  type GoldPolicy,
  type OverlapSetting,
  type Project,
  type QualityRules,
  type ReviewPolicy,
} from "@quorum/core";

/**
 * The quality-control part of the project form as typed (strings, percentages as people write
 * them), and its conversion to and from the API's policies (shares as fractions, times in ms).
 */
export interface PolicyForm {
  goldSharePercent: string;
  goldOnboarding: string;
  /** Show the gold answer after onboarding and retraining controls. */
  goldFeedbackOnboarding: boolean;
  /** Show the gold answer after hidden controls too. */
  goldFeedbackHidden: boolean;
  overlapMode: OverlapSetting["mode"];
  dynamicMin: string;
  dynamicMax: string;
  dynamicTargetPercent: string;
  minGoldAnswers: string;
  minAccuracyPercent: string;
  ruleAction: QualityRules["action"];
  minActiveSeconds: string;
  maxFastSharePercent: string;
  /** Review policy: percent of tasks sent to review as they become done. */
  reviewSamplePercent: string;
  /** Review policy: tasks done below this confidence (percent) are queued. */
  reviewConfidencePercent: string;
  reviewDisagreement: boolean;
}

type ProjectPolicies = Pick<Project, "goldPolicy" | "overlapPolicy" | "qualityRules" | "reviewPolicy">;

/** Trims float noise: 0.07 * 100 is 7.000000000000001. */
const show = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** The form for a project's policies; under fixed overlap the dynamic fields show core's defaults. */
export function policyFormFrom(project: ProjectPolicies): PolicyForm {
  const dynamic = project.overlapPolicy.mode === "dynamic" ? project.overlapPolicy : DEFAULT_DYNAMIC_OVERLAP;
  return {
    goldSharePercent: show(project.goldPolicy.share * 100),
    goldOnboarding: show(project.goldPolicy.onboarding),
    goldFeedbackOnboarding: project.goldPolicy.feedback.onboarding,
    goldFeedbackHidden: project.goldPolicy.feedback.hidden,
    overlapMode: project.overlapPolicy.mode,
    dynamicMin: show(dynamic.min),
    dynamicMax: show(dynamic.max),
    dynamicTargetPercent: show(dynamic.target * 100),
    minGoldAnswers: show(project.qualityRules.minGoldAnswers),
    minAccuracyPercent: show(project.qualityRules.minAccuracy * 100),
    ruleAction: project.qualityRules.action,
    minActiveSeconds: show(project.qualityRules.minActiveMs / 1000),
    maxFastSharePercent: show(project.qualityRules.maxFastShare * 100),
    reviewSamplePercent: show(project.reviewPolicy.sampleShare * 100),
    reviewConfidencePercent: show(project.reviewPolicy.confidenceThreshold * 100),
    reviewDisagreement: project.reviewPolicy.disagreement,
  };
}

/** A new project's form: core's defaults, fixed overlap. */
export const DEFAULT_POLICY_FORM: PolicyForm = policyFormFrom({
  goldPolicy: DEFAULT_GOLD_POLICY,
  overlapPolicy: { mode: "fixed" },
  qualityRules: DEFAULT_QUALITY_RULES,
  reviewPolicy: DEFAULT_REVIEW_POLICY,
});

/**
 * A typed number, or NaN for anything that is not one. Empty is NaN too: the server then answers
 * with the field's range, which is a better message than a silent default.
 */
function parse(text: string, scale = 1): number {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "" || !/^-?\d*\.?\d+$/.test(trimmed)) return Number.NaN;
  return Math.round(Number(trimmed) * scale * 1e9) / 1e9;
}

/** A policy as sent: a number that was not typed as one goes as null, for the server to name the field. */
type AsTyped<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] };
export interface PoliciesAsTyped {
  goldPolicy: AsTyped<GoldPolicy>;
  overlapPolicy: { mode: "fixed" } | AsTyped<DynamicOverlap>;
  qualityRules: AsTyped<QualityRules>;
  reviewPolicy: AsTyped<ReviewPolicy>;
}

/**
 * The policies to send. Values are not range-checked here: the server's checks are the single
 * source of truth and their messages come back per field (`goldPolicy.share` …). NaN is sent as
 * null so the server reports it as "must be a number".
 */
export function policiesFromForm(form: PolicyForm): PoliciesAsTyped {
  const n = (x: number) => (Number.isNaN(x) ? null : x);
  return {
    goldPolicy: {
      share: n(parse(form.goldSharePercent, 0.01)),
      onboarding: n(parse(form.goldOnboarding)),
      feedback: { onboarding: form.goldFeedbackOnboarding, hidden: form.goldFeedbackHidden },
    },
    overlapPolicy:
      form.overlapMode === "fixed"
        ? { mode: "fixed" }
        : {
            mode: "dynamic",
            min: n(parse(form.dynamicMin)),
            max: n(parse(form.dynamicMax)),
            target: n(parse(form.dynamicTargetPercent, 0.01)),
          },
    qualityRules: {
      minGoldAnswers: n(parse(form.minGoldAnswers)),
      minAccuracy: n(parse(form.minAccuracyPercent, 0.01)),
      action: form.ruleAction,
      minActiveMs: n(parse(form.minActiveSeconds, 1000)),
      maxFastShare: n(parse(form.maxFastSharePercent, 0.01)),
    },
    reviewPolicy: {
      sampleShare: n(parse(form.reviewSamplePercent, 0.01)),
      confidenceThreshold: n(parse(form.reviewConfidencePercent, 0.01)),
      disagreement: form.reviewDisagreement,
    },
  };
}

/** Fields the form shows in other units than the API: path → how to restate the server's bounds. */
const RESTATED: Record<string, { scale: number; unit: string }> = {
  "goldPolicy.share": { scale: 100, unit: "%" },
  "overlapPolicy.target": { scale: 100, unit: "%" },
  "qualityRules.minAccuracy": { scale: 100, unit: "%" },
  "qualityRules.maxFastShare": { scale: 100, unit: "%" },
  "qualityRules.minActiveMs": { scale: 0.001, unit: " s" },
  "reviewPolicy.sampleShare": { scale: 100, unit: "%" },
  "reviewPolicy.confidenceThreshold": { scale: 100, unit: "%" },
};

/**
 * The server's field messages in the form's units: "must be a number from 0 to 0.5" on
 * goldPolicy.share reads "must be a number from 0% to 50%". Other details pass unchanged.
 */
export function restateDetails(details: ErrorDetail[]): ErrorDetail[] {
  return details.map((d) => {
    const unit = RESTATED[d.path];
    if (!unit) return d;
    const message = d.message.replace(
      /from (-?[\d.]+) to (-?[\d.]+)/,
      (_m, low: string, high: string) =>
        `from ${show(Number(low) * unit.scale)}${unit.unit} to ${show(Number(high) * unit.scale)}${unit.unit}`,
    );
    return { ...d, message };
  });
}

/** One line describing the policy, for the project page header. */
export function describeOverlap(overlap: number, policy: OverlapSetting): string {
  if (policy.mode === "fixed") return `${overlap} ${overlap === 1 ? "judgment" : "judgments"} per task`;
  return `${policy.min}–${policy.max} judgments per task until ${show(policy.target * 100)}% sure`;
}

/** The gold policy in a few words for the project page header ("20% gold, first 1 task gold"); "" for none. */
export function describeGoldPolicy(policy: GoldPolicy): string {
  const parts = [
    ...(policy.share > 0 ? [`${Math.round(policy.share * 1000) / 10}% gold`] : []),
    ...(policy.onboarding > 0 ? [`first ${policy.onboarding} ${policy.onboarding === 1 ? "task" : "tasks"} gold`] : []),
    ...(policy.feedback.hidden ? ["answers shown after hidden checks"] : []),
  ];
  return parts.join(", ");
}
