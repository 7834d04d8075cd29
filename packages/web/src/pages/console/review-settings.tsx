import type { ErrorDetail } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { Field } from "../../components/field.js";
import type { PolicyForm } from "../../lib/project-policy.js";

/**
 * The project form's "Review" section: how long a reviewer's claim lasts, and the review policy
 * that sends finished tasks to the reviewers' queue (sample, low confidence, disagreement).
 */
export function ReviewSettings({
  leaseMinutes,
  onLeaseMinutes,
  policy,
  onChange,
  details,
}: {
  leaseMinutes: string;
  onLeaseMinutes: (minutes: string) => void;
  policy: PolicyForm;
  onChange: (patch: Partial<PolicyForm>) => void;
  details: ErrorDetail[];
}) {
  const { t } = useTranslation();
  return (
    <section className="card form-section" aria-labelledby="review-settings-title">
      <h2 id="review-settings-title">{t("console.form.review")}</h2>
      <Field label={t("console.form.reviewLeaseMinutes")} details={details} path="reviewLeaseSeconds">
        {(control) => (
          <input
            {...control}
            type="number"
            name="reviewLease"
            min={1}
            value={leaseMinutes}
            onChange={(e) => onLeaseMinutes(e.target.value)}
          />
        )}
      </Field>
      <div className="inline-fields">
        <Field label={t("console.form.reviewSample")} details={details} path="reviewPolicy.sampleShare">
          {(control) => (
            <input
              {...control}
              type="number"
              name="reviewSample"
              min={0}
              max={100}
              step={0.5}
              value={policy.reviewSamplePercent}
              onChange={(e) => onChange({ reviewSamplePercent: e.target.value })}
            />
          )}
        </Field>
        <Field label={t("console.form.reviewConfidence")} details={details} path="reviewPolicy.confidenceThreshold">
          {(control) => (
            <input
              {...control}
              type="number"
              name="reviewConfidence"
              min={0}
              max={100}
              value={policy.reviewConfidencePercent}
              onChange={(e) => onChange({ reviewConfidencePercent: e.target.value })}
            />
          )}
        </Field>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          name="reviewDisagreement"
          checked={policy.reviewDisagreement}
          onChange={(e) => onChange({ reviewDisagreement: e.target.checked })}
        />
        {t("console.form.reviewDisagreement")}
      </label>
      <small className="field-hint">{t("console.form.reviewHint")}</small>
    </section>
  );
}
