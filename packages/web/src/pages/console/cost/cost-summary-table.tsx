import { COST_COMPONENTS } from "@quorum/core";
import type { CostSummaryRowView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/use-format.js";
import { sortSummaryRows } from "../../../lib/cost-summary.js";
import { formatMoney, formatUnitCost } from "../../../lib/money.js";
import { TableHead } from "../table-head.js";

/** The summary rows: total, accepted labels, cost per accepted label and each component, in each row's currency. */
export function CostSummaryTable({ rows, groupLabel }: { rows: readonly CostSummaryRowView[]; groupLabel: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = (minor: number, row: CostSummaryRowView) =>
    formatMoney(minor, row.currency, { locale: format.locale, exponent: row.fractionDigits });
  return (
    <div className="table-scroll">
      <table className="table cost-summary-table" aria-label={t("console.cost.summaryTable")}>
        <TableHead
          columns={[
            groupLabel,
            { label: t("console.cost.total"), numeric: true },
            { label: t("console.cost.acceptedLabels"), numeric: true },
            { label: t("console.cost.perLabel"), numeric: true },
            ...COST_COMPONENTS.map((c) => ({ label: t(`console.cost.components.${c}`), numeric: true })),
          ]}
        />
        <tbody>
          {sortSummaryRows(rows).map((row) => (
            <tr key={`${row.key} ${row.currency}`}>
              <td>{row.label}</td>
              <td className="num">{money(row.total, row)}</td>
              <td className="num">{format.number(row.acceptedLabels)}</td>
              <td className="num">
                {formatUnitCost(row.perAcceptedLabel, row.currency, {
                  locale: format.locale,
                  exponent: row.fractionDigits,
                })}
              </td>
              {COST_COMPONENTS.map((c) => (
                <td key={c} className="num">
                  {money(row.components[c], row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
