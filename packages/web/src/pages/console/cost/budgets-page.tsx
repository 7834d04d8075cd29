import { type BudgetStanding, can } from "@quorum/core";
import type { BudgetList, BudgetView, StaffProjectList } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../../components/session.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../../components/ui.js";
import { useFormat } from "../../../i18n/use-format.js";
import { budgetCardHeadline } from "../../../lib/budget-burn.js";
import { currencyExponent, formatMoney } from "../../../lib/money.js";
import { useApi } from "../use-api.js";
import { BudgetAmountForm } from "./budget-amount-form.js";
import { BudgetBurnChart } from "./budget-burn-chart.js";
import { BudgetCreateForm } from "./budget-create-form.js";
import { useCostNames } from "./use-cost-names.js";

const TONES: Record<BudgetStanding, "good" | "warn" | "bad"> = { on_track: "good", at_risk: "warn", over: "bad" };

/**
 * Every budget with its burn chart, a headline (the forecast its badge goes by, or an ended
 * period's final spend), each forecast labelled with what it assumes, and a badge: on track, at
 * risk or over; those who manage cost can change a running budget's amount on its card.
 */
export function BudgetsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const budgets = useApi<BudgetList>("/cost/budgets");
  const names = useCostNames();
  const mayChange = can(user.role, "cost.manage");
  // Every project may get a budget, not only those with costs already (finance lists the latter).
  const listed = useApi<StaffProjectList>(mayChange && can(user.role, "projects.read") ? "/projects" : undefined);
  const projects = listed.data
    ? listed.data.projects.map((p) => ({ id: String(p.id), name: p.name })).sort((a, b) => a.name.localeCompare(b.name))
    : names.projects;
  const projectName = (id: number | null) => projects.find((p) => p.id === String(id))?.name ?? names.project(id);
  if (budgets.error) return <ErrorBanner error={budgets.error} onRetry={budgets.reload} />;
  if (!budgets.data) return <PageLoading />;
  const current = [...budgets.data.budgets].sort((a, b) => (a.periodStart! < b.periodStart! ? 1 : -1));
  return (
    <div className="budget-list">
      {mayChange && <BudgetCreateForm projects={projects} units={names.units} onCreated={budgets.reload} />}
      {current.length === 0 && <EmptyState title={t("console.cost.noBudgets")} />}
      {current.map((budget) => (
        <BudgetCard
          key={budget.id}
          budget={budget}
          owner={budget.projectId !== null ? projectName(budget.projectId) : names.unit(budget.businessUnitId)}
          canChange={mayChange}
          onChanged={budgets.reload}
        />
      ))}
    </div>
  );
}

function BudgetCard({
  budget,
  owner,
  canChange,
  onChanged,
}: {
  budget: BudgetView;
  owner: string;
  canChange: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [saved, setSaved] = useState<string | undefined>();
  const headline = budgetCardHeadline(budget, Date.now());
  const final = headline.basis === "final";
  const exponent = currencyExponent(budget.currency);
  const money = (minor: number | null) => formatMoney(minor, budget.currency, { locale: format.locale, exponent });
  const { status } = budget;
  const { pace } = status;
  const period = new Date(budget.periodStart!).toLocaleDateString(format.locale, {
    timeZone: "UTC",
    month: "long",
    year: "numeric",
  });
  return (
    <section className="card budget-card" data-testid="budget-card" aria-label={`${owner} ${period}`}>
      <div className="section-head">
        <div>
          <h2>
            {owner} · {t(`console.cost.periods.${budget.period}`)} {period}
          </h2>
          {final ? (
            <p data-testid="budget-headline">
              <strong>
                {t("console.cost.headline.final", {
                  spent: money(status.spentMinor),
                  amount: money(budget.amountMinor),
                  burn: format.percent(status.burn),
                })}
              </strong>
            </p>
          ) : (
            <>
              {headline.basis !== null && (
                <p data-testid="budget-headline">
                  <strong>
                    {t(`console.cost.headline.${headline.basis}`, { forecast: money(headline.amountMinor) })}
                  </strong>
                </p>
              )}
              <p className="muted">
                {t("console.cost.burnLine", {
                  spent: money(status.spentMinor),
                  amount: money(budget.amountMinor),
                  burn: format.percent(status.burn),
                  elapsed: format.percent(status.elapsed),
                })}
              </p>
              {pace !== null && (
                <p className="muted" data-testid="budget-pace">
                  {t(pace.window === "recent" ? "console.cost.paceLine" : "console.cost.runRateLine", {
                    rate: money(pace.ratePerDayMinor),
                    count: Math.round(pace.days * 10) / 10,
                    forecast: money(pace.forecastMinor),
                  })}
                </p>
              )}
              {status.forecastMinor !== null && (
                <p className="muted" data-testid="budget-work">
                  {t("console.cost.workForecastLine", { forecast: money(status.forecastMinor) })}
                </p>
              )}
            </>
          )}
        </div>
        <Pill tone={TONES[headline.standing]}>
          {final
            ? t(`console.cost.finalStates.${headline.standing === "over" ? "over" : "on_track"}`)
            : t(`console.cost.states.${headline.standing}`)}
        </Pill>
      </div>
      {/* An ended period's spend is final: its amount no longer changes (the API refuses it too). */}
      {canChange && !final && (
        <div className="budget-change">
          <BudgetAmountForm
            budget={budget}
            exponent={exponent}
            onSaved={(changed) => {
              setSaved(t("console.cost.amountSaved", { amount: money(changed.amountMinor) }));
              onChanged();
            }}
          />
          {saved && (
            <span className="muted" role="status">
              {saved}
            </span>
          )}
        </div>
      )}
      {/* Keyed by the amount so the chart's budget line follows a change. */}
      <BudgetBurnChart key={budget.amountMinor} budgetId={budget.id} />
    </section>
  );
}
