import { can, type ExperimentMetric } from "@quorum/core";
import type { ExperimentResultsView } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../../api/client.js";
import { useTitleSubject } from "../../../components/document-title.js";
import { LoadError } from "../../../components/load-error.js";
import { useSession } from "../../../components/session.js";
import { ErrorBanner, PageLoading, Pill } from "../../../components/ui.js";
import { formatArmMean } from "../../../lib/experiment-means.js";
import { formatMoney } from "../../../lib/money.js";
import { useApi } from "../use-api.js";
import { IntervalChart } from "./interval-chart.js";

const percent = (value: number) => `${value >= 0 ? "+" : "−"}${Math.abs(value * 100).toFixed(1)}%`;
const pValue = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toPrecision(2));

/** An experiment's live results: exposure and the sample-ratio check, each metric's lift with intervals, the decision. */
export function ExperimentPage({ experimentId }: { experimentId: number }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const results = useApi<ExperimentResultsView>(`/experiments/${experimentId}/results`);
  const [error, setError] = useState<string | undefined>();
  useTitleSubject(results.data?.experiment.name);
  if (results.error)
    return (
      <LoadError
        load={results}
        back={{ to: { name: "experiments", tab: "list" }, label: t("common.backToExperiments") }}
      />
    );
  if (!results.data) return <PageLoading />;
  const { experiment, srm, metrics, decisions, exposed, armPay, currency } = results.data;
  const metricName = (metric: ExperimentMetric) => t(`experiments.metricNames.${metric}`);
  const adjusted = metrics.some((m) => m.effects.some((e) => e.cuped));
  const change = async (action: "start" | "stop") => {
    try {
      await api(`/experiments/${experimentId}/${action}`, { method: "POST" });
      results.reload();
    } catch (e) {
      setError(describeError(e));
    }
  };
  const rows = metrics.flatMap((m) =>
    m.effects.map((e) => ({
      label: `${metricName(m.metric)} · ${e.arm}`,
      lift: e.lift,
      ci95: e.ci95,
      sequential: e.sequential,
    })),
  );
  const manage = can(user.role, "experiments.manage");
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 dir="auto">{experiment.name}</h1>
          <p className="muted">{experiment.hypothesis}</p>
        </div>
        {manage && experiment.status === "draft" && (
          <button type="button" className="btn btn-primary" onClick={() => change("start")}>
            {t("experiments.start")}
          </button>
        )}
        {manage && experiment.status === "running" && (
          <button type="button" className="btn" onClick={() => change("stop")}>
            {t("experiments.stop")}
          </button>
        )}
      </div>
      {error && <ErrorBanner error={error} />}
      <section className="card" aria-labelledby="decision-head">
        <h2 id="decision-head">{t("experiments.decision")}</h2>
        {decisions.map((d) => (
          <p key={d.arm} data-testid="decision">
            <Pill tone={d.verdict === "ship" ? "good" : d.verdict === "keep_testing" ? "info" : "bad"}>
              {t(`experiments.verdicts.${d.verdict}`)}
            </Pill>{" "}
            {d.summary}
          </p>
        ))}
        <p>
          {t("experiments.exposed")}: {experiment.arms.map((arm, i) => `${arm.name} ${exposed[i] ?? 0}`).join(" · ")} —{" "}
          {t("experiments.srm")}:{" "}
          <span data-testid="srm">
            {t(srm.mismatch ? "experiments.srmBad" : "experiments.srmOk", { p: pValue(srm.pValue) })}
          </span>
        </p>
        {experiment.arms.map((arm, i) => {
          const standing = armPay[i];
          if (!standing || standing === "applies" || arm.payRateMinor === undefined) return null;
          const pay =
            arm.payCurrency === undefined
              ? String(arm.payRateMinor)
              : formatMoney(arm.payRateMinor, arm.payCurrency, { locale: i18n.language });
          return (
            <div key={arm.name} className="banner banner-warn" role="alert" data-testid="arm-pay-warning">
              {t(`experiments.armPay_${standing}`, { arm: arm.name, pay })}
            </div>
          );
        })}
      </section>
      <section className="card" aria-labelledby="results-head">
        <h2 id="results-head">{t("experiments.results")}</h2>
        {rows.length > 0 && <IntervalChart rows={rows} label={t("experiments.chartLabel")} />}
        <table className="table" aria-label={t("experiments.results")}>
          <thead>
            <tr>
              <th scope="col">{t("experiments.metric")}</th>
              <th scope="col">{t("experiments.mean")}</th>
              <th scope="col">{t("experiments.arm")}</th>
              <th scope="col" className="num">
                {t("experiments.lift")}
              </th>
              <th scope="col">{t("experiments.interval95")}</th>
              <th scope="col">{t("experiments.sequential")}</th>
              <th scope="col" className="num">
                {t("experiments.pValue")}
              </th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) =>
              m.unavailable ? (
                <tr key={m.metric} data-metric={m.metric}>
                  <th scope="row">
                    {metricName(m.metric)} <span className="muted">{t(`experiments.role_${m.role}`)}</span>
                  </th>
                  <td colSpan={6} className="muted">
                    {t("experiments.unavailable")} ({m.unavailable})
                  </td>
                </tr>
              ) : (
                m.effects.map((e) => (
                  <tr key={`${m.metric}-${e.arm}`} data-testid="effect-row" data-metric={m.metric}>
                    <th scope="row">
                      {metricName(m.metric)} <span className="muted">{t(`experiments.role_${m.role}`)}</span>
                    </th>
                    <td>
                      {m.arms
                        .map((a) => `${a.arm} ${formatArmMean(m.metric, a.mean, { locale: i18n.language, currency })}`)
                        .join(" · ")}
                    </td>
                    <td>{e.arm}</td>
                    <td className="num">
                      {percent(e.lift)}
                      {e.cuped && (
                        <abbr title={t("experiments.cupedMark")} data-testid="cuped-mark">
                          *
                        </abbr>
                      )}
                    </td>
                    <td>
                      [{percent(e.ci95[0])}, {percent(e.ci95[1])}]
                    </td>
                    <td>
                      [{percent(e.sequential[0])}, {percent(e.sequential[1])}]
                    </td>
                    <td className="num">{pValue(e.adjustedPValue)}</td>
                  </tr>
                ))
              ),
            )}
          </tbody>
        </table>
        {adjusted && (
          <p className="muted" data-testid="cuped-note">
            {t("experiments.cupedNote")}
          </p>
        )}
        <p className="muted">{t("experiments.agreementNote")}</p>
        <p className="muted">{t("experiments.retentionNote")}</p>
      </section>
    </div>
  );
}
