import type { CapacityView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { useApi } from "./use-api.js";
import "../../styles/scorecard.css";

interface Settings {
  paidHoursPerWeek: string;
  shrinkage: string;
  utilisation: string;
  horizonDays: string;
}

const DEFAULTS: Settings = { paidHoursPerWeek: "40", shrinkage: "0.2", utilisation: "", horizonDays: "28" };

/** People needed per language and project to finish the open work by its deadlines, against the active pool. */
export function CapacityPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [draft, setDraft] = useState<Settings>(DEFAULTS);
  const [applied, setApplied] = useState<Settings>(DEFAULTS);
  const query = new URLSearchParams(Object.entries(applied).filter(([, v]) => v.trim() !== ""));
  const plan = useApi<CapacityView>(`/capacity?${query}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
  };
  const field = (key: keyof Settings, label: string, step: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="number"
        step={step}
        min="0"
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );
  const hours = (h: number) => format.number(Math.round(h * 10) / 10);
  return (
    <div className="capacity-page">
      <div className="section-head">
        <h1>{t("console.capacity.title")}</h1>
      </div>
      <p className="muted">{t("console.capacity.intro")}</p>
      <p className="muted">{t("console.capacity.paidNotCrowd")}</p>
      <form className="form-grid capacity-form" onSubmit={submit}>
        {field("paidHoursPerWeek", t("console.capacity.paidHours"), "0.5")}
        {field("shrinkage", t("console.capacity.shrinkage"), "0.01")}
        {field("utilisation", t("console.capacity.utilisation"), "0.01")}
        {field("horizonDays", t("console.capacity.horizon"), "1")}
        <button type="submit" className="btn btn-primary">
          {t("console.capacity.update")}
        </button>
      </form>
      {plan.error && <ErrorBanner error={plan.error} onRetry={plan.reload} />}
      {!plan.data ? (
        <PageLoading />
      ) : (
        <>
          <p className="muted" data-testid="capacity-measured">
            {plan.data.measured.utilisation === null
              ? t("console.capacity.notMeasured")
              : t("console.capacity.measured", {
                  utilisation: format.percent(plan.data.measured.utilisation),
                  seconds: format.number(Math.round(plan.data.measured.secondsPerJudgment ?? 0)),
                })}
          </p>
          {plan.data.languages.length === 0 ? (
            <EmptyState title={t("console.capacity.nothing")} />
          ) : (
            <>
              <section className="card">
                <h2>{t("console.capacity.byLanguage")}</h2>
                <table className="table" data-testid="capacity-languages">
                  <thead>
                    <tr>
                      <th>{t("console.capacity.language")}</th>
                      <th className="num">{t("console.capacity.workload")}</th>
                      <th className="num">{t("console.capacity.fte")}</th>
                      <th className="num">{t("console.capacity.people")}</th>
                      <th className="num">{t("console.capacity.pool")}</th>
                      <th className="num">{t("console.capacity.shortfall")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.data.languages.map((l) => (
                      <tr key={l.language}>
                        <td>{l.language}</td>
                        <td className="num">{hours(l.workloadHours)}</td>
                        <td className="num">{format.number(Math.round(l.fte * 100) / 100)}</td>
                        <td className="num">{format.number(l.people)}</td>
                        <td className="num">{format.number(l.pool)}</td>
                        <td className="num">
                          {l.shortfall > 0 ? <Pill tone="bad">{format.number(l.shortfall)}</Pill> : "0"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="card">
                <h2>{t("console.capacity.byProject")}</h2>
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t("console.capacity.project")}</th>
                      <th>{t("console.capacity.language")}</th>
                      <th className="num">{t("console.capacity.judgmentsLeft")}</th>
                      <th className="num">{t("console.capacity.workload")}</th>
                      <th className="num">{t("console.capacity.days")}</th>
                      <th className="num">{t("console.capacity.hoursPerPerson")}</th>
                      <th className="num">{t("console.capacity.fte")}</th>
                      <th className="num">{t("console.capacity.people")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.data.projects.map((p, i) => (
                      // A project has a row per language and deadline.
                      // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own
                      <tr key={`${p.projectId} ${p.language} ${i}`}>
                        <td dir="auto">{p.name}</td>
                        <td>{p.language}</td>
                        <td className="num">{format.number(p.judgmentsLeft)}</td>
                        <td className="num">{hours(p.workloadHours)}</td>
                        <td className="num">
                          {format.number(Math.round(p.days * 10) / 10)}
                          {p.overdue && <Pill tone="bad">{t("console.capacity.overdue")}</Pill>}
                        </td>
                        <td className="num">
                          {hours(p.hoursPerPerson)}
                          {p.exposureCapped && <Pill tone="warn">{t("console.capacity.capped")}</Pill>}
                        </td>
                        <td className="num">{format.number(Math.round(p.fte * 100) / 100)}</td>
                        <td className="num">{format.number(p.people)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          )}
        </>
      )}
    </div>
  );
}
