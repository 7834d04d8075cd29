import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/instance.js";
import { documentTitle, pageName } from "./page-title.js";

const { t } = createI18n("en");

describe("the browser tab's title", () => {
  it("names the page, then what it is about, then the product", () => {
    expect(documentTitle(pageName({ name: "project-quality", projectId: 3 }, t), "Toxicity triage")).toBe(
      "Quality · Toxicity triage · Quorum",
    );
    expect(documentTitle(pageName({ name: "label", projectId: 3 }, t), "Toxicity triage")).toBe(
      "Labeling · Toxicity triage · Quorum",
    );
  });

  it("leaves out a part that is not known (yet)", () => {
    expect(documentTitle(pageName({ name: "cost", tab: "budgets" }, t))).toBe("Cost · Quorum");
    expect(documentTitle(pageName({ name: "project", projectId: 3 }, t), "  ")).toBe("Project · Quorum");
    expect(documentTitle(pageName({ name: "home" }, t))).toBe("Quorum");
  });

  it("speaks the annotator's language", async () => {
    const arabic = createI18n("ar");
    await arabic.loadLanguages("ar");
    expect(documentTitle(pageName({ name: "label", projectId: 3 }, arabic.t), "مشروع")).toBe(
      "التصنيف · مشروع · Quorum",
    );
  });
});
