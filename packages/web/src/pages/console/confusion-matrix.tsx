import type { LabelSchema } from "@quorum/core";
import type { QualityReport } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/use-format.js";
import { formatClassKey } from "../../lib/choices.js";
import { confusionTable, heatColor } from "../../lib/heatmap.js";

/**
 * The confusion matrix as an HTML table heatmap: rows are the truth (gold, or the aggregate label
 * where the project has no gold), columns the answers annotators gave. Cells are coloured by
 * their share of the row; the diagonal in indigo, confusions in rose.
 */
export function ConfusionMatrix({
  schema,
  classes,
  matrix,
  against,
}: {
  schema: LabelSchema;
  classes: string[];
  matrix: number[][];
  /** "gold", or "aggregate" where no task has a gold answer. */
  against: QualityReport["confusion"]["against"];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const table = confusionTable(matrix);
  const name = (key: string) => formatClassKey(schema, key, t);
  const truth = against === "gold" ? t("console.confusion.goldAnswer") : t("console.confusion.aggregateLabel");
  if (table.total === 0)
    return (
      <p className="muted">
        {against === "gold" ? t("console.confusion.emptyGold") : t("console.confusion.emptyAggregate")}
      </p>
    );
  return (
    <div className="confusion">
      <div className="table-scroll">
        <table className="heatmap" aria-label={t("console.confusion.label", { against })}>
          <thead>
            <tr>
              <th className="heatmap-corner" scope="col">
                <span className="heatmap-axis-rows">{truth} ↓</span>
                <span className="heatmap-axis-cols">{t("console.confusion.answerGiven")} →</span>
              </th>
              {classes.map((c) => (
                <th key={c} scope="col" className="heatmap-col" title={name(c)}>
                  <span>{name(c)}</span>
                </th>
              ))}
              <th scope="col" className="num heatmap-total">
                {t("review.judgments")}
              </th>
              <th scope="col" className="num heatmap-total" title={t("console.confusion.rightTitle")}>
                {t("console.confusion.right")}
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => {
              const rowClass = classes[i] ?? String(i);
              return (
                <tr key={rowClass}>
                  <th scope="row" className="heatmap-row" title={name(rowClass)}>
                    <span>{name(rowClass)}</span>
                  </th>
                  {row.cells.map((cell, j) => {
                    const colour = heatColor(cell.share, cell.diagonal ? "agree" : "confuse");
                    const colClass = classes[j] ?? String(j);
                    return (
                      <td
                        key={colClass}
                        className="heatmap-cell num"
                        style={{ background: colour.background, color: colour.color }}
                        title={t("console.confusion.cell", {
                          truth,
                          row: name(rowClass),
                          column: name(colClass),
                          count: cell.count,
                          share: format.percent(cell.share),
                        })}
                      >
                        {cell.count > 0 ? format.number(cell.count) : ""}
                      </td>
                    );
                  })}
                  <td className="num heatmap-total">{format.number(row.total)}</td>
                  <td className="num heatmap-total">{format.percent(row.recall)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        {t("console.confusion.summary", {
          count: table.total,
          accuracy: format.percent(table.accuracy),
        })}
      </p>
    </div>
  );
}
