import { describe, expect, it } from "vitest";
import { eventVisibleTo } from "./event-visibility.js";
import { inPeopleScope, peopleScope } from "./people-scope.js";

const people = [
  { id: 5, vendor: "Acme" },
  { id: 6, vendor: "Rival" },
  { id: 7, vendor: null },
  { id: 9, vendor: "Acme" },
];

/** A viewer as the routes resolve one: their scope, and whether a person id is inside it. */
function viewer(user: { id: number; role: "manager" | "vendor_lead"; vendor: string | null }) {
  const scope = peopleScope(user);
  return {
    scope,
    sees: (id: number | null) => people.some((p) => p.id === id && inPeopleScope(scope, p)),
  };
}

const manager = viewer({ id: 1, role: "manager", vendor: null });
const acmeLead = viewer({ id: 9, role: "vendor_lead", vendor: "Acme" });

describe("which activity events a viewer may see", () => {
  const events = {
    ownAnnotatorAppeal: { actorId: 5, actorRole: "annotator", details: { judgmentId: 1 } },
    otherAnnotatorAppeal: { actorId: 6, actorRole: "annotator", details: { judgmentId: 2 } },
    otherLeadsAction: { actorId: 6, actorRole: "vendor_lead", details: null },
    staffAboutOwn: { actorId: 1, actorRole: "manager", details: { annotatorId: 5 } },
    staffAboutOther: { actorId: 1, actorRole: "manager", details: { annotatorId: 6 } },
    staffAboutNobody: { actorId: 1, actorRole: "manager", details: { batchId: 3 } },
    systemEvent: { actorId: null, actorRole: null, details: null },
    bonusToOwn: { actorId: 1, actorRole: "manager", details: { annotatorId: 5, amountMinor: 500 } },
    settlement: { actorId: 1, actorRole: "manager", details: { paidMinor: 12_000, currency: "EUR" } },
  } as const;

  it("shows managers every event, pay included", () => {
    for (const [name, event] of Object.entries(events)) expect(eventVisibleTo(manager, event), name).toBe(true);
  });

  it("hides from a vendor lead an event made by someone outside their vendor", () => {
    expect(eventVisibleTo(acmeLead, events.ownAnnotatorAppeal)).toBe(true);
    expect(eventVisibleTo(acmeLead, events.otherAnnotatorAppeal)).toBe(false);
    expect(eventVisibleTo(acmeLead, events.otherLeadsAction)).toBe(false);
  });

  it("hides from a vendor lead a staff event naming someone outside their vendor, not one naming their own", () => {
    expect(eventVisibleTo(acmeLead, events.staffAboutOwn)).toBe(true);
    expect(eventVisibleTo(acmeLead, events.staffAboutOther)).toBe(false);
    expect(eventVisibleTo(acmeLead, events.staffAboutNobody)).toBe(true);
    expect(eventVisibleTo(acmeLead, events.systemEvent)).toBe(true);
    expect(eventVisibleTo(acmeLead, { actorId: 1, actorRole: "manager", details: { annotatorId: "5" } })).toBe(false);
  });

  it("hides every event carrying pay from a vendor lead, even pay to their own people", () => {
    expect(eventVisibleTo(acmeLead, events.bonusToOwn)).toBe(false);
    expect(eventVisibleTo(acmeLead, events.settlement)).toBe(false);
  });
});
