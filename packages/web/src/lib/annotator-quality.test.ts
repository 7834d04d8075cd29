import type { AnnotatorQualityView } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { actionLabel, filterAnnotatorQuality, sortAnnotatorQuality } from "./annotator-quality.js";

function annotator(
  id: number,
  name: string,
  patch: Partial<AnnotatorQualityView> & { gold?: [number, number, number, number] } = {},
): AnnotatorQualityView {
  const [estimate, low, high, n] = patch.gold ?? [0, 0, 1, 0];
  return {
    id,
    name,
    vendor: null,
    languages: ["en"],
    judgments: 10,
    goldAccuracy: { estimate: n > 0 ? estimate : null, low, high, n },
    agreementWithAggregate: null,
    kappa: null,
    fastAnswers: 0,
    status: "ok",
    statusReason: null,
    ...patch,
  };
}

const rows = [
  annotator(1, "Ada", { judgments: 40, gold: [0.9, 0.8, 0.97, 30] }),
  annotator(2, "bob", { judgments: 12, gold: [0.4, 0.2, 0.62, 10], status: "paused", statusReason: "low accuracy" }),
  annotator(3, "Cy", { judgments: 12, vendor: "Lexicon Partners", status: "flagged" }),
  annotator(4, "Dee", { judgments: 3, fastAnswers: 3 }),
];

describe("annotator quality table", () => {
  it("sorts by gold accuracy with annotators without gold last in both directions", () => {
    expect(sortAnnotatorQuality(rows, "goldAccuracy", "desc").map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(sortAnnotatorQuality(rows, "goldAccuracy", "asc").map((r) => r.id)).toEqual([2, 1, 3, 4]);
  });

  it("sorts by status with the ones needing attention first, then by judgments", () => {
    expect(sortAnnotatorQuality(rows, "status", "asc").map((r) => r.id)).toEqual([2, 3, 1, 4]);
  });

  it("sorts names case-insensitively, fast answers as a share, and keeps missing vendors last", () => {
    expect(sortAnnotatorQuality(rows, "name", "desc").map((r) => r.name)).toEqual(["Dee", "Cy", "bob", "Ada"]);
    expect(sortAnnotatorQuality(rows, "fastShare", "desc")[0]?.id).toBe(4);
    expect(sortAnnotatorQuality(rows, "vendor", "asc")[0]?.id).toBe(3);
    expect(sortAnnotatorQuality(rows, "vendor", "desc")[0]?.id).toBe(3);
  });

  it("filters by name or vendor, status and an accuracy surely below a threshold", () => {
    const all = { text: "", status: "all" as const, below: null };
    expect(filterAnnotatorQuality(rows, { ...all, text: "lexicon" }).map((r) => r.id)).toEqual([3]);
    expect(filterAnnotatorQuality(rows, { ...all, text: "BO" }).map((r) => r.id)).toEqual([2]);
    expect(filterAnnotatorQuality(rows, { ...all, status: "attention" }).map((r) => r.id)).toEqual([2, 3]);
    expect(filterAnnotatorQuality(rows, { ...all, status: "paused" }).map((r) => r.id)).toEqual([2]);
    // Ada's interval reaches 97%, bob's tops out at 62%; without gold nothing is "surely" low.
    expect(filterAnnotatorQuality(rows, { ...all, below: 0.8 }).map((r) => r.id)).toEqual([2]);
  });

  it("names automatic and manual actions alike", () => {
    expect(actionLabel("pause")).toBe("Paused");
    expect(actionLabel("paused")).toBe("Paused");
    expect(actionLabel("flag")).toBe("Flagged");
    expect(actionLabel("resume")).toBe("Resumed");
    expect(actionLabel("something_new")).toBe("something_new");
  });
});
