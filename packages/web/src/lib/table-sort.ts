/** Which way a sortable table column is ordered. */
export type SortDirection = "asc" | "desc";

/** The column a table is sorted by, and which way. */
export interface SortState<K extends string> {
  key: K;
  direction: SortDirection;
}

/**
 * The sort after a click on column `key`: the same column flips its direction; another column
 * starts in the direction `firstDirection` gives for it (text ascending, figures descending, say).
 */
export function nextSort<K extends string>(
  current: SortState<K>,
  key: K,
  firstDirection: (key: K) => SortDirection,
): SortState<K> {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: firstDirection(key) };
}

/** The `aria-sort` value of column `key`'s header. */
export function ariaSort<K extends string>(sort: SortState<K>, key: K): "ascending" | "descending" | "none" {
  if (sort.key !== key) return "none";
  return sort.direction === "asc" ? "ascending" : "descending";
}

/** The arrow shown after column `key`'s label: " ↑", " ↓" or nothing. */
export function sortArrow<K extends string>(sort: SortState<K>, key: K): string {
  if (sort.key !== key) return "";
  return sort.direction === "asc" ? " ↑" : " ↓";
}
