import type { ProjectStatsView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../lib/format.js";

/** Judgments per local day (the stats' time zone) as bars with their numbers. */
export function DailyThroughput({ stats }: { stats: ProjectStatsView }) {
  const { t } = useTranslation();
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
