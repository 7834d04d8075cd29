import { can, type ErrorDetail } from "@quorum/core";
import type { RoiView, StaffProjectList } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../../api/client.js";
import { Field } from "../../../components/field.js";
import { useSession } from "../../../components/session.js";
import { EmptyState, ErrorBanner, PageLoading } from "../../../components/ui.js";
import { useWorkspaceCurrency } from "../../../components/workspace-currency.js";
import { useFormat } from "../../../i18n/use-format.js";
import { formatMoney, formatUnitCost } from "../../../lib/money.js";
import { useApi } from "../use-api.js";
import { LearningCurveChart } from "./learning-curve-chart.js";

/**
 * A project's dataset versions, model evaluations, learning curve and what the next labels are
 * worth; money (the API's minor units) shown in the project's currency.
 */
export function RoiPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const projects = useApi<StaffProjectList>("/projects");
  const [chosen, setChosen] = useState<number | undefined>();
  const projectId = chosen ?? projects.data?.projects[0]?.id;
  const roi = useApi<RoiView>(projectId === undefined ? undefined : `/projects/${projectId}/roi`);
  const [name, setName] = useState("");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const workspaceCurrency = useWorkspaceCurrency();
  if (projects.error) return <ErrorBanner error={projects.error} onRetry={projects.reload} />;
  if (!projects.data) return <PageLoading />;
  if (projectId === undefined) return <EmptyState title={t("experiments.noVersions")} />;
  async function freeze(event: React.FormEvent) {
    event.preventDefault();
    try {
      await api(`/projects/${projectId}/dataset-versions`, { method: "POST", body: { name } });
      setName("");
      setDetails([]);
      setError(undefined);
      roi.reload();
    } catch (e) {
      setDetails(e instanceof ApiError ? e.details : []);
      setError(describeError(e));
    }
  }
  const data = roi.data;
  // A project without costs yet has no currency of its own: its zeros read in the workspace's.
  const currency = data?.prices.currency ?? workspaceCurrency ?? "USD";
  const money = (minor: number | undefined | null) => formatMoney(minor, currency, { locale: format.locale });
  return (
    <>
      <div className="form-grid">
        <Field label={t("experiments.project")}>
          {(control) => (
            <select {...control} value={projectId} onChange={(e) => setChosen(Number(e.target.value))}>
              {projects.data!.projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {error && <ErrorBanner error={error} />}
      {roi.error && <ErrorBanner error={roi.error} onRetry={roi.reload} />}
      {!data ? (
        <PageLoading />
      ) : (
        <>
          <section className="card">
            <h2>{t("experiments.versions")}</h2>
            {data.datasetVersions.length === 0 ? (
              <EmptyState title={t("experiments.noVersions")} />
            ) : (
              <table className="table" aria-label={t("experiments.versions")}>
                <thead>
                  <tr>
                    <th scope="col">{t("experiments.versionName")}</th>
                    <th scope="col" className="num">
                      {t("experiments.tasks")}
                    </th>
                    <th scope="col" className="num">
                      {t("experiments.labels")}
                    </th>
                    <th scope="col">{t("experiments.frozenAt")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.datasetVersions.map((v) => (
                    <tr key={v.id} data-testid="version-row">
                      <td>{v.name}</td>
                      <td className="num">{v.taskCount}</td>
                      <td className="num">{v.labelCount}</td>
                      <td>{v.frozenAt?.slice(0, 10)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {can(user.role, "experiments.manage") && (
              <form onSubmit={freeze} noValidate className="form-grid">
                <Field label={t("experiments.versionName")} details={details} path="name">
                  {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
                </Field>
                <button type="submit" className="btn">
                  {t("experiments.freeze")}
                </button>
              </form>
            )}
          </section>
          <p>
            {t("experiments.costPerLabel")}:{" "}
            <span data-testid="cost-per-label">
              {formatUnitCost(data.prices.costPerAcceptedLabel, currency, { locale: format.locale })}
            </span>
          </p>
          {data.metrics.map((m) => (
            <section className="card" key={m.metric}>
              <h2>
                {t("experiments.learningCurve")}: {m.metric}
              </h2>
              {m.unavailable ? (
                <p className="muted">{t("experiments.noFit")}</p>
              ) : (
                <LearningCurveChart roi={m} label={t("experiments.curveLabel")} />
              )}
              {m.fit && (
                <p data-testid="fit">
                  err = {m.fit.a.toPrecision(3)}·n^(−{m.fit.b.toPrecision(3)}) + {m.fit.c.toPrecision(3)} (c ∈ [
                  {m.fit.intervals.c[0].toPrecision(3)}, {m.fit.intervals.c[1].toPrecision(3)}])
                </p>
              )}
              {m.investment && data.assumptions && (
                <table className="table" aria-label={t("experiments.pricePerPoint")}>
                  <thead>
                    <tr>
                      <th scope="col" />
                      <th scope="col" className="num">
                        {t("experiments.gain")}
                      </th>
                      <th scope="col" className="num">
                        {t("experiments.cost")}
                      </th>
                      <th scope="col" className="num">
                        {t("experiments.pricePerPoint")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {(
                      [
                        [t("experiments.moreLabels", { count: data.assumptions.extraLabels }), m.investment.moreLabels],
                        [t("experiments.betterLabels"), m.investment.betterLabels],
                      ] as const
                    ).map(([label, option]) => (
                      <tr key={label}>
                        <th scope="row">{label}</th>
                        <td className="num">{(option.gain.gain * 100).toFixed(2)} pt</td>
                        <td className="num">{money(option.cost)}</td>
                        <td className="num">{money(option.pricePerPoint)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ))}
          <section className="card">
            <h2>{t("experiments.evaluations")}</h2>
            <table className="table" aria-label={t("experiments.evaluations")}>
              <thead>
                <tr>
                  <th scope="col">{t("experiments.metric")}</th>
                  <th scope="col" className="num">
                    {t("experiments.labels")}
                  </th>
                  <th scope="col" className="num">
                    {t("experiments.mean")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.evaluations.map((e) => (
                  <tr key={e.id}>
                    <td>{e.metric}</td>
                    <td className="num">{format.number(e.labels)}</td>
                    <td className="num">{format.number(Math.round(e.value * 10_000) / 10_000)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
