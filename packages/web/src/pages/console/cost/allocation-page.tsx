import type { AllocationsResponse } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../../components/ui.js";
import { useFormat } from "../../../i18n/use-format.js";
import { allocationTable } from "../../../lib/allocation-table.js";
import { calendarMonth, monthOf } from "../../../lib/cost-period.js";
import { formatMoney } from "../../../lib/money.js";
import { TableHead } from "../table-head.js";
import { useApi } from "../use-api.js";

/** A month's shared pools allocated to business units; what no unit took, and idle capacity, stay in sight. */
export function AllocationPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [month, setMonth] = useState(() => monthOf(calendarMonth(new Date(), -1).from));
  const valid = /^\d{4}-\d{2}$/.test(month);
  const allocations = useApi<AllocationsResponse>(valid ? `/cost/allocations?month=${month}` : undefined);
  const table = allocations.data && allocationTable(allocations.data.pools);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, { locale: format.locale });
  return (
    <>
      <div className="table-tools">
        <label>
          {t("console.cost.month")} <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
      </div>
      {allocations.error && <ErrorBanner error={allocations.error} onRetry={allocations.reload} />}
      {!table ? (
        valid && <PageLoading />
      ) : table.rows.length === 0 ? (
        <EmptyState title={t("console.cost.noPools")} />
      ) : (
        <section className="card">
          <div className="table-scroll">
            <table className="table allocation-table" aria-label={t("console.cost.allocationTable")}>
              <TableHead
                columns={[
                  t("console.cost.pool"),
                  t("console.cost.policy"),
                  ...table.units.map((u) => ({ label: u.name, numeric: true })),
                  { label: t("console.cost.unallocated"), numeric: true },
                  { label: t("console.cost.poolTotal"), numeric: true },
                ]}
              />
              <tbody>
                {table.rows.map((row, i) => {
                  const policy = allocations.data!.pools[i]!.policy;
                  return (
                    <tr key={row.poolId}>
                      <td>
                        {row.pool} {row.idle && <Pill tone="warn">{t("console.cost.idle")}</Pill>}
                        <div className="cell-sub">{t(`console.cost.categories.${row.category}`, row.category)}</div>
                      </td>
                      <td>
                        {policy
                          ? t("console.cost.policyLine", {
                              version: policy.version,
                              method: t(`console.cost.policyMethods.${policy.method}`, {
                                driver: policy.driver
                                  ? t(`console.cost.allocationDrivers.${policy.driver}`, policy.driver)
                                  : "",
                              }),
                            })
                          : t("console.cost.noPolicy")}
                      </td>
                      {row.shares.map((share, j) => (
                        <td key={table.units[j]!.id} className="num">
                          {share === 0 ? <span className="muted">–</span> : money(share, row.currency)}
                        </td>
                      ))}
                      <td className={row.unallocatedMinor !== 0 ? "num text-bad" : "num"}>
                        {money(row.unallocatedMinor, row.currency)}
                      </td>
                      <td className="num">{money(row.poolMinor, row.currency)}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                {table.totals.map((total) => (
                  <tr key={total.currency}>
                    <th scope="row" colSpan={2}>
                      {t("console.cost.totalIn", { currency: total.currency })}
                    </th>
                    {total.shares.map((share, j) => (
                      <td key={table.units[j]!.id} className="num">
                        {money(share, total.currency)}
                      </td>
                    ))}
                    <td className="num">{money(total.unallocatedMinor, total.currency)}</td>
                    <td className="num">{money(total.poolMinor, total.currency)}</td>
                  </tr>
                ))}
              </tfoot>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
