/** A pair of annotators as the quality report gives it. */
export interface KappaPairLike {
  first: number;
  second: number;
  items: number;
  agreement: number;
  kappa: number | null;
}

export type KappaPairSortKey = "first" | "second" | "items" | "agreement" | "kappa";

/** The pairs sorted by a column; undefined kappas last whichever the direction. */
export function sortKappaPairs<P extends KappaPairLike>(
  pairs: readonly P[],
  key: KappaPairSortKey,
  direction: "asc" | "desc",
  nameOf: (id: number) => string,
): P[] {
  const value = (p: P): string | number | null =>
    key === "first" ? nameOf(p.first) : key === "second" ? nameOf(p.second) : p[key];
  const sign = direction === "asc" ? 1 : -1;
  return [...pairs].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (typeof x === "string" ? x.localeCompare(String(y)) : x - Number(y)) * sign;
  });
}
