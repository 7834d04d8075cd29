import { type BottleneckReport, RISK_LABEL, type RiskKind, type RiskLevel } from "@quorum/core";
import type { ProjectForecastView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";

type Risk = ProjectForecastView["risks"][number];

const LEVEL_TONE: Record<string, "good" | "warn" | "bad" | "neutral"> = {
  done: "good",
  on_track: "good",
  tight: "warn",
  at_risk: "bad",
  late: "bad",
  stalled: "bad",
  blocked: "bad",
  no_deadline: "neutral",
};

/** A risk as a pill's title names it: its kind, language and, when known, its driver. */
interface RiskMention {
  kind: RiskKind;
  language: string | null;
  driver?: string;
}

/**
 * A delivery verdict: the level in a pill (the risks, and `note`, as its title), and beside it the
 * 85th-percentile finish and how many risks are open. The project page gives it from its forecast,
 * the projects list from each project's latest verdict (`GET /projects`' `delivery`).
 */
export function DeliveryPill({
  level,
  finishP85,
  risks,
  note,
}: {
  level: string;
  finishP85: string | null;
  risks: readonly RiskMention[];
  note?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const lines = risks.map(
    (r) => `${t(`delivery.risk_${r.kind}`)}${r.language ? ` (${r.language})` : ""}${r.driver ? `: ${r.driver}` : ""}`,
  );
  const title = [...(lines.length > 0 ? lines : [t("delivery.noRisks")]), ...(note ? [note] : [])].join("\n");
  const finishes = finishP85 !== null && level !== "done" && level !== "not_started" && level !== "no_tasks";
  return (
    <>
      <Pill tone={LEVEL_TONE[level] ?? "neutral"} title={title}>
        {RISK_LABEL[level as RiskLevel] ?? level}
      </Pill>
      {(finishes || risks.length > 0) && (
        <span className="cell-sub forecast-note">
          {finishes ? ` p85 ${format.dateTime(finishP85)}` : ""}
          {risks.length > 0 ? ` · ${risks.length} ⚠` : ""}
        </span>
      )}
    </>
  );
}

/** The server's forecast of a project as a `DeliveryPill`, its risks' drivers in the title. */
export function ForecastPill({ forecast }: { forecast: ProjectForecastView }) {
  return <DeliveryPill level={forecast.level} finishP85={forecast.eta.dates.p85} risks={forecast.risks} />;
}

/** The risk register: each risk with its driver and the suggested action. */
export function RiskRegister({ forecast }: { forecast: ProjectForecastView }) {
  const { t } = useTranslation();
  const { p50, p85, p95 } = forecast.eta.days;
  const dayCount = (count: number | null) => (count === null ? "–" : t("delivery.dayCount", { count }));
  const { blocked } = forecast;
  const finishable = blocked?.finishable ?? null;
  return (
    <section className="card" aria-label={t("delivery.risksTitle")}>
      <div className="section-head">
        <h2>{t("delivery.risksTitle")}</h2>
        <span className="muted">
          {t("delivery.forecastTitle")}:{" "}
          {forecast.level === "no_tasks"
            ? RISK_LABEL.no_tasks
            : blocked
              ? t("delivery.noFinishBlocked")
              : p50 === null
                ? t("delivery.noFinish")
                : t("delivery.etaDays", { p50: dayCount(p50), p85: dayCount(p85), p95: dayCount(p95) })}
        </span>
      </div>
      {blocked && (
        <div className="banner banner-error forecast-blocked" data-testid="forecast-blocked">
          <strong>{blocked.driver}</strong>
          <div>
            {t("delivery.action")}: {blocked.action}
          </div>
          {finishable && (
            <div className="cell-sub">
              {t("delivery.finishablePart", {
                eta: t("delivery.etaDays", {
                  p50: dayCount(finishable.days.p50),
                  p85: dayCount(finishable.days.p85),
                  p95: dayCount(finishable.days.p95),
                }),
              })}
            </div>
          )}
        </div>
      )}
      {forecast.risks.length === 0 ? (
        <p className="muted">{t("delivery.noRisks")}</p>
      ) : (
        <ul className="plain-list risk-list">
          {forecast.risks.map((risk: Risk) => (
            <li key={`${risk.kind}-${risk.language}`} data-risk={risk.kind}>
              <Pill tone={risk.severity === "high" ? "bad" : "warn"}>
                {t(`delivery.risk_${risk.kind}`)}
                {risk.language ? ` (${risk.language})` : ""}
              </Pill>{" "}
              {risk.driver}
              <div className="cell-sub">
                {t("delivery.action")}: {risk.action}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Where the work is held up: rates, starving languages, stuck tasks, the review queue. */
export function BottlenecksPanel({ report }: { report: BottleneckReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="card" aria-label={t("delivery.bottlenecksTitle")}>
      <h2>{t("delivery.bottlenecksTitle")}</h2>
      <dl className="kv">
        <dt>{t("delivery.skipRate")}</dt>
        <dd>{format.percent(report.skipRate, 1)}</dd>
        <dt>{t("delivery.expiryRate")}</dt>
        <dd>{format.percent(report.expiryRate, 1)}</dd>
        <dt>{t("delivery.stuckTasks")}</dt>
        <dd>{format.number(report.stuckTasks)}</dd>
        <dt>{t("delivery.reviewPending")}</dt>
        <dd>{format.number(report.reviewBacklog.pending)}</dd>
      </dl>
      {report.findings.length === 0 ? (
        <p className="muted">{t("delivery.noBottlenecks")}</p>
      ) : (
        <ul className="plain-list">
          {report.findings.map((f) => (
            <li key={`${f.kind}-${f.language}`}>{f.message}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
