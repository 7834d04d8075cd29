import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path.js";

describe("safeReturnPath", () => {
  it("keeps paths of the web app", () => {
    expect(safeReturnPath("/work/3")).toBe("/work/3");
    expect(safeReturnPath("/console?tab=people")).toBe("/console?tab=people");
  });

  it("refuses anything that could leave the site, and the API", () => {
    for (const raw of ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example", "work", ""])
      expect(safeReturnPath(raw)).toBeUndefined();
    expect(safeReturnPath("/api/v1/export")).toBeUndefined();
    expect(safeReturnPath(null)).toBeUndefined();
    expect(safeReturnPath(`/${"a".repeat(3000)}`)).toBeUndefined();
  });
});
