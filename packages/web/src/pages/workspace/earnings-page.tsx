import type { AnnotatorProjectList, EarningsResponse } from "@quorum/server";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { calendarMonth, type DayRange, lastDays, monthToDate, rangeInstants } from "../../lib/cost-period.js";
import { earningsByDay } from "../../lib/earnings.js";
import { formatMoney } from "../../lib/money.js";
import { useApi } from "../console/use-api.js";
import "../../styles/cost.css";

/**
 * The viewer's time zone. The periods are whole days in it, so the server counts the days in it
 * too (left to itself it would use the zone in the person's profile, and a period's first and last
 * days would take in hours from outside it).
 */
const viewerTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The annotator's own pay by day and project over a period, with the effective hourly wage (pay ÷ active time). */
export default function EarningsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const now = new Date();
  const presets: [string, DayRange][] = [
    [t("earnings.last30Days"), lastDays(now, 30)],
    [t("earnings.thisMonth"), monthToDate(now)],
    [t("earnings.lastMonth"), calendarMonth(now, -1)],
  ];
  const [range, setRange] = useState<DayRange>(presets[0]![1]);
  const instants = rangeInstants(range);
  const [timeZone] = useState(viewerTimeZone);
  const earnings = useApi<EarningsResponse>(
    instants ? `/me/earnings?${new URLSearchParams({ ...instants, timeZone })}` : undefined,
  );
  const projects = useApi<AnnotatorProjectList>("/projects");
  const rows = useMemo(() => earningsByDay(earnings.data?.days ?? []), [earnings.data]);
  const projectName = (id: number | null) =>
    id === null
      ? t("earnings.otherPay")
      : (projects.data?.projects.find((p) => p.id === id)?.name ?? t("earnings.projectNumber", { id }));
  const money = (minor: number | null, currency: string, exponent: number) =>
    formatMoney(minor, currency, { locale: format.locale, exponent });

  return (
    <main className="earnings-page">
      <h1>{t("earnings.title")}</h1>
      <p className="muted">{t("earnings.intro", { zone: earnings.data?.timeZone ?? timeZone })}</p>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t("earnings.period")}</legend>
        {presets.map(([label, preset]) => (
          <button
            key={label}
            type="button"
            aria-pressed={preset.from === range.from && preset.to === range.to}
            onClick={() => setRange(preset)}
          >
            {label}
          </button>
        ))}
      </fieldset>
      {earnings.error && <ErrorBanner error={earnings.error} onRetry={earnings.reload} />}
      {!earnings.data ? (
        <PageLoading />
      ) : (
        <>
          {earnings.data.totals.length === 0 ? (
            <div className="empty-state">
              <h2>{t("earnings.nothing")}</h2>
              <p className="muted">{t("earnings.nothingHint")}</p>
            </div>
          ) : (
            earnings.data.totals.map((total) => (
              <dl key={total.currency} className="today-figures earnings-totals" data-testid="earnings-totals">
                <div>
                  <dt>{t("earnings.total")}</dt>
                  <dd>{money(total.payMinor, total.currency, total.fractionDigits)}</dd>
                </div>
                <div>
                  <dt>{t("earnings.activeTime")}</dt>
                  <dd>{format.duration(total.activeMs)}</dd>
                </div>
                <div>
                  <dt>{t("earnings.hourly")}</dt>
                  <dd>
                    {total.hourlyWageMinor === null
                      ? "–"
                      : money(Math.round(total.hourlyWageMinor), total.currency, total.fractionDigits)}
                  </dd>
                </div>
              </dl>
            ))
          )}
          {rows.length > 0 && (
            <div className="table-scroll">
              <table className="table earnings-table" aria-label={t("earnings.byDay")}>
                <thead>
                  <tr>
                    <th>{t("earnings.day")}</th>
                    <th>{t("earnings.projects")}</th>
                    <th className="num">{t("earnings.judgments")}</th>
                    <th className="num">{t("earnings.activeTime")}</th>
                    <th className="num">{t("earnings.hourly")}</th>
                    <th className="num">{t("earnings.pay")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={`${row.day} ${row.currency}`}>
                      <td>
                        {new Date(`${row.day}T00:00:00Z`).toLocaleDateString(format.locale, {
                          timeZone: "UTC",
                          dateStyle: "medium",
                        })}
                      </td>
                      <td>
                        {row.projects.map((p) => (
                          <div key={String(p.projectId)} className="cell-sub">
                            {projectName(p.projectId)}: {money(p.payMinor, row.currency, row.exponent)}
                          </div>
                        ))}
                      </td>
                      <td className="num">{format.number(row.judgments)}</td>
                      <td className="num">{format.duration(row.activeMs)}</td>
                      <td className="num">
                        {row.hourlyWageMinor === null
                          ? "–"
                          : money(Math.round(row.hourlyWageMinor), row.currency, row.exponent)}
                      </td>
                      <td className="num">{money(row.payMinor, row.currency, row.exponent)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </main>
  );
}
