import { describe, expect, it } from "vitest";
import { costAccess } from "./cost-access.js";

describe("cost access by role", () => {
  it("gives the summary to every cost reader, the business units' views to all but vendor leads, changes to admins, managers and finance", () => {
    expect(costAccess("manager")).toEqual({ summary: true, manageRates: true, analysis: true, manageAnalysis: true });
    expect(costAccess("analyst")).toEqual({ summary: true, manageRates: false, analysis: true, manageAnalysis: false });
    expect(costAccess("vendor_lead")).toEqual({
      summary: true,
      manageRates: false,
      analysis: false,
      manageAnalysis: false,
    });
    expect(costAccess("finance")).toEqual({ summary: true, manageRates: true, analysis: true, manageAnalysis: true });
    expect(costAccess("annotator").summary).toBe(false);
    expect(costAccess("reviewer").summary).toBe(false);
  });
});
