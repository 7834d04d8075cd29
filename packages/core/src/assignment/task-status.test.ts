import { describe, expect, it } from "vitest";
import { statusAfterGoldChange } from "./task-status.js";

describe("statusAfterGoldChange", () => {
  it("makes an open task a control only where the gold policy serves controls", () => {
    expect(statusAfterGoldChange("open", { hasGold: true, control: true })).toBe("gold");
    expect(statusAfterGoldChange("open", { hasGold: true, control: false })).toBe("kept");
  });

  it("leaves full, done and cancelled tasks where they are", () => {
    for (const status of ["full", "done", "cancelled"] as const)
      expect(statusAfterGoldChange(status, { hasGold: true, control: true })).toBe("kept");
  });

  it("releases a control whose gold answer is removed, and nothing else", () => {
    expect(statusAfterGoldChange("gold", { hasGold: false, control: true })).toBe("released");
    expect(statusAfterGoldChange("gold", { hasGold: true, control: true })).toBe("kept");
    expect(statusAfterGoldChange("open", { hasGold: false, control: true })).toBe("kept");
  });
});
