import type { AnnotatorStatsView } from "@quorum/server";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import {
  type AnnotatorSortKey,
  annotatorRows,
  filterAnnotatorRows,
  sortAnnotatorRows,
} from "../../lib/annotator-table.js";
import { type SortableColumn, SortableTableHead, useTableSort } from "./table-head.js";

/** The columns; each label is a key of `console.annotators`. */
const COLUMNS: SortableColumn<AnnotatorSortKey>[] = [
  { key: "name", label: "name", numeric: false },
  { key: "judgments", label: "judgments", numeric: true },
  { key: "activeMs", label: "activeTime", numeric: true },
  { key: "secondsPerJudgment", label: "secondsPerJudgment", numeric: true },
  { key: "goldAccuracy", label: "goldAccuracy", numeric: true },
  { key: "lastHour", label: "lastHour", numeric: true },
];
type ColumnKey = "name" | "judgments" | "activeTime" | "secondsPerJudgment" | "goldAccuracy" | "lastHour";

/** Per-annotator figures, sortable by any column and filterable by name, low accuracy and activity. */
export function AnnotatorTable({
  stats,
  lowBar,
}: {
  stats: AnnotatorStatsView[];
  /** Gold accuracy under which an annotator is marked (`lowAccuracyBar` of the project's rules). */
  lowBar: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo(
    () => COLUMNS.map((c) => ({ ...c, label: t(`console.annotators.${c.label as ColumnKey}`) })),
    [t],
  );
  const [sort, toggle] = useTableSort<AnnotatorSortKey>({ key: "judgments", direction: "desc" }, (key) =>
    key === "name" ? "asc" : "desc",
  );
  const [text, setText] = useState("");
  const [lowAccuracy, setLowAccuracy] = useState(false);
  const [activeNow, setActiveNow] = useState(false);
  const rows = useMemo(() => annotatorRows(stats), [stats]);
  const shown = sortAnnotatorRows(
    filterAnnotatorRows(rows, { text, maxAccuracy: lowAccuracy ? lowBar : null, activeNow }),
    sort.key,
    sort.direction,
  );
  if (stats.length === 0) return <EmptyState title={t("console.annotators.none")} />;
  return (
    <div>
      <div className="table-tools">
        <input
          type="search"
          placeholder={t("console.annotators.filter")}
          aria-label={t("console.annotators.filterLabel")}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={lowAccuracy} onChange={(e) => setLowAccuracy(e.target.checked)} />
          {t("console.annotators.lowAccuracy", { bar: format.percent(lowBar) })}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={activeNow} onChange={(e) => setActiveNow(e.target.checked)} />
          {t("console.annotators.activeNow")}
        </label>
        <span className="muted">{t("console.annotators.shown", { shown: shown.length, total: rows.length })}</span>
      </div>
      {/* The page scrolls, not the table: every annotator is in view as the page goes down. */}
      <div className="table-scroll">
        <table className="table" aria-label={t("console.quality.annotators")}>
          <SortableTableHead columns={columns} sort={sort} onSort={toggle} />
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td className="num">{format.number(r.judgments)}</td>
                <td className="num">{format.duration(r.activeMs)}</td>
                <td className="num">{r.secondsPerJudgment === null ? "–" : r.secondsPerJudgment.toFixed(1)}</td>
                <td className="num">
                  {r.goldAccuracy === null ? (
                    <span className="muted">–</span>
                  ) : (
                    <span
                      className={r.goldAccuracy < lowBar ? "text-bad" : ""}
                      title={
                        r.goldInterval
                          ? t("console.annotators.interval", {
                              low: format.percent(r.goldInterval.low),
                              high: format.percent(r.goldInterval.high),
                            })
                          : undefined
                      }
                    >
                      {format.percent(r.goldAccuracy)}{" "}
                      <span className="muted">
                        ({r.goldCorrect}/{r.goldAnswered})
                      </span>
                    </span>
                  )}
                </td>
                <td className="num">{format.number(r.lastHour)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
