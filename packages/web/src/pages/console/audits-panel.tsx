import type { AuditList, AuditSummaryView, CreatedAudit, EnqueueResult } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { Link } from "../../components/router.js";
import { ErrorBanner, PageLoading, ProgressBar } from "../../components/ui.js";
import { auditProgress, describePlan, plannedSample } from "../../lib/audit.js";
import { formatDateTime, formatNumber, formatPercent } from "../../lib/format.js";
import { formatInterval } from "../../lib/quality.js";
import { useApi } from "./use-api.js";

/**
 * Audits: draw a sampling plan sized to estimate accuracy within ±margin at a confidence, follow
 * each plan's accepted accuracy as reviewers decide, and queue disputed or unsure tasks for review.
 */
export function AuditsPanel({ projectId, doneTasks }: { projectId: number; doneTasks: number }) {
  const plans = useApi<AuditList>(`/projects/${projectId}/audits`);
  return (
    <section className="card" aria-labelledby="audits-title">
      <div className="section-head">
        <h2 id="audits-title">Audits</h2>
        <span className="muted">reviewers check a random sample; accepted accuracy is reported with its interval</span>
        <span className="topbar-spacer" />
        <Link to={{ name: "review", projectId }} className="btn btn-small">
          Open the review queue
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
            <p className="muted">No audit yet.</p>
          ) : (
            <PlanTable plans={plans.data.plans} />
          )}
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
    <form className="audit-form" onSubmit={submit} aria-label="New audit">
      <h3>New audit</h3>
      <div className="inline-fields">
        <Field label="Margin (± points)">
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
        <Field label="Confidence">
          {(control) => (
            <select {...control} name="confidence" value={confidence} onChange={(e) => setConfidence(e.target.value)}>
              <option value="0.9">90%</option>
              <option value="0.95">95%</option>
              <option value="0.99">99%</option>
            </select>
          )}
        </Field>
        <Field label="Batch (optional)">
          {(control) => (
            <input
              {...control}
              type="number"
              name="batch"
              min={1}
              placeholder="all"
              value={batch}
              onChange={(e) => setBatch(e.target.value)}
            />
          )}
        </Field>
      </div>
      <p className="audit-size" data-testid="audit-size">
        {size ? (
          <>
            Sample: <strong>{formatNumber(size.forPopulation)}</strong> of {formatNumber(doneTasks)} done tasks
            <span className="muted"> ({formatNumber(size.unbounded)} for an unlimited population)</span>
          </>
        ) : (
          <span className="muted">Choose a margin from 0.5 to 50 points.</span>
        )}
      </p>
      {error && <ErrorBanner error={error} />}
      {created && (
        <p className="notice" role="status">
          Drew {formatNumber(created.sampleSize)} tasks
          {created.requiredSampleSize > created.sampleSize
            ? ` (${formatNumber(created.requiredSampleSize)} wanted; the others are pending in other audits)`
            : ""}{" "}
          into the review queue.
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || !size || doneTasks === 0}>
        Draw the sample
      </button>
    </form>
  );
}

function EnqueueForm({ projectId }: { projectId: number }) {
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
        `${formatNumber(enqueued)} ${source === "disagreement" ? "disputed" : "unsure"} task${enqueued === 1 ? "" : "s"} queued for review.`,
      );
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="audit-form">
      <h3>Queue tasks for review</h3>
      <div className="inline-fields">
        <Field label="Confidence below (%)">
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
        <Field label="At most">
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
          Queue disagreements
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void enqueue("low_confidence")}>
          Queue low confidence
        </button>
      </div>
      <p className="muted small">
        Disagreements: done tasks with two or more judgments that do not agree enough. Low confidence: done tasks whose
        aggregate is unsure. Lowest first.
      </p>
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
  return (
    <div className="table-scroll">
      <table className="table" aria-label="Audit plans">
        <thead>
          <tr>
            <th>Audit</th>
            <th>Scope</th>
            <th style={{ width: "24%" }}>Progress</th>
            <th className="num">Accepted</th>
            <th className="num">Corrected</th>
            <th className="num">Rejected</th>
            <th className="num">Accepted accuracy</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((s) => (
            <tr key={s.plan.id}>
              <td>
                #{s.plan.id} <span className="cell-sub">{describePlan(s.plan)}</span>
                <div className="cell-sub">{formatDateTime(s.plan.createdAt)}</div>
              </td>
              <td>
                {s.plan.batchId === null ? "whole project" : `batch ${s.plan.batchId}`}
                <div className="cell-sub">{formatNumber(s.plan.population)} done tasks</div>
              </td>
              <td>
                <div className="progress-cell">
                  <ProgressBar value={s.reviewed} max={s.plan.sampleSize} label={`Audit ${s.plan.id} progress`} />
                  <span className="cell-sub num">
                    {formatNumber(s.reviewed)} / {formatNumber(s.plan.sampleSize)}
                  </span>
                </div>
                <div className="cell-sub">{formatPercent(auditProgress(s))} reviewed</div>
              </td>
              <td className="num">{formatNumber(s.accepted)}</td>
              <td className="num">{formatNumber(s.corrected)}</td>
              <td className="num">{formatNumber(s.rejected)}</td>
              <td className="num" data-testid={`audit-accuracy-${s.plan.id}`}>
                {s.reviewed === 0 ? <span className="muted">not started</span> : formatInterval(s.accuracy)}
                {s.reviewed > 0 && s.pending > 0 && <div className="cell-sub">so far</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
