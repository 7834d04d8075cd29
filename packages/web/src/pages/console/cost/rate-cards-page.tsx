import type { TaskType } from "@quorum/core";
import type { RateCardList, RateCardView } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../../api/client.js";
import { useSession } from "../../../components/session.js";
import { EmptyState, ErrorBanner, Modal, PageLoading } from "../../../components/ui.js";
import { useFormat } from "../../../i18n/use-format.js";
import { costAccess } from "../../../lib/cost-access.js";
import { formatMoney } from "../../../lib/money.js";
import { TableHead } from "../table-head.js";
import { useApi } from "../use-api.js";
import { RateCardForm } from "./rate-card-form.js";
import { useCostNames } from "./use-cost-names.js";

/**
 * The rate cards, newest first, with their scope and pay. Those who may change them add, edit
 * and delete here; others read (the controls are not shown to them; the API refuses them anyway).
 */
export function RateCardsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const canManage = costAccess(user.role).manageRates;
  const cards = useApi<RateCardList>("/rate-cards");
  const names = useCostNames();
  const [editing, setEditing] = useState<RateCardView | "new" | undefined>();
  const [rowError, setRowError] = useState<string | undefined>();
  const projects = useApi<{ projects: { id: number; name: string }[] }>(canManage ? "/projects" : undefined);
  if (cards.error) return <ErrorBanner error={cards.error} onRetry={cards.reload} />;
  if (!cards.data) return <PageLoading />;
  const money = (minor: number, card: RateCardView) =>
    minor === 0 ? "–" : formatMoney(minor, card.currency, { locale: format.locale, exponent: card.fractionDigits });
  const day = (iso: string | null) => (iso === null ? t("console.cost.rates.open") : iso.slice(0, 10));
  const remove = async (card: RateCardView) => {
    if (!window.confirm(t("console.cost.rates.confirmDelete", { name: card.name || `#${card.id}` }))) return;
    try {
      await api(`/rate-cards/${card.id}`, { method: "DELETE" });
      setRowError(undefined);
      cards.reload();
    } catch (e) {
      setRowError(describeError(e));
    }
  };
  // Finance may not list projects: it picks among those with costs.
  const projectChoices = projects.data
    ? projects.data.projects.map((p) => ({ id: String(p.id), name: p.name }))
    : names.projects;
  return (
    <>
      <div className="table-tools">
        <span className="muted">{t("console.cost.rates.intro")}</span>
        <span className="topbar-spacer" />
        {canManage && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            {t("console.cost.rates.new")}
          </button>
        )}
      </div>
      {rowError && <ErrorBanner error={rowError} />}
      {cards.data.rateCards.length === 0 ? (
        <EmptyState title={t("console.cost.rates.none")} />
      ) : (
        <section className="card">
          <div className="table-scroll">
            <table className="table rate-cards-table" aria-label={t("console.cost.rates.title")}>
              <TableHead
                columns={[
                  t("console.cost.rates.name"),
                  t("console.cost.rates.scope"),
                  t("console.cost.rates.inForce"),
                  { label: t("console.cost.rates.perJudgment"), numeric: true },
                  { label: t("console.cost.rates.perHour"), numeric: true },
                  { label: t("console.cost.rates.review"), numeric: true },
                  { label: t("console.cost.rates.training"), numeric: true },
                  { label: t("console.cost.rates.feeMarkup"), numeric: true },
                  t("console.cost.rates.rejected"),
                ]}
                actions={canManage ? t("console.cost.rates.actions") : undefined}
              />
              <tbody>
                {cards.data.rateCards.map((card) => (
                  <tr key={card.id} data-testid="rate-card-row">
                    <td>
                      {card.name || `#${card.id}`}
                      <div className="cell-sub">{card.currency}</div>
                    </td>
                    <td>
                      {[
                        card.projectId !== null ? names.project(card.projectId) : undefined,
                        card.taskType ? t(`taskTypes.${card.taskType as TaskType}`) : undefined,
                        card.language ?? undefined,
                        card.vendor ?? undefined,
                      ]
                        .filter((part) => part !== undefined)
                        .join(" · ") || t("console.cost.rates.everything")}
                    </td>
                    <td>
                      {day(card.effectiveFrom)} → {day(card.effectiveTo)}
                    </td>
                    <td className="num">{money(card.payPerJudgmentMinor, card)}</td>
                    <td className="num">{money(card.payPerActiveHourMinor, card)}</td>
                    <td className="num">
                      {[money(card.reviewPayPerReviewMinor, card), money(card.reviewPayPerHourMinor, card)].join(" / ")}
                    </td>
                    <td className="num">{money(card.trainingPayPerHourMinor, card)}</td>
                    <td className="num">
                      {format.percent(card.platformFeeBps / 10_000, 1)} /{" "}
                      {format.percent(card.vendorMarkupBps / 10_000, 1)}
                    </td>
                    <td>{card.payRejected ? t("console.cost.rates.paid") : t("console.cost.rates.unpaid")}</td>
                    {canManage && (
                      <td className="cell-action">
                        <button type="button" className="btn btn-small" onClick={() => setEditing(card)}>
                          {t("console.cost.rates.edit")}
                        </button>{" "}
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => remove(card)}>
                          {t("console.cost.rates.delete")}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {canManage && (
        <Modal
          title={editing === "new" ? t("console.cost.rates.new") : t("console.cost.rates.editTitle")}
          open={editing !== undefined}
          onClose={() => setEditing(undefined)}
          wide
        >
          <RateCardForm
            key={editing === "new" ? "new" : editing?.id}
            card={editing === "new" ? undefined : editing}
            projects={projectChoices}
            onSaved={() => {
              setEditing(undefined);
              cards.reload();
            }}
          />
        </Modal>
      )}
    </>
  );
}
