import { can } from "@quorum/core";
import type { CampaignList } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useRouter } from "../../../components/router.js";
import { useSession } from "../../../components/session.js";
import { EmptyState, ErrorBanner, Modal, PageLoading, Pill } from "../../../components/ui.js";
import { useFormat } from "../../../i18n/use-format.js";
import { formatMoney } from "../../../lib/money.js";
import { TableHead } from "../table-head.js";
import { useApi } from "../use-api.js";
import { CampaignForm } from "./campaign-form.js";
import { PoolTables } from "./pool-tables.js";

/** Recruitment: the campaigns with their funnel at a glance, a create form, the pool gap and diversity. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { navigate } = useRouter();
  const { user } = useSession();
  const { data, error, reload } = useApi<CampaignList>("/campaigns");
  const [creating, setCreating] = useState(false);
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const count = (c: CampaignList["campaigns"][number], stage: string) =>
    c.figures.stages.find((s) => s.stage === stage)?.count ?? 0;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("console.recruitment.title")}</h1>
          <p className="muted">{t("console.recruitment.summary", { count: data.campaigns.length })}</p>
        </div>
        {can(user.role, "users.manage") && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t("console.recruitment.new")}
          </button>
        )}
      </div>
      <div className="card">
        {data.campaigns.length === 0 ? (
          <EmptyState title={t("console.recruitment.none")} />
        ) : (
          <div className="table-scroll">
            <table className="table" aria-label={t("console.recruitment.title")}>
              <TableHead
                columns={[
                  t("console.recruitment.name"),
                  t("console.recruitment.channel"),
                  t("console.recruitment.status"),
                  { label: t("console.recruitment.stages.applied"), numeric: true },
                  { label: t("console.recruitment.stages.qualified"), numeric: true },
                  { label: t("console.recruitment.stages.active"), numeric: true },
                  { label: t("console.recruitment.spend"), numeric: true },
                  { label: t("console.recruitment.costPerQualified"), numeric: true },
                ]}
              />
              <tbody>
                {data.campaigns.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={{ name: "campaign", campaignId: c.id }}>{c.name}</Link>
                      <div className="cell-sub">{c.joinPath}</div>
                    </td>
                    <td>{t(`console.recruitment.channels.${c.channel}`, { defaultValue: c.channel })}</td>
                    <td>
                      <Pill tone={c.status === "open" ? "good" : "neutral"}>
                        {t(`console.recruitment.statuses.${c.status}`)}
                      </Pill>
                    </td>
                    <td className="num">{format.number(count(c, "applied"))}</td>
                    <td className="num">{format.number(count(c, "qualified"))}</td>
                    <td className="num">{format.number(count(c, "active"))}</td>
                    <td className="num">{formatMoney(c.spendMinor, c.currency, { locale: format.locale })}</td>
                    <td className="num">
                      {formatMoney(c.costPerQualified[0]?.amountMinor, c.currency, { locale: format.locale })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {can(user.role, "users.manage") || user.role === "analyst" ? <PoolTables /> : null}
      <Modal title={t("console.recruitment.new")} open={creating} onClose={() => setCreating(false)} wide>
        <CampaignForm
          onCreated={(id) => {
            setCreating(false);
            navigate({ name: "campaign", campaignId: id });
          }}
        />
      </Modal>
    </div>
  );
}
