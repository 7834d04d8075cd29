import { can } from "@quorum/core";
import type { ProjectView, QualityActionList, QualityReport, RefitResult } from "@quorum/server";
import { lazy, Suspense, useMemo, useState } from "react";
import { api, describeError } from "../../api/client.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { formatNumber, formatPercent } from "../../lib/format.js";
import { accuracyTrendSeries, agreementStrength, formatCoefficient, formatRange } from "../../lib/quality.js";
import { AgreementTable } from "./agreement-table.js";
import { AnnotatorQualityTable, QualityActionsList } from "./annotator-quality-table.js";
import { AuditsPanel } from "./audits-panel.js";
import { ConfusionMatrix } from "./confusion-matrix.js";
import { useApi } from "./use-api.js";

const TimeChart = lazy(() => import("./time-chart.js"));

const WINDOWS = [7, 14, 30, 90];
const percentTick = (v: number) => `${Math.round(v * 100)}%`;
const ACCURACY_RANGE: [number, number] = [0, 1];

/**
 * A project's quality: gold accuracy over time with its interval, agreement by language and
 * guideline version, the confusion matrix, each annotator's quality with the manager's actions,
 * settled versus uncertain tasks, re-fitting truth inference, and audits.
 */
export function QualityPage({ projectId }: { projectId: number }) {
  const { user } = useSession();
  const [days, setDays] = useState(14);
  const project = useApi<ProjectView>(`/projects/${projectId}`);
  const quality = useApi<QualityReport>(`/projects/${projectId}/quality?days=${days}`);
  const actions = useApi<QualityActionList>(`/projects/${projectId}/quality/actions`);
  const canManage = can(user.role, "projects.manage");
  const canReview = can(user.role, "reviews.work");

  if (project.error) return <ErrorBanner error={project.error} onRetry={project.reload} />;
  if (!project.data) return <PageLoading />;
  const p = project.data;
  const schema = p.schema;
  const q = quality.data;
  const refresh = () => {
    quality.reload();
    actions.reload();
  };

  return (
    <div className="page quality-page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={{ name: "console" }}>Projects</Link>
            {" / "}
            <Link to={{ name: "project", projectId }}>{p.name}</Link>
          </div>
          <h1>Quality</h1>
          <p className="muted" data-testid="quality-window">
            {q ? windowText(q) : "\u00a0"}
          </p>
        </div>
        <div className="row-actions">
          <select
            aria-label="Days shown in the accuracy trend"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                Trend: last {d} days
              </option>
            ))}
          </select>
          {canManage && <RefitButton projectId={projectId} onDone={refresh} />}
        </div>
      </div>
      {quality.error && <ErrorBanner error={quality.error} onRetry={quality.reload} />}
      {!q ? (
        <PageLoading />
      ) : (
        <>
          <QualityKpis report={q} />

          <div className="grid-2">
            <section className="card chart-card">
              <div className="section-head">
                <h2>Gold accuracy</h2>
                <span className="muted">per day, with its 95% interval</span>
              </div>
              <AccuracyTrend report={q} />
            </section>
            <section className="card">
              <div className="section-head">
                <h2>Confusion matrix</h2>
                {q.confusion.matrix.length > 0 && (
                  <span className="muted" data-testid="confusion-against">
                    against {q.confusion.against === "gold" ? "gold" : "the aggregate label (no gold answered)"}
                  </span>
                )}
              </div>
              {q.classes.length === 0 || q.confusion.matrix.length === 0 ? (
                <p className="muted">
                  {schema.type === "multi_label"
                    ? "Multi-label answers are sets of options, so there is no single confusion matrix; agreement is measured per label and gold accuracy per answer."
                    : "This task type has no fixed set of classes, so there is no confusion matrix; see the label counts on the project page."}
                </p>
              ) : (
                <ConfusionMatrix
                  schema={schema}
                  classes={q.classes}
                  matrix={q.confusion.matrix}
                  against={q.confusion.against}
                />
              )}
            </section>
          </div>

          <div className="grid-2">
            <section className="card">
              <div className="section-head">
                <h2>Agreement by language</h2>
              </div>
              <AgreementTable
                rows={q.agreement.byLanguage}
                groupLabel="Language"
                describeGroup={(g) => (g === "any" ? "not set" : g)}
              />
            </section>
            <section className="card">
              <div className="section-head">
                <h2>Agreement by guideline version</h2>
              </div>
              <AgreementTable
                rows={q.agreement.byGuidelineVersion}
                groupLabel="Guidelines"
                describeGroup={(g) => (g === "v0" ? "none" : `version ${g.slice(1)}`)}
              />
            </section>
          </div>

          <section className="card">
            <div className="section-head">
              <h2>Annotators</h2>
              <span className="muted">gold accuracy with its 95% interval and the number of gold answers</span>
            </div>
            <AnnotatorQualityTable
              projectId={projectId}
              annotators={q.annotators}
              canManage={canManage}
              onChanged={refresh}
            />
          </section>

          <section className="card">
            <div className="section-head">
              <h2>Actions on annotators</h2>
              <span className="muted">
                automatic rules and managers' changes; reversing one sets the status back to OK
              </span>
            </div>
            {actions.error && <ErrorBanner error={actions.error} onRetry={actions.reload} />}
            {actions.data ? (
              <QualityActionsList
                projectId={projectId}
                actions={actions.data.actions}
                canManage={canManage}
                onChanged={refresh}
              />
            ) : (
              <PageLoading />
            )}
          </section>

          {canReview && <AuditsPanel projectId={projectId} doneTasks={q.tasks.settled} />}
        </>
      )}
    </div>
  );
}

function windowText(q: QualityReport): string {
  const full = q.window.judgments >= q.window.limit;
  return `Agreement, confusion and label counts are based on the ${full ? "" : "last "}${formatNumber(q.window.judgments)} ${full ? "most recent " : ""}judgments${full ? " (the window)" : ""}; gold accuracy on every gold answer.`;
}

function QualityKpis({ report }: { report: QualityReport }) {
  const overall = report.agreement.overall;
  const { settled, uncertain, confidentAtTarget, target } = report.tasks;
  const started = settled + uncertain;
  const attention = report.annotators.filter((a) => a.status !== "ok").length;
  return (
    <div className="kpis">
      <div className="kpi">
        <div className="kpi-label">Gold accuracy</div>
        <div className="kpi-value" data-testid="gold-accuracy">
          {report.goldAccuracy.estimate === null ? "–" : formatPercent(report.goldAccuracy.estimate)}
        </div>
        <div className="kpi-sub">
          {report.goldAccuracy.n === 0
            ? "no gold answered yet"
            : `95% interval ${formatRange(report.goldAccuracy)} · ${formatNumber(report.goldAccuracy.n)} gold answers`}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Agreement</div>
        <div className="kpi-value">{overall ? formatPercent(overall.percentAgreement) : "–"}</div>
        <div className="kpi-sub">
          {overall
            ? `Fleiss' κ ${formatCoefficient(overall.fleissKappa)} · α ${formatCoefficient(overall.alpha)} (${agreementStrength(overall.alpha)})`
            : "needs a task type with fixed classes"}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Settled tasks</div>
        <div className="kpi-value">
          {formatNumber(settled)} <span className="kpi-of">/ {formatNumber(started)}</span>
        </div>
        <div
          className="split-bar"
          role="img"
          aria-label={`${settled} settled, ${uncertain} still uncertain of ${started} tasks with judgments`}
        >
          <span className="split-settled" style={{ flexGrow: settled }} />
          <span className="split-uncertain" style={{ flexGrow: uncertain }} />
        </div>
        <div className="kpi-sub">
          {formatNumber(uncertain)} still uncertain · {formatNumber(confidentAtTarget)} at ≥ {formatPercent(target)}{" "}
          confidence
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Annotators needing attention</div>
        <div className={`kpi-value ${attention > 0 ? "text-bad" : ""}`}>{formatNumber(attention)}</div>
        <div className="kpi-sub">
          of {formatNumber(report.annotators.length)} who worked here: paused, retraining or flagged
        </div>
      </div>
    </div>
  );
}

function AccuracyTrend({ report }: { report: QualityReport }) {
  const data = useMemo(() => accuracyTrendSeries(report.trend), [report]);
  const series = useMemo(
    () => [
      { label: "Gold accuracy", values: data.estimate, color: "#4f46e5", points: true },
      { label: "High (95%)", values: data.high, color: "rgba(79,70,229,0.35)", quiet: true },
      { label: "Low (95%)", values: data.low, color: "rgba(79,70,229,0.35)", quiet: true },
    ],
    [data],
  );
  const bands = useMemo(() => [{ upper: 1, lower: 2, fill: "rgba(79,70,229,0.10)" }], []);
  const whiskers = useMemo(() => ({ upper: 1, lower: 2, color: "rgba(79,70,229,0.7)" }), []);
  if (data.answered.every((n) => n === 0))
    return <p className="muted chart-empty">No gold answers in these days. Add gold tasks to measure accuracy.</p>;
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <TimeChart
        times={data.times}
        series={series}
        bands={bands}
        whiskers={whiskers}
        yRange={ACCURACY_RANGE}
        yFormat={percentTick}
      />
    </Suspense>
  );
}

function RefitButton({ projectId, onDone }: { projectId: number; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const refit = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await api<RefitResult>(`/projects/${projectId}/quality/refit`, { method: "POST" });
      setResult(
        r.method === "none"
          ? "Nothing to re-fit: inference runs on single-choice, rating and pairwise judgments, and there are none yet."
          : `Re-fitted ${r.method === "ordinal-ds" ? "ordinal Dawid-Skene" : "Dawid-Skene"} on ${formatNumber(r.judgments)} judgments of ${formatNumber(r.tasks)} tasks (${r.iterations} iterations).`,
      );
      onDone();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {result && (
        <span className="notice refit-result" role="status">
          {result}
        </span>
      )}
      {error && (
        <span className="text-bad" role="alert">
          {error}
        </span>
      )}
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => void refit()}
        title="Runs truth inference over every judgment again and recalibrates the online estimates"
      >
        {busy ? "Re-fitting…" : "Re-fit inference"}
      </button>
    </>
  );
}
