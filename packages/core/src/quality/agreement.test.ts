import { describe, expect, it } from "vitest";
import {
  annotatorKappaAgainstRest,
  annotatorPairKappas,
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  pairwiseCohenKappa,
  percentAgreement,
  ratingTable,
  ratingTableFromRows,
  weightedKappa,
} from "./agreement.js";
import { encodeAnswers } from "./answers.js";

const repeat = (value: number, times: number): number[] => Array<number>(times).fill(value);

describe("Cohen's kappa", () => {
  it("matches Wikipedia's worked example (50 applications: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → 0.4)", () => {
    const a = [...repeat(1, 25), ...repeat(0, 25)];
    const b = [...repeat(1, 20), ...repeat(0, 5), ...repeat(1, 10), ...repeat(0, 15)];
    expect(cohenKappa(a, b, 2)).toBeCloseTo(0.4, 10);
  });

  it("matches Wikipedia's 'same percentages, different numbers' tables (0.1304 and 0.2593)", () => {
    // Table 1: 45 yes/yes, 15 yes/no, 25 no/yes, 15 no/no; table 2: 25, 35, 5, 35.
    const table = (yy: number, yn: number, ny: number, nn: number) => [
      [...repeat(1, yy + yn), ...repeat(0, ny + nn)],
      [...repeat(1, yy), ...repeat(0, yn), ...repeat(1, ny), ...repeat(0, nn)],
    ];
    const [a1, b1] = table(45, 15, 25, 15);
    const [a2, b2] = table(25, 35, 5, 35);
    expect(cohenKappa(a1!, b1!, 2)).toBeCloseTo(0.1304, 4);
    expect(cohenKappa(a2!, b2!, 2)).toBeCloseTo(0.2593, 4);
  });

  it("matches scikit-learn's reference values (test_cohen_kappa): 0.348, 0.8013, 0.9315", () => {
    const a = [...repeat(0, 40), ...repeat(1, 60)];
    const b = [...repeat(0, 20), ...repeat(1, 20), ...repeat(0, 10), ...repeat(1, 50)];
    expect(cohenKappa(a, b, 2)).toBeCloseTo(0.348, 3);
    const c = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    expect(cohenKappa(c, [...repeat(0, 52), ...repeat(1, 32), ...repeat(2, 16)], 3)).toBeCloseTo(0.8013, 4);
    expect(cohenKappa(c, [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)], 3)).toBeCloseTo(0.9315, 4);
  });
});

describe("weighted kappa", () => {
  it("matches scikit-learn's reference values: linear 0.9412, quadratic 0.9541", () => {
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)];
    expect(weightedKappa(a, b, 3, "linear")).toBeCloseTo(0.9412, 4);
    expect(weightedKappa(a, b, 3, "quadratic")).toBeCloseTo(0.9541, 4);
  });

  it("equals unweighted kappa with two classes", () => {
    const a = [0, 1, 1, 0, 1, 0, 0, 1];
    const b = [0, 1, 0, 0, 1, 1, 0, 1];
    expect(weightedKappa(a, b, 2, "quadratic")).toBeCloseTo(cohenKappa(a, b, 2), 12);
  });
});

describe("Fleiss' kappa", () => {
  // The worked example of Wikipedia's "Fleiss' kappa" article (10 subjects, 14 raters,
  // 5 categories; also the example of Cardillo's fleiss.m): P̄ = 0.378, P̄e = 0.213, κ = 0.210.
  const wikipedia = ratingTableFromRows([
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ]);

  it("matches the Wikipedia worked example", () => {
    expect(fleissKappa(wikipedia)).toBeCloseTo(0.21, 3);
    expect(percentAgreement(wikipedia)).toBeCloseTo(0.378, 3);
  });

  it("allows a variable number of raters and skips items with fewer than two", () => {
    const table = ratingTableFromRows([
      [3, 0],
      [0, 2],
      [1, 1],
      [1, 0],
    ]);
    // P_i = 1, 1, 0 → P̄ = 2/3; p = (4/7, 3/7) over the 7 ratings of the kept items.
    const expected = 1 - (4 / 7) ** 2 - (3 / 7) ** 2;
    expect(fleissKappa(table)).toBeCloseTo((2 / 3 - (1 - expected)) / expected, 12);
    expect(fleissKappa(ratingTableFromRows([[2, 0]]))).toBeNaN();
  });
});

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
  // 12 units, values 1-5, with missing data. Published: nominal 0.743, ordinal 0.815, interval 0.849.
  const observers = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const rows = [];
  for (let unit = 0; unit < 12; unit++) {
    for (let o = 0; o < 4; o++) {
      const value = observers[o]![unit];
      if (value != null) rows.push({ task: `u${unit}`, worker: `o${o}`, label: `${value}` });
    }
  }
  const table = ratingTable(encodeAnswers(rows));

  it("matches the published nominal, ordinal and interval values", () => {
    expect(krippendorffAlpha(table, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(table, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(table, "interval")).toBeCloseTo(0.849, 3);
    // Interval on the values themselves equals interval on indices (equally spaced, shifted).
    expect(krippendorffAlpha(table, "interval", [1, 2, 3, 4, 5])).toBeCloseTo(0.849, 3);
  });

  it("is 1 for perfect agreement and NaN when only one value occurs", () => {
    const perfect = ratingTableFromRows([
      [2, 0, 0],
      [0, 3, 0],
      [0, 0, 2],
    ]);
    expect(krippendorffAlpha(perfect, "nominal")).toBe(1);
    expect(krippendorffAlpha(ratingTableFromRows([[3], [2]]), "nominal")).toBeNaN();
  });
});

describe("pairwiseCohenKappa", () => {
  it("averages kappa over worker pairs with enough items in common", () => {
    const rows = [];
    const a = [0, 1, 0, 1, 1, 0, 0, 1, 1, 0];
    const b = [0, 1, 0, 1, 0, 0, 1, 1, 1, 0];
    for (let i = 0; i < 10; i++) {
      rows.push({ task: `t${i}`, worker: "a", label: `${a[i]}` }, { task: `t${i}`, worker: "b", label: `${b[i]}` });
    }
    rows.push({ task: "t0", worker: "c", label: "1" }); // c shares one item only: skipped
    const answers = encodeAnswers(rows);
    const result = pairwiseCohenKappa(answers, { minCommonItems: 5 });
    expect(result.pairs).toBe(1);
    expect(result.mean).toBeCloseTo(cohenKappa(a, b, 2), 12);
    expect(pairwiseCohenKappa(answers, { minCommonItems: 1 }).pairs).toBe(3);
  });
});

describe("Cohen's kappa per annotator", () => {
  // a and b agree on every item; c answers "x" whatever the item; d copies a but flips every third.
  const rows: { task: string; worker: string; label: string }[] = [];
  for (let i = 0; i < 30; i++) {
    const truth = ["x", "y", "z"][i % 3]!;
    rows.push({ task: `t${i}`, worker: "a", label: truth });
    rows.push({ task: `t${i}`, worker: "b", label: truth });
    rows.push({ task: `t${i}`, worker: "c", label: "x" });
    rows.push({ task: `t${i}`, worker: "d", label: i % 3 === 0 ? "y" : truth });
  }
  const answers = encodeAnswers(rows);

  it("gives each pair its kappa over the items both answered", () => {
    const pairs = annotatorPairKappas(answers);
    expect(pairs).toHaveLength(6);
    const of = (x: string, y: string) =>
      pairs.find((p) => answers.workerIds[p.first] === x && answers.workerIds[p.second] === y)!;
    expect(of("a", "b")).toMatchObject({ items: 30, kappa: 1 });
    // c always says "x": agreement with a is 1/3, exactly chance, and kappa is 0 (NaN would mean undefined).
    expect(of("a", "c").kappa).toBeCloseTo(0, 12);
    expect(of("a", "d").kappa).toBeCloseTo(
      cohenKappa(
        Array.from({ length: 30 }, (_, i) => i % 3),
        Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 1 : i % 3)),
        3,
      ),
      12,
    );
    expect(annotatorPairKappas(answers, { minCommonItems: 31 })).toHaveLength(0);
    expect(pairwiseCohenKappa(answers).pairs).toBe(6);
  });

  it("scores each annotator against the others' majority, so agreeing with the common class is not skill", () => {
    const rest = annotatorKappaAgainstRest(answers);
    const of = (name: string) => rest.find((r) => answers.workerIds[r.worker] === name)!;
    expect(of("a").kappa).toBeCloseTo(1, 12);
    expect(of("b").kappa).toBeCloseTo(1, 12);
    expect(of("c").kappa).toBeCloseTo(0, 12);
    expect(of("c").agreement).toBeCloseTo(1 / 3, 12);
    expect(of("d").kappa).toBeLessThan(of("a").kappa);
    expect(of("d").kappa).toBeGreaterThan(0.4);
    expect(annotatorKappaAgainstRest(answers, { minItems: 31 }).every((r) => Number.isNaN(r.kappa))).toBe(true);
  });
});
