import type { CampaignDetail } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useTitleSubject } from "../../../components/document-title.js";
import { LoadError } from "../../../components/load-error.js";
import { Link } from "../../../components/router.js";
import { PageLoading } from "../../../components/ui.js";
import { useFormat } from "../../../i18n/use-format.js";
import { formatMoney } from "../../../lib/money.js";
import { TableHead } from "../table-head.js";
import { useApi } from "../use-api.js";
import { FunnelChart } from "./funnel-chart.js";
import { StageTable } from "./stage-table.js";

/** One campaign: its sign-up link, spend and cost per qualified, the funnel chart and tables. */
export function CampaignPage({ campaignId }: { campaignId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loaded = useApi<CampaignDetail>(`/campaigns/${campaignId}`);
  const { data, error } = loaded;
  useTitleSubject(data?.campaign.name);
  if (error)
    return <LoadError load={loaded} back={{ to: { name: "campaigns" }, label: t("common.backToCampaigns") }} />;
  if (!data) return <PageLoading />;
  const { campaign, funnel } = data;
  const link = `${window.location.origin}${campaign.joinPath}`;
  const median = funnel.figures.medianTimeToQualifyMs;
  return (
    <div className="page">
      <p>
        <Link to={{ name: "campaigns" }}>{t("console.recruitment.back")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1 dir="auto">{campaign.name}</h1>
          <p className="muted">
            {t(`console.recruitment.channels.${campaign.channel}`, { defaultValue: campaign.channel })}
            {campaign.source ? ` · ${campaign.source}` : ""} · {t(`console.recruitment.statuses.${campaign.status}`)}
          </p>
        </div>
      </div>
      <div className="kpis">
        <div className="kpi">
          <div className="kpi-label">{t("console.recruitment.signUpLink")}</div>
          <div className="kpi-sub">
            <a href={campaign.joinPath} data-testid="join-link">
              {link}
            </a>
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t("console.recruitment.spend")}</div>
          <div className="kpi-value">
            {formatMoney(campaign.spendMinor, campaign.currency, { locale: format.locale })}
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t("console.recruitment.costPerQualified")}</div>
          <div className="kpi-value" data-testid="cost-per-qualified">
            {formatMoney(funnel.costPerQualified[0]?.amountMinor, campaign.currency, { locale: format.locale })}
          </div>
        </div>
        <div className="kpi">
          <div className="kpi-label">{t("console.recruitment.medianTimeToQualify")}</div>
          <div className="kpi-value">{median === null ? "–" : format.duration(median)}</div>
        </div>
      </div>
      <div className="grid-2">
        <section className="card">
          <h2>{t("console.recruitment.funnel")}</h2>
          <FunnelChart figures={funnel.figures} />
        </section>
        <section className="card">
          <h2>{t("console.recruitment.conversion")}</h2>
          <StageTable figures={funnel.figures} label={t("console.recruitment.conversion")} />
        </section>
      </div>
      <section className="card">
        <h2>{t("console.recruitment.byLanguage")}</h2>
        <table className="table" aria-label={t("console.recruitment.byLanguage")}>
          <TableHead
            columns={[
              t("console.recruitment.language"),
              { label: t("console.recruitment.stages.applied"), numeric: true },
              { label: t("console.recruitment.stages.qualified"), numeric: true },
              { label: t("console.recruitment.ofApplied"), numeric: true },
              { label: t("console.recruitment.medianTimeToQualify"), numeric: true },
            ]}
          />
          <tbody>
            {funnel.byLanguage.map(({ language, figures }) => {
              const qualified = figures.stages.find((s) => s.stage === "qualified")!;
              return (
                <tr key={language}>
                  <td>{language}</td>
                  <td className="num">{format.number(figures.applicants)}</td>
                  <td className="num">{format.number(qualified.count)}</td>
                  <td className="num">{format.percent(qualified.ofApplied)}</td>
                  <td className="num">
                    {figures.medianTimeToQualifyMs === null ? "–" : format.duration(figures.medianTimeToQualifyMs)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {funnel.referrers.length > 0 && (
        <section className="card">
          <h2>{t("console.recruitment.referrers")}</h2>
          <table className="table" aria-label={t("console.recruitment.referrers")}>
            <TableHead
              columns={[
                t("console.recruitment.name"),
                { label: t("console.recruitment.stages.applied"), numeric: true },
                { label: t("console.recruitment.stages.qualified"), numeric: true },
              ]}
            />
            <tbody>
              {funnel.referrers.map((r) => (
                <tr key={r.userId}>
                  <td>{r.name}</td>
                  <td className="num">{format.number(r.applied)}</td>
                  <td className="num">{format.number(r.qualified)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
