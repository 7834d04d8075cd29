import { expect, it } from "vitest";
import { sortKappaPairs } from "./kappa-pairs.js";

const pairs = [
  { first: 1, second: 2, items: 10, agreement: 0.9, kappa: 0.8 },
  { first: 1, second: 3, items: 30, agreement: 0.5, kappa: null },
  { first: 2, second: 3, items: 20, agreement: 0.4, kappa: 0.1 },
];
const names: Record<number, string> = { 1: "Zoe", 2: "Ann", 3: "Bo" };

it("sorts by kappa with undefined kappas last both ways", () => {
  const name = (id: number) => names[id]!;
  expect(sortKappaPairs(pairs, "kappa", "asc", name).map((p) => p.kappa)).toEqual([0.1, 0.8, null]);
  expect(sortKappaPairs(pairs, "kappa", "desc", name).map((p) => p.kappa)).toEqual([0.8, 0.1, null]);
  expect(sortKappaPairs(pairs, "first", "asc", name).map((p) => p.first)).toEqual([2, 1, 1]);
});
