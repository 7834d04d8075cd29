import type { AuditList, AuditSummaryView, CreatedAudit, EnqueueResult } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { Link } from "../../components/router.js";
import { ErrorBanner, PageLoading, ProgressBar } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { auditProgress, describePlan, plannedSample } from "../../lib/audit.js";
import { formatInterval } from "../../lib/quality.js";
import { ReviewPolicyOutcome } from "./review-policy-outcome.js";
import { useApi } from "./use-api.js";

/**
 * Audits: draw a sampling plan sized to estimate accuracy within ±margin at a confidence, follow
 * each plan's accepted accuracy as reviewers decide, and queue disputed or unsure tasks for review.
 */
export function AuditsPanel({ projectId, doneTasks }: { projectId: number; doneTasks: number }) {
  const { t } = useTranslation();
  const plans = useApi<AuditList>(`/projects/${projectId}/audits`);
  return (
    <section className="card" aria-labelledby="audits-title">
      <div className="section-head">
        <h2 id="audits-title">{t("review.audits")}</h2>
        <span className="muted">{t("console.audits.intro")}</span>
        <span className="topbar-spacer" />
        <Link to={{ name: "review", projectId }} className="btn btn-small">
          {t("console.audits.openQueue")}
        </Link>
      </div>
      <div className="audits">
        <div className="audit-tools">
          <PlanForm projectId={projectId} doneTasks={doneTasks} onCreated={plans.reload} />
          <EnqueueForm projectId={projectId} />
        </div>
        <div className="audit-plans">
          {plans.error && <ErrorBanner error={plans.error} onRetry={plans.reload} />}
          {!plans.data ? (
            <PageLoading />
          ) : plans.data.plans.length === 0 ? (
            <p className="muted">{t("console.audits.none")}</p>
          ) : (
            <PlanTable plans={plans.data.plans} />
          )}
          {plans.data && <ReviewPolicyOutcome outcome={plans.data.reviewPolicy} />}
        </div>
      </div>
    </section>
  );
}

function PlanForm({
  projectId,
  doneTasks,
  onCreated,
}: {
  projectId: number;
  doneTasks: number;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [margin, setMargin] = useState("2");
  const [confidence, setConfidence] = useState("0.95");
  const [batch, setBatch] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedAudit["plan"] | undefined>();
  const size = plannedSample(Number(margin), Number(confidence), doneTasks);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setCreated(undefined);
    try {
      const batchId = batch.trim() === "" ? undefined : Number(batch);
      const { plan } = await api<CreatedAudit>(`/projects/${projectId}/audits`, {
        method: "POST",
        body: { margin: Number(margin) / 100, confidence: Number(confidence), ...(batchId ? { batchId } : {}) },
      });
      setCreated(plan);
      onCreated();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="audit-form" onSubmit={submit} aria-label={t("console.audits.new")}>
      <h3>{t("console.audits.new")}</h3>
      <div className="inline-fields">
        <Field label={t("console.audits.margin")}>
          {(control) => (
            <input
              {...control}
              type="number"
              name="margin"
              min={0.5}
              max={50}
              step={0.5}
              value={margin}
              onChange={(e) => setMargin(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("console.tasks.confidence")}>
          {(control) => (
            <select {...control} name="confidence" value={confidence} onChange={(e) => setConfidence(e.target.value)}>
              <option value="0.9">90%</option>
              <option value="0.95">95%</option>
              <option value="0.99">99%</option>
            </select>
          )}
        </Field>
        <Field label={t("console.audits.batch")}>
          {(control) => (
            <input
              {...control}
              type="number"
              name="batch"
              min={1}
              placeholder={t("console.audits.all")}
              value={batch}
              onChange={(e) => setBatch(e.target.value)}
            />
          )}
        </Field>
      </div>
      <p className="audit-size" data-testid="audit-size">
        {size ? (
          <>
            <Trans
              i18nKey="console.audits.sample"
              values={{ size: format.number(size.forPopulation), done: format.number(doneTasks) }}
              components={{ strong: <strong /> }}
            />
            <span className="muted"> {t("console.audits.unbounded", { size: format.number(size.unbounded) })}</span>
          </>
        ) : (
          <span className="muted">{t("console.audits.chooseMargin")}</span>
        )}
      </p>
      {error && <ErrorBanner error={error} />}
      {created && (
        <p className="notice" role="status">
          {created.requiredSampleSize > created.sampleSize
            ? t("console.audits.drewFewer", {
                count: created.sampleSize,
                wanted: format.number(created.requiredSampleSize),
              })
            : t("console.audits.drew", { count: created.sampleSize })}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || !size || doneTasks === 0}>
        {t("console.audits.draw")}
      </button>
    </form>
  );
}

function EnqueueForm({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const [threshold, setThreshold] = useState("70");
  const [limit, setLimit] = useState("100");
  const [result, setResult] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const enqueue = async (source: "disagreement" | "low_confidence") => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const { enqueued } = await api<EnqueueResult>(`/projects/${projectId}/reviews/enqueue`, {
        method: "POST",
        body: { source, threshold: Number(threshold) / 100, limit: Number(limit) },
      });
      setResult(
        source === "disagreement"
          ? t("console.audits.queuedDisputed", { count: enqueued })
          : t("console.audits.queuedUnsure", { count: enqueued }),
      );
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="audit-form">
      <h3>{t("console.audits.queueTitle")}</h3>
      <div className="inline-fields">
        <Field label={t("console.audits.below")}>
          {(control) => (
            <input
              {...control}
              type="number"
              name="threshold"
              min={1}
              max={100}
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("console.audits.atMost")}>
          {(control) => (
            <input
              {...control}
              type="number"
              name="limit"
              min={1}
              max={1000}
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="row-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void enqueue("disagreement")}>
          {t("console.audits.queueDisagreements")}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void enqueue("low_confidence")}>
          {t("console.audits.queueLow")}
        </button>
      </div>
      <p className="muted small">{t("console.audits.queueHint")}</p>
      {error && <ErrorBanner error={error} />}
      {result && (
        <p className="notice" role="status">
          {result}
        </p>
      )}
    </div>
  );
}

function PlanTable({ plans }: { plans: AuditSummaryView[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-scroll">
      <table className="table" aria-label={t("console.audits.plans")}>
        <thead>
          <tr>
            <th>{t("console.audits.audit")}</th>
            <th>{t("console.audits.scope")}</th>
            <th style={{ width: "24%" }}>{t("console.audits.progress")}</th>
            <th className="num">{t("console.audits.accepted")}</th>
            <th className="num">{t("console.audits.corrected")}</th>
            <th className="num">{t("console.audits.rejected")}</th>
            <th className="num">{t("console.audits.accuracy")}</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((s) => (
            <tr key={s.plan.id}>
              <td>
                #{s.plan.id} <span className="cell-sub">{describePlan(s.plan)}</span>
                <div className="cell-sub">{format.dateTime(s.plan.createdAt)}</div>
              </td>
              <td>
                {s.plan.batchId === null
                  ? t("console.audits.wholeProject")
                  : t("console.audits.batchNumber", { id: s.plan.batchId })}
                <div className="cell-sub">{t("console.audits.doneTasks", { count: s.plan.population })}</div>
              </td>
              <td>
                <div className="progress-cell">
                  <ProgressBar
                    value={s.reviewed}
                    max={s.plan.sampleSize}
                    label={t("console.audits.planProgress", { id: s.plan.id })}
                  />
                  <span className="cell-sub num">
                    {format.number(s.reviewed)} / {format.number(s.plan.sampleSize)}
                  </span>
                </div>
                <div className="cell-sub">
                  {t("console.audits.reviewedShare", { percent: format.percent(auditProgress(s)) })}
                </div>
              </td>
              <td className="num">{format.number(s.accepted)}</td>
              <td className="num">{format.number(s.corrected)}</td>
              <td className="num">{format.number(s.rejected)}</td>
              <td className="num" data-testid={`audit-accuracy-${s.plan.id}`}>
                {s.reviewed === 0 ? (
                  <span className="muted">{t("console.audits.notStarted")}</span>
                ) : (
                  formatInterval(s.accuracy)
                )}
                {s.reviewed > 0 && s.pending > 0 && <div className="cell-sub">{t("console.audits.soFar")}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
