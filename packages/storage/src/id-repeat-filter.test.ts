import { describe, expect, it } from "vitest";
import { IdRepeatFilter, MAX_SUSPECTS } from "./id-repeat-filter.js";

describe("IdRepeatFilter", () => {
  it("names every id that repeats, and few that do not", () => {
    const filter = new IdRepeatFilter(170 * 2 ** 20);
    const repeated = new Set<string>();
    for (let i = 0; i < 1_000_000; i++) {
      filter.add(`doc-${String(i).padStart(7, "0")}`);
      if (i % 99_991 === 5) {
        const again = `doc-${String(i - 3).padStart(7, "0")}`;
        filter.add(again);
        repeated.add(again);
      }
    }
    filter.add("é \t ünïcode");
    filter.add("é \t ünïcode");
    repeated.add("é \t ünïcode");
    const suspects = filter.suspects();
    expect(suspects).toBeDefined();
    for (const id of repeated) expect(suspects).toContain(id);
    expect(suspects!.length - repeated.size).toBeLessThan(100);
  });

  it("names none in a file without repeats, however small its filter", () => {
    const filter = new IdRepeatFilter(0);
    for (let i = 0; i < 1000; i++) filter.add(`w${i}`);
    expect(filter.suspects()).toEqual([]);
  });

  it("gives up past its limit, so that the caller compares every id", () => {
    const filter = new IdRepeatFilter(2 ** 20);
    for (let i = 0; i <= MAX_SUSPECTS + 1; i++) filter.add("same");
    expect(filter.suspects()).toBeUndefined();
    filter.add("other");
    expect(filter.suspects()).toBeUndefined();
  });
});
