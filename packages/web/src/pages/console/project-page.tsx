import { type BottleneckReport, can, type LabelSchema, lowAccuracyBar } from "@quorum/core";
import type {
  ProjectActivity,
  ProjectDetailView,
  ProjectForecastView,
  ProjectStatsView,
  ProjectView,
  QualityReport,
  TaskCounts,
} from "@quorum/server";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useTitleSubject } from "../../components/document-title.js";
import { LoadError } from "../../components/load-error.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { useReaderQuery, useTimeZonePreference } from "../../components/time-zone-picker.js";
import { ErrorBanner, PageLoading, Pill, ProgressBar } from "../../components/ui.js";
import { activityFeed, workingNow } from "../../lib/activity.js";
import { burndownSeries } from "../../lib/burndown.js";
import { formatLabelValue } from "../../lib/choices.js";
import {
  formatDateTime,
  formatDuration,
  formatHour,
  formatNumber,
  formatPercent,
  formatRelative,
} from "../../lib/format.js";
import { namedLabelCounts } from "../../lib/label-distribution.js";
import { describeGoldPolicy, describeOverlap } from "../../lib/project-policy.js";
import { agreementStrength, formatCoefficient, formatRange, wilsonInterval } from "../../lib/quality.js";
import { projectRisk, riskInput } from "../../lib/risk.js";
import { TASK_TYPE_INFO } from "../../lib/schema-builder.js";
import { throughputView } from "../../lib/throughput.js";
import { timeZoneQuery } from "../../lib/time-zone-preference.js";
import { AnnotatorTable } from "./annotator-table-view.js";
import { BatchesPanel } from "./batches-panel.js";
import { CloneProjectButton } from "./clone-project.js";
import { DailyThroughput } from "./daily-throughput.js";
import { ExportMenu } from "./export-menu.js";
import { ImportDialog } from "./import-dialog.js";
import { OverlapPolicyProgress } from "./overlap-policy-progress.js";
import { statusTone } from "./projects-page.js";
import { QuestionsPanel } from "./questions-panel.js";
import { BottlenecksPanel, ForecastPill, RiskRegister } from "./risk-register.js";
import { TasksTable } from "./tasks-table.js";
import { useApi } from "./use-api.js";

const TimeChart = lazy(() => import("./time-chart.js"));

/** One project: progress against the deadline, throughput, labels, annotators, tasks; import and export. */
export function ProjectPage({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const project = useApi<ProjectView & Partial<Pick<ProjectDetailView, "overlapPolicyChange">>>(
    `/projects/${projectId}`,
  );
  const zone = useTimeZonePreference();
  const stats = useApi<ProjectStatsView>(`/projects/${projectId}/stats?hours=72&days=14${timeZoneQuery(zone)}`);
  const quality = useApi<QualityReport>(`/projects/${projectId}/quality?days=14`);
  const activity = useApi<ProjectActivity>(`/projects/${projectId}/activity`);
  const reader = useReaderQuery();
  const forecast = useApi<ProjectForecastView>(`/projects/${projectId}/forecast?${reader}`);
  const bottlenecks = useApi<BottleneckReport>(`/projects/${projectId}/bottlenecks`);
  const [importOpen, setImportOpen] = useState(false);
  // Panels that load their own pages (batches, tasks) start again when an import adds to them.
  const [imports, setImports] = useState(0);
  const canManage = can(user.role, "projects.manage");
  const canExport = can(user.role, "data.export");
  const canReview = can(user.role, "reviews.work");

  useTitleSubject(project.data?.name);
  if (project.error)
    return <LoadError load={project} back={{ to: { name: "console" }, label: t("common.backToProjects") }} />;
  if (!project.data) return <PageLoading />;
  const p = project.data;
  const schema = p.schema;
  const s = stats.data;
  const now = Date.now();
  const risk = s ? projectRisk(riskInput(p, s, now)) : undefined;

  const reloadAll = () => {
    project.reload();
    stats.reload();
    quality.reload();
    activity.reload();
    forecast.reload();
    bottlenecks.reload();
    setImports((n) => n + 1);
  };

  return (
    <div className="page project-page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={{ name: "console" }}>Projects</Link>
          </div>
          <h1 dir="auto">{p.name}</h1>
          <div className="head-meta">
            <Pill tone={statusTone(p.status)}>{p.status}</Pill>
            {forecast.data && <ForecastPill forecast={forecast.data} />}
            <span className="muted">
              {TASK_TYPE_INFO[schema.type].title} · {describeOverlap(p.overlap, p.overlapPolicy)}
              {goldText(p.goldPolicy)}
              {p.businessUnit ? ` · ${p.businessUnit}` : ""} · guidelines v{p.guidelineVersion}
              {p.sensitive ? " · sensitive" : ""}
            </span>
          </div>
        </div>
        <div className="row-actions">
          <Link to={{ name: "project-quality", projectId: p.id }} className="btn">
            Quality
          </Link>
          {canReview && (
            <Link to={{ name: "review", projectId: p.id }} className="btn">
              Review queue
            </Link>
          )}
          {canManage && (
            <button type="button" className="btn" onClick={() => setImportOpen(true)}>
              Import tasks
            </button>
          )}
          {canExport && <ExportMenu projectId={p.id} />}
          {canManage && (
            <Link to={{ name: "project-edit", projectId: p.id }} className="btn">
              Settings
            </Link>
          )}
          {canManage && <CloneProjectButton project={p} />}
        </div>
      </div>

      <OverlapPolicyProgress change={p.overlapPolicyChange} reload={project.reload} onDone={reloadAll} />
      {stats.error && <ErrorBanner error={stats.error} onRetry={stats.reload} />}
      <Kpis project={p} stats={s} counts={s?.tasks} />

      <div className="grid-2">
        {forecast.data ? <RiskRegister forecast={forecast.data} /> : <div className="card chart-placeholder" />}
        {bottlenecks.data ? <BottlenecksPanel report={bottlenecks.data} /> : <div className="card chart-placeholder" />}
      </div>

      <div className="grid-2">
        <section className="card chart-card">
          <div className="section-head">
            <h2>Burn-down</h2>
            <span className="muted">judgments left{p.deadline ? `, deadline ${formatDateTime(p.deadline)}` : ""}</span>
          </div>
          {s && s.judgments.total === 0 ? (
            <p className="muted empty-state">
              {s.tasks.open + s.tasks.full + s.tasks.done === 0
                ? t("console.burndown.noTasksYet")
                : t("console.burndown.noJudgmentsYet")}
            </p>
          ) : s && risk ? (
            <Burndown
              stats={s}
              remaining={risk.remaining}
              deadline={p.deadline}
              createdAt={p.createdAt}
              forecast={forecast.data ?? null}
            />
          ) : (
            <div className="chart-placeholder" />
          )}
        </section>
        <section className="card chart-card">
          <div className="section-head">
            <h2>Throughput</h2>
            <span className="muted">judgments per hour, last 72 h</span>
          </div>
          {s ? <Throughput stats={s} /> : <div className="chart-placeholder" />}
        </section>
      </div>

      <div className="grid-2">
        <section className="card">
          <div className="section-head">
            <h2>Daily throughput</h2>
            <span className="muted">judgments per day, last 14 days</span>
          </div>
          {s ? <DailyThroughput stats={s} /> : <PageLoading />}
        </section>
        <BatchesPanel key={imports} projectId={p.id} canManage={canManage} />
      </div>

      <div className="grid-2">
        <section className="card">
          <div className="section-head">
            <h2>Labels and agreement</h2>
            <span className="muted">{quality.data ? `${formatNumber(quality.data.judgments)} judgments` : ""}</span>
            <span className="topbar-spacer" />
            <Link to={{ name: "project-quality", projectId: p.id }} className="small">
              Quality details →
            </Link>
          </div>
          {quality.error && <ErrorBanner error={quality.error} onRetry={quality.reload} />}
          {quality.data ? <Distribution schema={schema} report={quality.data} /> : <PageLoading />}
        </section>
        <section className="card">
          <div className="section-head">
            <h2>Recent activity</h2>
            <span className="muted">latest judgments and changes</span>
          </div>
          {activity.error && <ErrorBanner error={activity.error} onRetry={activity.reload} />}
          {s && activity.data ? <Activity stats={s} activity={activity.data} schema={schema} /> : <PageLoading />}
        </section>
      </div>

      <QuestionsPanel projectId={p.id} schema={schema} sensitive={p.sensitive} canAnswer={canReview} />

      <section className="card">
        <div className="section-head">
          <h2>Annotators</h2>
          <span className="muted">all time in this project; gold accuracy with a 95% interval</span>
        </div>
        {s ? <AnnotatorTable stats={s.annotators} lowBar={lowAccuracyBar(p.qualityRules)} /> : <PageLoading />}
      </section>

      <section className="card">
        <div className="section-head">
          <h2>Tasks</h2>
        </div>
        <TasksTable key={imports} projectId={p.id} schema={schema} />
      </section>

      {canManage && (
        <ImportDialog project={p} open={importOpen} onClose={() => setImportOpen(false)} onImported={reloadAll} />
      )}
    </div>
  );
}

function Kpis({
  project,
  stats,
  counts,
}: {
  project: ProjectView;
  stats: ProjectStatsView | undefined;
  counts: TaskCounts | undefined;
}) {
  const gold = stats?.goldAccuracy;
  const interval = gold ? wilsonInterval(gold.correct, gold.answered) : null;
  return (
    <div className="kpis">
      <div className="kpi">
        <div className="kpi-label">Tasks done</div>
        <div className="kpi-value" data-testid="tasks-done">
          {counts ? `${formatNumber(counts.done)} / ${formatNumber(counts.total - counts.gold)}` : "…"}
        </div>
        {counts && <ProgressBar value={counts.done} max={counts.total - counts.gold} label="Tasks done" />}
        <div className="kpi-sub" data-testid="task-counts">
          {counts ? taskCountsText(counts) : "\u00a0"}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Judgments</div>
        <div className="kpi-value" data-testid="judgments-total">
          {stats ? formatNumber(stats.judgments.total) : "…"}
        </div>
        <div className="kpi-sub">
          {stats
            ? `${formatNumber(stats.judgments.lastHour)} this hour · ${formatNumber(stats.judgments.lastDay)} in 24 h · ${formatNumber(counts?.judgmentsLeft ?? 0)} still needed`
            : "\u00a0"}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Gold accuracy</div>
        <div className="kpi-value">{gold && gold.answered > 0 ? formatPercent(gold.correct / gold.answered) : "–"}</div>
        <div className="kpi-sub">
          {gold && interval
            ? // Rounded outward like the Quality page's, so both pages give the same interval.
              `${formatRange(interval)} · ${gold.correct}/${gold.answered} gold answers`
            : "no gold answered yet"}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">Deadline</div>
        <div className="kpi-value">
          {project.deadline ? formatRelative(Date.parse(project.deadline), Date.now()) : "None"}
        </div>
        <div className="kpi-sub">{project.deadline ? formatDateTime(project.deadline) : "set one in Settings"}</div>
      </div>
    </div>
  );
}

function Burndown({
  stats,
  remaining,
  deadline,
  createdAt,
  forecast,
}: {
  stats: ProjectStatsView;
  remaining: number;
  deadline: string | null;
  createdAt: string | null;
  /** The server's forecast: the projections end at its finish dates, as the risk pill reads them. */
  forecast: ProjectForecastView | null;
}) {
  const data = useMemo(() => {
    const at = (iso: string | null) => (iso ? Date.parse(iso) : null);
    const finish = forecast ? { likely: at(forecast.eta.dates.p50), late: at(forecast.eta.dates.p85) } : undefined;
    return burndownSeries(
      stats.timeline,
      remaining,
      Date.now(),
      deadline ? Date.parse(deadline) : null,
      createdAt ? Date.parse(createdAt) : 0,
      finish,
    );
  }, [stats, remaining, deadline, createdAt, forecast]);
  const series = useMemo(
    () => [
      { label: "Left", values: data.remaining, color: "#4f46e5", fill: "rgba(79,70,229,0.08)" },
      { label: "Plan", values: data.ideal, color: "#9ca3af", dash: [4, 4] },
      ...(forecast
        ? [
            { label: "Likely (median finish)", values: data.projection, color: "#d97706", dash: [2, 3] },
            { label: "85% sure by", values: data.projectionLate, color: "#dc2626", dash: [2, 3] },
          ]
        : [{ label: "At current pace", values: data.projection, color: "#d97706", dash: [2, 3] }]),
    ],
    [data, forecast],
  );
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <TimeChart times={data.times} series={series} />
    </Suspense>
  );
}

function Throughput({ stats }: { stats: ProjectStatsView }) {
  const { t } = useTranslation();
  const times = useMemo(() => stats.timeline.map((t) => Date.parse(t.hour) / 1000), [stats]);
  const series = useMemo(
    () => [
      {
        label: "Judgments",
        values: stats.timeline.map((t) => t.judgments),
        color: "#0ea5e9",
        fill: "rgba(14,165,233,0.35)",
        bars: true,
      },
    ],
    [stats],
  );
  if (throughputView(stats.judgments.total, stats.timeline) === "no_judgments_yet")
    return <p className="muted empty-state">{t("console.daily.noJudgmentsYet")}</p>;
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <TimeChart times={times} series={series} />
    </Suspense>
  );
}

/** Where every task is: open, being labeled, and gold controls, which are not work to finish. */
function taskCountsText(counts: TaskCounts): string {
  const parts = [`${formatNumber(counts.open)} open`, `${formatNumber(counts.full)} being labeled`];
  if (counts.gold > 0) parts.push(`${formatNumber(counts.gold)} gold controls not counted`);
  return parts.join(" · ");
}

function goldText(policy: ProjectView["goldPolicy"]): string {
  const words = describeGoldPolicy(policy);
  return words ? ` · ${words}` : "";
}

/** Judgments per label in the quality window, and the overall agreement beside them. */
function Distribution({ schema, report }: { schema: LabelSchema; report: QualityReport }) {
  const counts = namedLabelCounts(schema, report.labelDistribution);
  const overall = report.agreement.overall;
  const judged = counts.reduce((sum, c) => sum + c.count, 0);
  return (
    <div>
      {counts.length === 0 || judged === 0 ? (
        <p className="muted">
          {schema.type === "free_text" || schema.type === "ranking"
            ? `${TASK_TYPE_INFO[schema.type].title} answers have no fixed classes; see the tasks below.`
            : "No judgments yet."}
        </p>
      ) : (
        <ul className="bars">
          {counts.map((c) => {
            const max = Math.max(1, ...counts.map((x) => x.count));
            return (
              <li key={c.value}>
                <span className="bar-label" title={c.value}>
                  {c.label}
                </span>
                <span className="bar-track">
                  <span className="bar-fill" style={{ width: `${(c.count / max) * 100}%` }} />
                </span>
                <span className="bar-count num" title={`${formatPercent(c.count / judged)} of the labels`}>
                  {formatNumber(c.count)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted small" data-testid="agreement-summary">
        {overall ? (
          <>
            Agreement: <strong>{formatPercent(overall.percentAgreement)}</strong> of judgment pairs agree · Fleiss' κ{" "}
            {formatCoefficient(overall.fleissKappa)} · α {formatCoefficient(overall.alpha)}
            {overall.alpha !== null ? ` (${agreementStrength(overall.alpha)})` : ""} over {formatNumber(overall.tasks)}{" "}
            tasks.
          </>
        ) : schema.type === "multi_label" ? (
          "Counts are per selected option. Agreement needs one class per answer; see the quality page for gold accuracy."
        ) : (
          "Agreement shows once tasks have two or more judgments."
        )}
      </p>
    </div>
  );
}

function Activity({
  stats,
  activity,
  schema,
}: {
  stats: ProjectStatsView;
  activity: ProjectActivity;
  schema: LabelSchema;
}) {
  const now = Date.now();
  const recent = stats.timeline.slice(-12);
  const max = Math.max(1, ...recent.map((t) => t.judgments));
  const working = workingNow(activity.judgments, now);
  const feed = activityFeed(activity, { judgments: 10, events: 5 });
  return (
    <div className="activity">
      <div className="sparkchart">
        <div className="spark-y" aria-hidden="true">
          <span>{formatNumber(max)}</span>
          <span>0</span>
        </div>
        <div className="sparkbars" role="img" aria-label="Judgments in each of the last 12 hours">
          {recent.map((t) => (
            <span
              key={t.hour}
              className="sparkbar"
              style={{ height: `${Math.max(3, (t.judgments / max) * 100)}%` }}
              title={`${formatDateTime(t.hour)}: ${formatNumber(t.judgments)} judgments`}
            />
          ))}
        </div>
        <div className="spark-x" aria-hidden="true">
          <span>{recent[0] ? formatHour(recent[0].hour) : ""}</span>
          <span>judgments per hour</span>
          <span>{recent.length > 0 ? "this hour" : ""}</span>
        </div>
      </div>
      <p className="muted small">
        Last 12 hours, {formatNumber(recent.reduce((a, t) => a + t.judgments, 0))} judgments
        {working.length > 0
          ? `; working now: ${working
              .slice(0, 4)
              .map((w) => w.name)
              .join(", ")}${working.length > 4 ? ` and ${working.length - 4} more` : ""}.`
          : "; nobody submitted in the last hour."}
      </p>
      {feed.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ul className="feed" aria-label="Recent activity">
          {feed.map((e) => (
            <li key={e.id} className={`feed-${e.kind}`}>
              <span className="feed-when muted" title={formatDateTime(e.at)}>
                {formatRelative(e.at, now)}
              </span>
              {e.kind === "judgment" ? (
                <span className="feed-what">
                  <strong>{e.who}</strong> labeled #{e.taskId} <em>{formatLabelValue(schema, e.value)}</em>
                  <span className="muted"> · {formatDuration(e.activeMs)}</span>
                </span>
              ) : (
                <span className="feed-what">
                  <strong>{e.who ?? "Quorum"}</strong> {e.text}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
