import { describe, expect, it } from "vitest";
import { canManageUser } from "../roles.js";
import { inPeopleScope, peopleScope, seesGold } from "./people-scope.js";

describe("people scope", () => {
  const acme = { id: 5, vendor: "Acme" };
  const rival = { id: 6, vendor: "Rival" };
  const staff = { id: 7, vendor: null };

  it("lets staff see everyone", () => {
    for (const role of ["admin", "manager", "reviewer", "analyst"] as const) {
      const scope = peopleScope({ id: 1, role, vendor: null });
      expect([acme, rival, staff].every((p) => inPeopleScope(scope, p))).toBe(true);
    }
  });

  it("lets a vendor lead see their own vendor's people and themself only", () => {
    const scope = peopleScope({ id: 9, role: "vendor_lead", vendor: "Acme" });
    expect([acme, rival, staff, { id: 9, vendor: "Acme" }].map((p) => inPeopleScope(scope, p))).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it("lets a vendor lead without a vendor see nobody else (never the people without a vendor)", () => {
    const scope = peopleScope({ id: 9, role: "vendor_lead", vendor: null });
    expect([acme, staff, { id: 9, vendor: null }].map((p) => inPeopleScope(scope, p))).toEqual([false, false, true]);
  });

  it("hides gold from vendor leads and annotators", () => {
    expect(seesGold({ role: "vendor_lead" })).toBe(false);
    expect(seesGold({ role: "annotator" })).toBe(false);
    expect(seesGold({ role: "reviewer" })).toBe(true);
  });
});

describe("canManageUser", () => {
  it("lets a manager edit people below them and themself, never another manager or an admin", () => {
    const manager = { id: 1, role: "manager" as const };
    expect(canManageUser(manager, { id: 2, role: "annotator" })).toBe(true);
    expect(canManageUser(manager, { id: 1, role: "manager" })).toBe(true);
    expect(canManageUser(manager, { id: 3, role: "manager" })).toBe(false);
    expect(canManageUser(manager, { id: 4, role: "admin" })).toBe(false);
    expect(canManageUser({ id: 4, role: "admin" }, { id: 3, role: "manager" })).toBe(true);
    expect(canManageUser({ id: 5, role: "analyst" }, { id: 2, role: "annotator" })).toBe(false);
  });
});
