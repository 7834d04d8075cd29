import type { IntakeRequestView } from "@quorum/server";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { useTitleSubject } from "../../components/document-title.js";
import { LoadError } from "../../components/load-error.js";
import { Link, useRouter } from "../../components/router.js";
import { useReaderQuery } from "../../components/time-zone-picker.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { formatMoney } from "../../lib/money.js";
import { PayElasticityLeftOut } from "./pay-elasticity-left-out.js";
import { useApi } from "./use-api.js";

const TimeChart = lazy(() => import("./time-chart.js"));
const LEVELS = ["p50", "p70", "p85", "p95"] as const;
const DAY = 86_400_000;

type Report = NonNullable<IntakeRequestView["feasibility"]>;

/** The feasibility report of one intake request: flags, intervals, the finish distribution; assess and accept. */
export function IntakeReportPage({ requestId }: { requestId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { navigate } = useRouter();
  const reader = useReaderQuery();
  const request = useApi<IntakeRequestView>(`/intake-requests/${requestId}?${reader}`);
  const [busy, setBusy] = useState<"assess" | "accept">();
  const [error, setError] = useState<string>();

  const act = async (what: "assess" | "accept") => {
    setBusy(what);
    setError(undefined);
    try {
      if (what === "assess") {
        await api(`/intake-requests/${requestId}/feasibility`, { method: "POST" });
        request.reload();
      } else {
        const accepted = await api<{ project: { id: number } }>(`/intake-requests/${requestId}/accept`, {
          method: "POST",
          body: {},
        });
        navigate({ name: "project", projectId: accepted.project.id });
      }
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setBusy(undefined);
    }
  };

  useTitleSubject(request.data?.name);
  if (request.error)
    return <LoadError load={request} back={{ to: { name: "intake" }, label: t("common.backToIntake") }} />;
  if (!request.data) return <PageLoading />;
  const r = request.data;
  const report = r.feasibility;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={{ name: "intake" }}>{t("delivery.intakeTitle")}</Link>
          </div>
          <h1 dir="auto">{r.name}</h1>
          <p className="muted">
            {format.number(r.volume)} · {r.languages.join(", ")} · ×{r.overlap} · {format.dateTime(r.deadline)} ·{" "}
            {formatMoney(r.budgetMinor, r.currency, { locale: format.locale })}
          </p>
        </div>
        <div className="row-actions">
          {r.status !== "accepted" && (
            <button type="button" className="btn" disabled={busy !== undefined} onClick={() => act("assess")}>
              {busy === "assess" ? t("delivery.assessing") : t("delivery.assess")}
            </button>
          )}
          {r.status === "assessed" && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy !== undefined}
              onClick={() => act("accept")}
            >
              {t("delivery.accept")}
            </button>
          )}
          {r.projectId !== null && (
            <Link to={{ name: "project", projectId: r.projectId }} className="btn btn-primary">
              {t("delivery.openProject")}
            </Link>
          )}
        </div>
      </div>
      {error && <ErrorBanner error={error} />}
      {report ? (
        <ReportView report={report} currency={r.currency} />
      ) : (
        <p className="muted">{t("delivery.notAssessed")}</p>
      )}
    </div>
  );
}

function ReportView({ report, currency }: { report: Report; currency: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = (minor: number | null) => formatMoney(minor, currency, { locale: format.locale });
  return (
    <>
      <section className="card" aria-label={t("delivery.reportTitle")}>
        <div className="section-head">
          <h2>{t("delivery.reportTitle")}</h2>
          <Pill tone={report.feasible ? "good" : "bad"}>
            {report.feasible ? t("delivery.feasible") : t("delivery.notFeasible")}
          </Pill>
        </div>
        <p className="muted">{t("delivery.runs", { count: report.runs })}</p>
        {report.flags.length > 0 && (
          <>
            <h3>{t("delivery.flags")}</h3>
            <ul className="plain-list flag-list">
              {report.flags.map((flag) => (
                <li key={`${flag.kind}-${flag.language}`} data-flag={flag.kind}>
                  <Pill tone="bad">
                    {t(`delivery.flag_${flag.kind}`)}
                    {flag.language ? ` (${flag.language})` : ""}
                  </Pill>{" "}
                  {flag.message}
                </li>
              ))}
            </ul>
          </>
        )}
        <table className="table">
          <thead>
            <tr>
              <th>{t("delivery.percentile")}</th>
              <th>{t("delivery.finish")}</th>
              <th className="num">{t("delivery.cost")}</th>
            </tr>
          </thead>
          <tbody>
            {LEVELS.map((level) => (
              <tr key={level}>
                <td>{level}</td>
                <td>{report.finishDates[level] ? format.dateTime(report.finishDates[level]) : t("delivery.never")}</td>
                <td className="num">{report.cost ? money(report.cost[level]) : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          {t("delivery.onTime", { percent: format.percent(report.probabilityOnTime) })}
          {" · "}
          {report.probabilityWithinBudget === null
            ? t("delivery.costUnknown")
            : t("delivery.withinBudget", { percent: format.percent(report.probabilityWithinBudget) })}
        </p>
      </section>
      {report.payResponse && <PayResponseView response={report.payResponse} />}
      <div className="grid-2">
        <section className="card chart-card">
          <div className="section-head">
            <h2>{t("delivery.chartTitle")}</h2>
          </div>
          <FinishChart report={report} />
        </section>
        <section className="card">
          <h2>{t("delivery.languagesTitle")}</h2>
          <table className="table">
            <thead>
              <tr>
                <th>{t("delivery.language")}</th>
                <th className="num">{t("delivery.eligible")}</th>
                <th className="num">{t("delivery.measured")}</th>
                <th className="num">{t("delivery.peopleNeeded")}</th>
                <th className="num">{t("delivery.accuracy")}</th>
                <th>p85</th>
              </tr>
            </thead>
            <tbody>
              {report.languages.map((l) => (
                <tr key={l.language}>
                  <td>{l.language}</td>
                  <td className="num">{l.eligible}</td>
                  <td className="num">{l.measured}</td>
                  <td className="num">{l.peopleNeeded ?? "–"}</td>
                  <td className="num">{format.percent(l.accuracy, 1)}</td>
                  <td>{l.finishDays.p85 ?? t("delivery.never")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}

/** What the offered pay buys and the pay the deadline needs, by the workspace's pay elasticity (or that there is none). */
function PayResponseView({ response }: { response: NonNullable<Report["payResponse"]> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = (minor: number | null) =>
    minor === null ? "–" : formatMoney(minor, response.currency, { locale: format.locale });
  const decimal = (value: number) => format.number(Math.round(value * 100) / 100);
  const multiple = (value: number | null) => (value === null ? t("delivery.unbounded") : `${decimal(value)}×`);
  const { elasticity, payNeeded } = response;
  return (
    <section className="card" aria-labelledby="pay-response-head" data-testid="pay-response">
      <h2 id="pay-response-head">{t("delivery.payTitle")}</h2>
      <p>
        {t("delivery.payOffered", {
          pay: money(response.offeredPayMinor),
          throughput: response.throughputPerHour === null ? "–" : decimal(response.throughputPerHour),
          days: response.finishDaysP85 ?? t("delivery.never"),
          deadline: t("delivery.deadlineIn", { count: response.daysToDeadline }),
        })}
      </p>
      {/* Reports assessed before arms could be left out for their currency have no such lists. */}
      {(response.leftOut ?? []).map((experiment) => (
        <PayElasticityLeftOut key={experiment.experimentId} experiment={experiment} />
      ))}
      {elasticity === null ? (
        <p className="muted" data-testid="pay-elasticity">
          {t("delivery.noElasticity")}
        </p>
      ) : (
        <>
          <p data-testid="pay-elasticity">
            {t("delivery.elasticity", {
              value: decimal(elasticity.elasticity),
              low: decimal(elasticity.ci95[0]),
              high: decimal(elasticity.ci95[1]),
            })}{" "}
            <Link to={{ name: "experiment", experimentId: elasticity.source.experimentId }}>
              {elasticity.source.name}
            </Link>{" "}
            ({format.dateTime(elasticity.source.stoppedAt)})
          </p>
          {(elasticity.excluded ?? []).length > 0 && (
            <PayElasticityLeftOut
              experiment={{
                experimentId: elasticity.source.experimentId,
                name: elasticity.source.name,
                excluded: elasticity.excluded,
              }}
            />
          )}
          <p data-testid="pay-needed">
            {payNeeded === null
              ? t("delivery.payNeededUnknown")
              : t("delivery.payNeeded", {
                  pay: money(payNeeded.minor),
                  multiple: multiple(payNeeded.multiple),
                  low: multiple(payNeeded.multipleCi95[0]),
                  high: multiple(payNeeded.multipleCi95[1]),
                })}
          </p>
        </>
      )}
    </section>
  );
}

function FinishChart({ report }: { report: Report }) {
  const { t } = useTranslation();
  const start = Date.now();
  // biome-ignore lint/correctness/useExhaustiveDependencies: drawn once per report
  const times = useMemo(() => report.finishCurve.map((p) => (start + p.day * DAY) / 1000), [report]);
  const series = useMemo(
    () => [
      {
        label: t("delivery.chartLabel"),
        values: report.finishCurve.map((p) => p.probability),
        color: "#4f46e5",
        fill: "rgba(79,70,229,0.15)",
      },
    ],
    [report, t],
  );
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <TimeChart times={times} series={series} yRange={[0, 1]} yFormat={(v) => `${Math.round(v * 100)}%`} />
    </Suspense>
  );
}
