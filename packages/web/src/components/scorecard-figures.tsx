import type { ScorecardView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/use-format.js";
import "../styles/scorecard.css";

/** A person's headline figures over the period: shared by their own page and the console's panel. */
export function ScorecardFigures({ card, goldHidden }: { card: ScorecardView; goldHidden?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { totals } = card;
  const dash = t("common.none");
  return (
    <dl className="today-figures scorecard-figures" data-testid="scorecard-figures">
      <div>
        <dt>{t("scorecard.tier")}</dt>
        <dd>{t(`scorecard.tiers.${card.person.tier}`)}</dd>
      </div>
      <div>
        <dt>{t("scorecard.judgments")}</dt>
        <dd>{format.number(totals.judgments)}</dd>
      </div>
      <div>
        <dt>{t("scorecard.handlingTime")}</dt>
        <dd>{totals.averageHandlingMs === null ? dash : format.duration(totals.averageHandlingMs)}</dd>
      </div>
      <div>
        <dt>{t("scorecard.goldAccuracy")}</dt>
        <dd>
          {totals.gold.accuracy === null ? (
            goldHidden ? (
              <span className="cell-sub">{t("scorecard.goldHidden")}</span>
            ) : (
              dash
            )
          ) : (
            <>
              {format.percent(totals.gold.accuracy, 1)}
              <span className="cell-sub">
                {" "}
                {t("scorecard.goldInterval", {
                  lower: format.percent(totals.gold.lower, 1),
                  upper: format.percent(totals.gold.upper, 1),
                })}
              </span>
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>{t("scorecard.agreement")}</dt>
        <dd>{card.agreement.rate === null ? dash : format.percent(card.agreement.rate, 1)}</dd>
      </div>
      <div>
        <dt>{t("scorecard.utilisation")}</dt>
        <dd>{totals.utilisation === null ? dash : format.percent(totals.utilisation)}</dd>
      </div>
      <div>
        <dt>{t("scorecard.skipRate")}</dt>
        <dd>{totals.skipRate === null ? dash : format.percent(totals.skipRate, 1)}</dd>
      </div>
      <div>
        <dt>{t("scorecard.expiryRate")}</dt>
        <dd>{totals.expiryRate === null ? dash : format.percent(totals.expiryRate, 1)}</dd>
      </div>
    </dl>
  );
}

/** The weeks as a table (the workspace shows this; the console adds a chart). */
export function ScorecardWeeks({ weeks }: { weeks: ScorecardView["weeks"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const dash = t("common.none");
  return (
    <table className="table" aria-label={t("scorecard.byWeek")}>
      <thead>
        <tr>
          <th>{t("scorecard.week")}</th>
          <th className="num">{t("scorecard.judgments")}</th>
          <th className="num">{t("scorecard.handlingTime")}</th>
          <th className="num">{t("scorecard.goldAccuracy")}</th>
          <th className="num">{t("scorecard.utilisation")}</th>
          <th className="num">{t("scorecard.skipRate")}</th>
          <th className="num">{t("scorecard.expiryRate")}</th>
        </tr>
      </thead>
      <tbody>
        {[...weeks].reverse().map((w) => (
          <tr key={w.week}>
            <td>
              {new Date(`${w.week}T00:00:00Z`).toLocaleDateString(format.locale, {
                timeZone: "UTC",
                dateStyle: "medium",
              })}
            </td>
            <td className="num">{format.number(w.judgments)}</td>
            <td className="num">{w.averageHandlingMs === null ? dash : format.duration(w.averageHandlingMs)}</td>
            <td className="num">{w.gold.accuracy === null ? dash : format.percent(w.gold.accuracy, 1)}</td>
            <td className="num">{w.utilisation === null ? dash : format.percent(w.utilisation)}</td>
            <td className="num">{w.skipRate === null ? dash : format.percent(w.skipRate, 1)}</td>
            <td className="num">{w.expiryRate === null ? dash : format.percent(w.expiryRate, 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
