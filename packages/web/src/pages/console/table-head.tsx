import { useState } from "react";
import { ariaSort, nextSort, type SortDirection, type SortState, sortArrow } from "../../lib/table-sort.js";

/** A plain column: its label, whether it holds figures (right-aligned), and an optional tooltip. */
export interface HeadColumn {
  label: string;
  numeric?: boolean;
  title?: string;
}

/** A column the table can be sorted by. */
export interface SortableColumn<K extends string> extends HeadColumn {
  key: K;
}

/** A last header cell for a column of row buttons: labelled for screen readers, blank on screen. */
function ActionsHeader({ label }: { label: string }) {
  return (
    <th>
      <span className="visually-hidden">{label}</span>
    </th>
  );
}

/**
 * The `<thead>` of a console table. Columns given as a string are plain labels; `actions`, when
 * given, adds a last column whose header only screen readers read.
 */
export function TableHead({ columns, actions }: { columns: (string | HeadColumn)[]; actions?: string | undefined }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const c = typeof column === "string" ? { label: column } : column;
          return (
            <th key={c.label} className={c.numeric ? "num" : undefined} title={c.title}>
              {c.label}
            </th>
          );
        })}
        {actions !== undefined && <ActionsHeader label={actions} />}
      </tr>
    </thead>
  );
}

/**
 * The `<thead>` of a sortable console table: each column header is a button that sorts by it (again
 * to reverse), with `aria-sort` and an arrow on the current one.
 */
export function SortableTableHead<K extends string>({
  columns,
  sort,
  onSort,
  actions,
}: {
  columns: SortableColumn<K>[];
  sort: SortState<K>;
  onSort: (key: K) => void;
  actions?: string | undefined;
}) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c.key} className={c.numeric ? "num" : ""} title={c.title} aria-sort={ariaSort(sort, c.key)}>
            <button type="button" className="sort-button" onClick={() => onSort(c.key)}>
              {c.label}
              {sortArrow(sort, c.key)}
            </button>
          </th>
        ))}
        {actions !== undefined && <ActionsHeader label={actions} />}
      </tr>
    </thead>
  );
}

/**
 * A table's sort state and the click handler for its headers: the same column flips direction,
 * another starts in the direction `firstDirection` gives for it.
 */
export function useTableSort<K extends string>(
  initial: SortState<K>,
  firstDirection: (key: K) => SortDirection,
): [SortState<K>, (key: K) => void] {
  const [sort, setSort] = useState(initial);
  const toggle = (key: K) => setSort((current) => nextSort(current, key, firstDirection));
  return [sort, toggle];
}
