import type { QualityReport } from "@quorum/server";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { type KappaPairSortKey, sortKappaPairs } from "../../lib/kappa-pairs.js";
import { agreementStrength, formatCoefficient } from "../../lib/quality.js";
import { SortableTableHead, useTableSort } from "./table-head.js";

/**
 * The annotator pairs with the lowest Cohen's kappa over the tasks both labelled (as many as the
 * report lists, lowest first), sortable by any column.
 */
export function KappaPairsTable({
  pairs,
  annotators,
}: {
  pairs: QualityReport["pairs"];
  annotators: QualityReport["annotators"];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = useMemo(() => new Map(annotators.map((a) => [a.id, a.name])), [annotators]);
  const nameOf = (id: number) => names.get(id) ?? `#${id}`;
  const [sort, toggle] = useTableSort<KappaPairSortKey>({ key: "kappa", direction: "asc" }, (key) =>
    key === "items" ? "desc" : "asc",
  );
  const columns = [
    { key: "first" as const, label: t("console.quality.pairFirst") },
    { key: "second" as const, label: t("console.quality.pairSecond") },
    { key: "items" as const, label: t("console.quality.pairItems"), numeric: true },
    { key: "agreement" as const, label: t("console.quality.pairAgreement"), numeric: true },
    { key: "kappa" as const, label: t("console.quality.pairKappa"), numeric: true },
  ];
  if (pairs.length === 0) return <EmptyState title={t("console.quality.pairsNone")} />;
  const shown = sortKappaPairs(pairs, sort.key, sort.direction, nameOf);
  return (
    <div className="table-scroll">
      <table className="table" aria-label={t("console.quality.pairs")} data-testid="kappa-pairs">
        <SortableTableHead columns={columns} sort={sort} onSort={toggle} />
        <tbody>
          {shown.map((p) => (
            <tr key={`${p.first}-${p.second}`}>
              <td>{nameOf(p.first)}</td>
              <td>{nameOf(p.second)}</td>
              <td className="num">{format.number(p.items)}</td>
              <td className="num">{format.percent(p.agreement)}</td>
              <td className={`num ${p.kappa !== null && p.kappa < 0.2 ? "text-bad" : ""}`}>
                {formatCoefficient(p.kappa)}
                <div className="cell-sub">{agreementStrength(p.kappa)}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
