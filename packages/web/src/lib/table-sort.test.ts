import { describe, expect, it } from "vitest";
import { ariaSort, nextSort, type SortState, sortArrow } from "./table-sort.js";

type Key = "name" | "count";
const textFirst = (key: Key) => (key === "name" ? "asc" : "desc");

describe("table sort", () => {
  it("flips the direction when the same column is clicked again", () => {
    expect(nextSort<Key>({ key: "count", direction: "desc" }, "count", textFirst)).toEqual({
      key: "count",
      direction: "asc",
    });
    expect(nextSort<Key>({ key: "name", direction: "asc" }, "name", textFirst)).toEqual({
      key: "name",
      direction: "desc",
    });
  });

  it("starts another column in its own first direction", () => {
    expect(nextSort<Key>({ key: "count", direction: "asc" }, "name", textFirst)).toEqual({
      key: "name",
      direction: "asc",
    });
    expect(nextSort<Key>({ key: "name", direction: "desc" }, "count", textFirst)).toEqual({
      key: "count",
      direction: "desc",
    });
  });

  it("describes each header for screen readers and with an arrow", () => {
    const sort: SortState<Key> = { key: "count", direction: "asc" };
    expect(ariaSort(sort, "count")).toBe("ascending");
    expect(ariaSort({ ...sort, direction: "desc" }, "count")).toBe("descending");
    expect(ariaSort(sort, "name")).toBe("none");
    expect(sortArrow(sort, "count")).toBe(" ↑");
    expect(sortArrow({ ...sort, direction: "desc" }, "count")).toBe(" ↓");
    expect(sortArrow(sort, "name")).toBe("");
  });
});
