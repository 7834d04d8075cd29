import { describe, expect, it } from "vitest";
import { projectCategories, taskFilters } from "./wellbeing.js";

const harmful = {
  harm: {
    category: "violence" as const,
    present: ["none" as const, "hate" as const],
    media: { blur: true, greyscale: true, mute: false },
  },
};

describe("wellbeing helpers", () => {
  it("applies the project's filters unless the person chose otherwise", () => {
    expect(taskFilters(harmful, {})).toEqual({ blur: true, greyscale: true, mute: false });
    expect(taskFilters(harmful, { blur: false, mute: true })).toEqual({ blur: false, greyscale: true, mute: true });
    const benign = { harm: { category: null, present: [], media: { blur: false, greyscale: false, mute: false } } };
    expect(taskFilters(benign, { blur: true })).toEqual({ blur: false, greyscale: false, mute: false });
  });

  it("lists a project's harm categories without `none`", () => {
    expect(projectCategories(harmful)).toEqual(["hate", "violence"]);
  });
});
