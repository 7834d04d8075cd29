import { describe, expect, it } from "vitest";
import { searchTimeZones } from "./time-zone-search.js";

const ZONES = ["UTC", "America/New_York", "America/Argentina/Buenos_Aires", "Europe/Berlin", "Asia/Tokyo"];

describe("searchTimeZones", () => {
  it("finds a zone by any part of its name, whatever the case, spaces for underscores", () => {
    expect(searchTimeZones(ZONES, "new york")).toEqual(["America/New_York"]);
    expect(searchTimeZones(ZONES, "BERLIN")).toEqual(["Europe/Berlin"]);
    expect(searchTimeZones(ZONES, "america aires")).toEqual(["America/Argentina/Buenos_Aires"]);
    expect(searchTimeZones(ZONES, "America/")).toEqual(["America/New_York", "America/Argentina/Buenos_Aires"]);
  });

  it("keeps every zone for an empty query and none for a query nothing holds", () => {
    expect(searchTimeZones(ZONES, "  ")).toEqual(ZONES);
    expect(searchTimeZones(ZONES, "Mars")).toEqual([]);
  });
});
