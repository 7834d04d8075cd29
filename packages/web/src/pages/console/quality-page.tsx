import { can, lowAccuracyBar, MIN_CALIBRATION_TASKS, MISCALIBRATED_ECE } from "@quorum/core";
import type { ProjectView, QualityActionList, QualityReport, RefitResult } from "@quorum/server";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { useTitleSubject } from "../../components/document-title.js";
import { LoadError } from "../../components/load-error.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { accuracyTrendSeries, agreementStrength, formatCoefficient, formatRange } from "../../lib/quality.js";
import { AgreementTable } from "./agreement-table.js";
import { AnnotatorQualityTable, QualityActionsList } from "./annotator-quality-table.js";
import { AuditsPanel } from "./audits-panel.js";
import { ConfusionMatrix } from "./confusion-matrix.js";
import { KappaPairsTable } from "./kappa-pairs-table.js";
import { QualityLanguagesTable } from "./quality-languages-table.js";
import { useApi } from "./use-api.js";

const TimeChart = lazy(() => import("./time-chart.js"));
const ReliabilityChart = lazy(() => import("./reliability-chart.js"));

const WINDOWS = [7, 14, 30, 90];
const percentTick = (v: number) => `${Math.round(v * 100)}%`;
const ACCURACY_RANGE: [number, number] = [0, 1];

/**
 * A project's quality: gold accuracy over time with its interval, agreement by language and
 * guideline version, the confusion matrix, each annotator's quality with the manager's actions,
 * settled versus uncertain tasks, re-fitting truth inference, and audits.
 */
export function QualityPage({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const [days, setDays] = useState(14);
  const project = useApi<ProjectView>(`/projects/${projectId}`);
  const quality = useApi<QualityReport>(`/projects/${projectId}/quality?days=${days}`);
  const actions = useApi<QualityActionList>(`/projects/${projectId}/quality/actions`);
  const canManage = can(user.role, "projects.manage");
  const canReview = can(user.role, "reviews.work");

  useTitleSubject(project.data?.name);
  if (project.error)
    return <LoadError load={project} back={{ to: { name: "console" }, label: t("common.backToProjects") }} />;
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
            <Link to={{ name: "console" }}>{t("nav.projects")}</Link>
            {" / "}
            <Link to={{ name: "project", projectId }} dir="auto">
              {p.name}
            </Link>
          </div>
          <h1>{t("console.quality.title")}</h1>
          <p className="muted" data-testid="quality-window">
            {q
              ? t("console.quality.coverage", { count: q.judgments, judgments: format.number(q.judgments) })
              : "\u00a0"}
          </p>
        </div>
        <div className="row-actions">
          <select aria-label={t("console.quality.days")} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {t("console.quality.trendDays", { count: d })}
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
                <h2>{t("home.goldAccuracy")}</h2>
                <span className="muted">{t("console.quality.perDay")}</span>
              </div>
              <AccuracyTrend report={q} />
            </section>
            <section className="card">
              <div className="section-head">
                <h2>{t("console.quality.confusion")}</h2>
                {q.confusion.matrix.length > 0 && (
                  <span className="muted" data-testid="confusion-against">
                    {q.confusion.against === "gold"
                      ? t("console.quality.againstGold")
                      : t("console.quality.againstAggregate")}
                  </span>
                )}
              </div>
              {q.classes.length === 0 || q.confusion.matrix.length === 0 ? (
                <p className="muted">
                  {schema.type === "multi_label" ? t("console.quality.noMatrixMulti") : t("console.quality.noMatrix")}
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
                <h2>{t("console.quality.byLanguage")}</h2>
              </div>
              <AgreementTable
                rows={q.agreement.byLanguage}
                groupLabel={t("common.language")}
                describeGroup={(g) => (g === "any" ? t("console.quality.notSet") : g)}
              />
            </section>
            <section className="card">
              <div className="section-head">
                <h2>{t("console.quality.byVersion")}</h2>
              </div>
              <AgreementTable
                rows={q.agreement.byGuidelineVersion}
                groupLabel={t("labeling.guidelines")}
                describeGroup={(g) =>
                  g === "v0" ? t("console.quality.noVersion") : t("guidelines.version", { version: g.slice(1) })
                }
              />
            </section>
          </div>

          <div className="grid-2">
            <section className="card chart-card" data-testid="reliability">
              <div className="section-head">
                <h2>{t("console.quality.reliability")}</h2>
                <span className="muted">{t("console.quality.reliabilityHint")}</span>
              </div>
              <Reliability report={q} />
            </section>
            <section className="card">
              <div className="section-head">
                <h2>{t("console.quality.languages")}</h2>
                <span className="muted">
                  {t("console.quality.languagesHint", { threshold: MISCALIBRATED_ECE, min: MIN_CALIBRATION_TASKS })}
                </span>
              </div>
              <QualityLanguagesTable languages={q.languages} />
            </section>
          </div>

          <section className="card">
            <div className="section-head">
              <h2>{t("console.quality.pairs")}</h2>
              <span className="muted">
                {t("console.quality.pairsHint", {
                  shown: format.number(q.pairs.length),
                  pairs: t("console.quality.pairCount", { count: q.pairCount }),
                })}
              </span>
            </div>
            <KappaPairsTable pairs={q.pairs} annotators={q.annotators} />
          </section>

          <section className="card">
            <div className="section-head">
              <h2>{t("console.quality.annotators")}</h2>
              <span className="muted">{t("console.quality.annotatorsHint")}</span>
            </div>
            <AnnotatorQualityTable
              projectId={projectId}
              annotators={q.annotators}
              canManage={canManage}
              onChanged={refresh}
              lowBar={lowAccuracyBar(p.qualityRules)}
            />
          </section>

          <section className="card">
            <div className="section-head">
              <h2>{t("console.quality.actions")}</h2>
              <span className="muted">{t("console.quality.actionsHint")}</span>
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

function Reliability({ report }: { report: QualityReport }) {
  const { t } = useTranslation();
  const { reliability } = report;
  const labels = useMemo(
    () => ({
      accuracy: t("console.quality.accuracyOnGold"),
      perfect: t("console.quality.perfect"),
      confidence: t("console.quality.confidence"),
    }),
    [t],
  );
  if (reliability.tasks === 0) return <p className="muted chart-empty">{t("console.quality.noCalibration")}</p>;
  return (
    <>
      <p className="muted" data-testid="reliability-ece">
        {t("console.quality.ece", { ece: formatCoefficient(reliability.ece), count: reliability.tasks })}
      </p>
      <Suspense fallback={<div className="chart-placeholder" />}>
        <ReliabilityChart bins={reliability.bins} labels={labels} />
      </Suspense>
    </>
  );
}

function QualityKpis({ report }: { report: QualityReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const overall = report.agreement.overall;
  const { settled, uncertain, confidentAtTarget, target } = report.tasks;
  const started = settled + uncertain;
  const attention = report.annotators.filter((a) => a.status !== "ok").length;
  return (
    <div className="kpis">
      <div className="kpi">
        <div className="kpi-label">{t("home.goldAccuracy")}</div>
        <div className="kpi-value" data-testid="gold-accuracy">
          {report.goldAccuracy.estimate === null ? "–" : format.percent(report.goldAccuracy.estimate)}
        </div>
        <div className="kpi-sub">
          {report.goldAccuracy.n === 0
            ? t("console.quality.noGold")
            : t("console.quality.goldInterval", {
                range: formatRange(report.goldAccuracy),
                count: report.goldAccuracy.n,
              })}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">{t("console.quality.agreement")}</div>
        <div className="kpi-value">{overall ? format.percent(overall.percentAgreement) : "–"}</div>
        <div className="kpi-sub">
          {overall
            ? `Fleiss' κ ${formatCoefficient(overall.fleissKappa)} · α ${formatCoefficient(overall.alpha)} (${agreementStrength(overall.alpha)})`
            : t("console.quality.needsClasses")}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">{t("console.quality.settled")}</div>
        <div className="kpi-value">
          {format.number(settled)} <span className="kpi-of">/ {format.number(started)}</span>
        </div>
        <div
          className="split-bar"
          role="img"
          aria-label={t("console.quality.split", { settled, uncertain, count: started })}
        >
          <span className="split-settled" style={{ flexGrow: settled }} />
          <span className="split-uncertain" style={{ flexGrow: uncertain }} />
        </div>
        <div className="kpi-sub">
          {t("console.quality.uncertain", {
            uncertain: format.number(uncertain),
            confident: format.number(confidentAtTarget),
            target: format.percent(target),
          })}
        </div>
      </div>
      <div className="kpi">
        <div className="kpi-label">{t("console.quality.attention")}</div>
        <div className={`kpi-value ${attention > 0 ? "text-bad" : ""}`}>{format.number(attention)}</div>
        <div className="kpi-sub">
          {t("console.quality.attentionOf", { count: format.number(report.annotators.length) })}
        </div>
      </div>
    </div>
  );
}

function AccuracyTrend({ report }: { report: QualityReport }) {
  const { t } = useTranslation();
  const data = useMemo(() => accuracyTrendSeries(report.trend), [report]);
  const series = useMemo(
    () => [
      { label: t("home.goldAccuracy"), values: data.estimate, color: "#4f46e5", points: true },
      { label: t("console.quality.high"), values: data.high, color: "rgba(79,70,229,0.35)", quiet: true },
      { label: t("console.quality.low"), values: data.low, color: "rgba(79,70,229,0.35)", quiet: true },
    ],
    [data, t],
  );
  const bands = useMemo(() => [{ upper: 1, lower: 2, fill: "rgba(79,70,229,0.10)" }], []);
  const whiskers = useMemo(() => ({ upper: 1, lower: 2, color: "rgba(79,70,229,0.7)" }), []);
  if (data.answered.every((n) => n === 0)) return <p className="muted chart-empty">{t("console.quality.noTrend")}</p>;
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
  const { t } = useTranslation();
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
          ? t("console.quality.refitNone")
          : t("console.quality.refitted", {
              method: r.method === "ordinal-ds" ? t("review.methods.ordinal-ds") : t("review.methods.dawid-skene"),
              judgments: t("console.quality.judgmentCount", { count: r.judgments }),
              tasks: t("console.quality.taskCount", { count: r.tasks }),
              iterations: t("console.quality.iterationCount", { count: r.iterations }),
            }),
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
        title={t("console.quality.refitHint")}
      >
        {busy ? t("console.quality.refitting") : t("console.quality.refit")}
      </button>
    </>
  );
}
