import type { LabelSchema } from "@quorum/core";
import type { QualityReport } from "@quorum/server";
import { formatClassKey } from "../../lib/choices.js";
import { formatNumber, formatPercent } from "../../lib/format.js";
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
  const table = confusionTable(matrix);
  const name = (key: string) => formatClassKey(schema, key);
  const truth = against === "gold" ? "Gold answer" : "Aggregate label";
  if (table.total === 0)
    return (
      <p className="muted">
        No judgments on tasks with {against === "gold" ? "a gold answer" : "an aggregate label"} in the window yet.
      </p>
    );
  return (
    <div className="confusion">
      <div className="table-scroll">
        <table className="heatmap" aria-label={`Confusion matrix against ${against}`}>
          <thead>
            <tr>
              <th className="heatmap-corner" scope="col">
                <span className="heatmap-axis-rows">{truth} ↓</span>
                <span className="heatmap-axis-cols">Answer given →</span>
              </th>
              {classes.map((c) => (
                <th key={c} scope="col" className="heatmap-col" title={name(c)}>
                  {name(c)}
                </th>
              ))}
              <th scope="col" className="num heatmap-total">
                Judgments
              </th>
              <th scope="col" className="num heatmap-total" title="Share of the row answered correctly (recall)">
                Right
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => {
              const rowClass = classes[i] ?? String(i);
              return (
                <tr key={rowClass}>
                  <th scope="row" className="heatmap-row" title={name(rowClass)}>
                    {name(rowClass)}
                  </th>
                  {row.cells.map((cell, j) => {
                    const colour = heatColor(cell.share, cell.diagonal ? "agree" : "confuse");
                    const colClass = classes[j] ?? String(j);
                    return (
                      <td
                        key={colClass}
                        className="heatmap-cell num"
                        style={{ background: colour.background, color: colour.color }}
                        title={`${truth} ${name(rowClass)}, answered ${name(colClass)}: ${cell.count} (${formatPercent(cell.share)} of the row)`}
                      >
                        {cell.count > 0 ? formatNumber(cell.count) : ""}
                      </td>
                    );
                  })}
                  <td className="num heatmap-total">{formatNumber(row.total)}</td>
                  <td className="num heatmap-total">{formatPercent(row.recall)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        {formatNumber(table.total)} judgments; {formatPercent(table.accuracy)} on the diagonal. Colour is the share of
        each row, so rare classes read as clearly as common ones.
      </p>
    </div>
  );
}
