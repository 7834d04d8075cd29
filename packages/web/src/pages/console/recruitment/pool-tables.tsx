import type { RecruitmentPoolView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { ErrorBanner, PageLoading } from "../../../components/ui.js";
import { useFormat } from "../../../i18n/use-format.js";
import { TableHead } from "../table-head.js";
import { useApi } from "../use-api.js";

/** The pool gap per language and the active pool by region and language (GET /recruitment/pool). */
export function PoolTables() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, reload } = useApi<RecruitmentPoolView>("/recruitment/pool");
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  return (
    <div className="grid-2">
      <section className="card">
        <h2>{t("console.recruitment.poolGap")}</h2>
        <p className="muted">
          {t("console.recruitment.poolGapHint", { seconds: format.number(Math.round(data.secondsPerJudgment)) })}
        </p>
        {data.gap.length === 0 ? (
          <p className="muted empty-state">{t("console.recruitment.noOpenWork")}</p>
        ) : (
          <table className="table" aria-label={t("console.recruitment.poolGap")}>
            <TableHead
              columns={[
                t("console.recruitment.language"),
                t("console.recruitment.judgmentsLeft"),
                t("console.recruitment.needed"),
                t("console.recruitment.active"),
                t("console.recruitment.gap"),
              ]}
            />
            <tbody>
              {data.gap.map((row) => (
                <tr key={row.language}>
                  <td>{row.language || t("console.recruitment.anyLanguage")}</td>
                  <td className="num">{format.number(row.judgmentsLeft)}</td>
                  <td className="num">{format.number(row.needed)}</td>
                  <td className="num">{format.number(row.active)}</td>
                  <td className="num">{format.number(row.gap)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>{t("console.recruitment.diversity", { count: data.activePeople })}</h2>
        {data.activePeople === 0 ? (
          <p className="muted empty-state">{t("console.recruitment.noActivePeople")}</p>
        ) : (
          <>
            <table className="table" aria-label={t("console.recruitment.byRegion")}>
              <TableHead columns={[t("console.recruitment.region"), t("console.recruitment.people")]} />
              <tbody>
                {data.byRegion.map((row) => (
                  <tr key={row.region ?? ""}>
                    <td>{row.region ?? t("console.recruitment.unknownRegion")}</td>
                    <td className="num">{format.number(row.people)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table" aria-label={t("console.recruitment.byLanguage")}>
              <TableHead columns={[t("console.recruitment.language"), t("console.recruitment.people")]} />
              <tbody>
                {data.byLanguage.map((row) => (
                  <tr key={row.language}>
                    <td>{row.language}</td>
                    <td className="num">{format.number(row.people)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}
