import type { ProjectStatsView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../lib/format.js";
import { throughputView } from "../../lib/throughput.js";

/**
 * Judgments per local day (the stats' time zone) as bars with their numbers; a sentence instead
 * when no day has any (a new project, or a quiet fortnight).
 */
export function DailyThroughput({ stats }: { stats: ProjectStatsView }) {
  const { t } = useTranslation();
  const view = throughputView(stats.judgments.total, stats.daily);
  if (view !== "chart")
    return (
      <p className="muted empty-state" data-testid="daily-throughput-empty">
        {t(view === "no_judgments_yet" ? "console.daily.noJudgmentsYet" : "console.daily.noneInWindow")}
      </p>
    );
  const most = Math.max(1, ...stats.daily.map((d) => d.judgments));
  return (
    <table className="table daily-throughput" aria-label={t("console.daily.title")}>
      <caption className="muted">{t("console.daily.caption", { zone: stats.timeZone })}</caption>
      <tbody>
        {stats.daily.map((d) => (
          <tr key={d.day}>
            <th scope="row">{d.day}</th>
            <td className="bar-cell">
              <span className="bar" style={{ width: `${(100 * d.judgments) / most}%` }} />
            </td>
            <td className="num">{formatNumber(d.judgments)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
