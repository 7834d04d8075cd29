import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  type RatingTable,
  ratingTableFromRows,
  weightedKappa,
} from "./agreement.js";

const pairedRatings = fc
  .integer({ min: 2, max: 5 })
  .chain((K) =>
    fc.tuple(fc.constant(K), fc.array(fc.tuple(fc.nat(K - 1), fc.nat(K - 1)), { minLength: 1, maxLength: 40 })),
  );

const tables = fc
  .integer({ min: 2, max: 4 })
  .chain((K) => fc.array(fc.array(fc.nat(4), { minLength: K, maxLength: K }), { minLength: 1, maxLength: 15 }))
  .map((rows) => ratingTableFromRows(rows));

function permuteClasses(table: RatingTable, permutation: number[]): RatingTable {
  const K = table.classCount;
  const counts = new Float64Array(table.counts.length);
  for (let item = 0; item < table.itemCount; item++) {
    for (let k = 0; k < K; k++) counts[item * K + permutation[k]!] = table.counts[item * K + k]!;
  }
  return { ...table, counts };
}

describe("agreement properties", () => {
  it("kappa is symmetric in the raters, at most 1, and 1 when they always agree", () => {
    fc.assert(
      fc.property(pairedRatings, ([K, pairs]) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        for (const kappa of [
          cohenKappa(a, b, K),
          weightedKappa(a, b, K, "linear"),
          weightedKappa(a, b, K, "quadratic"),
        ]) {
          if (Number.isNaN(kappa)) continue;
          expect(kappa).toBeLessThanOrEqual(1 + 1e-12);
        }
        const ab = cohenKappa(a, b, K);
        const ba = cohenKappa(b, a, K);
        if (!Number.isNaN(ab)) expect(ba).toBeCloseTo(ab, 12);
        const self = cohenKappa(a, a, K);
        if (!Number.isNaN(self)) expect(self).toBeCloseTo(1, 12);
      }),
    );
  });

  it("nominal alpha and Fleiss' kappa do not depend on the order of items or the names of classes", () => {
    fc.assert(
      fc.property(
        tables.chain((table) =>
          fc.tuple(
            fc.constant(table),
            fc.shuffledSubarray(
              Array.from({ length: table.classCount }, (_, i) => i),
              { minLength: table.classCount, maxLength: table.classCount },
            ),
          ),
        ),
        ([table, permutation]) => {
          const permuted = permuteClasses(table, permutation);
          const reversed = ratingTableFromRows(
            Array.from({ length: table.itemCount }, (_, i) =>
              Array.from(
                table.counts.subarray(
                  (table.itemCount - 1 - i) * table.classCount,
                  (table.itemCount - i) * table.classCount,
                ),
              ),
            ),
          );
          for (const other of [permuted, reversed]) {
            const alpha = krippendorffAlpha(table, "nominal");
            const kappa = fleissKappa(table);
            if (Number.isNaN(alpha)) expect(krippendorffAlpha(other, "nominal")).toBeNaN();
            else expect(krippendorffAlpha(other, "nominal")).toBeCloseTo(alpha, 9);
            if (Number.isNaN(kappa)) expect(fleissKappa(other)).toBeNaN();
            else expect(fleissKappa(other)).toBeCloseTo(kappa, 9);
          }
        },
      ),
    );
  });

  it("alpha is at most 1 for every metric", () => {
    fc.assert(
      fc.property(tables, (table) => {
        for (const metric of ["nominal", "ordinal", "interval"] as const) {
          const alpha = krippendorffAlpha(table, metric);
          if (!Number.isNaN(alpha)) expect(alpha).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });
});
