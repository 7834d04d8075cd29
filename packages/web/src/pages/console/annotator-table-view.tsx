import type { AnnotatorStatsView } from "@quorum/server";
import { useMemo, useState } from "react";
import { EmptyState } from "../../components/ui.js";
import {
  type AnnotatorSortKey,
  annotatorRows,
  filterAnnotatorRows,
  sortAnnotatorRows,
} from "../../lib/annotator-table.js";
import { formatDuration, formatNumber, formatPercent } from "../../lib/format.js";
import { type SortableColumn, SortableTableHead, useTableSort } from "./table-head.js";

const COLUMNS: SortableColumn<AnnotatorSortKey>[] = [
  { key: "name", label: "Annotator", numeric: false },
  { key: "judgments", label: "Judgments", numeric: true },
  { key: "activeMs", label: "Active time", numeric: true },
  { key: "secondsPerJudgment", label: "Seconds / judgment", numeric: true },
  { key: "goldAccuracy", label: "Gold accuracy", numeric: true },
  { key: "lastHour", label: "Last hour", numeric: true },
];

/** Per-annotator figures, sortable by any column and filterable by name, low accuracy and activity. */
export function AnnotatorTable({ stats }: { stats: AnnotatorStatsView[] }) {
  const [sort, toggle] = useTableSort<AnnotatorSortKey>({ key: "judgments", direction: "desc" }, (key) =>
    key === "name" ? "asc" : "desc",
  );
  const [text, setText] = useState("");
  const [lowAccuracy, setLowAccuracy] = useState(false);
  const [activeNow, setActiveNow] = useState(false);
  const rows = useMemo(() => annotatorRows(stats), [stats]);
  const shown = sortAnnotatorRows(
    filterAnnotatorRows(rows, { text, maxAccuracy: lowAccuracy ? 0.8 : null, activeNow }),
    sort.key,
    sort.direction,
  );
  if (stats.length === 0) return <EmptyState title="No judgments yet" />;
  return (
    <div>
      <div className="table-tools">
        <input
          type="search"
          placeholder="Filter by name"
          aria-label="Filter annotators by name"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="checkbox">
          <input type="checkbox" checked={lowAccuracy} onChange={(e) => setLowAccuracy(e.target.checked)} />
          Gold accuracy under 80%
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={activeNow} onChange={(e) => setActiveNow(e.target.checked)} />
          Working this hour
        </label>
        <span className="muted">
          {shown.length} of {rows.length}
        </span>
      </div>
      {/* The page scrolls, not the table: every annotator is in view as the page goes down. */}
      <div className="table-scroll">
        <table className="table" aria-label="Annotators">
          <SortableTableHead columns={COLUMNS} sort={sort} onSort={toggle} />
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td className="num">{formatNumber(r.judgments)}</td>
                <td className="num">{formatDuration(r.activeMs)}</td>
                <td className="num">{r.secondsPerJudgment === null ? "–" : r.secondsPerJudgment.toFixed(1)}</td>
                <td className="num">
                  {r.goldAccuracy === null ? (
                    <span className="muted">–</span>
                  ) : (
                    <span
                      className={r.goldAccuracy < 0.8 ? "text-bad" : ""}
                      title={
                        r.goldInterval
                          ? `95% interval ${formatPercent(r.goldInterval.low)}–${formatPercent(r.goldInterval.high)}`
                          : undefined
                      }
                    >
                      {formatPercent(r.goldAccuracy)}{" "}
                      <span className="muted">
                        ({r.goldCorrect}/{r.goldAnswered})
                      </span>
                    </span>
                  )}
                </td>
                <td className="num">{formatNumber(r.lastHour)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
