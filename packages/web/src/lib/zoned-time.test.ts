import { describe, expect, it } from "vitest";
import { epochOfWallTime, wallTimeOf, zoneWithOffset } from "./zoned-time.js";

const NEW_YORK = "America/New_York";

describe("a deadline typed as a wall time in the viewer's zone", () => {
  it("is sent as the epoch ms of that wall time in that zone, whatever zone the browser runs in", () => {
    // 17:00 in New York in winter is 22:00 UTC; in summer, 21:00 UTC.
    expect(epochOfWallTime("2026-03-07T17:00", NEW_YORK)).toBe(Date.UTC(2026, 2, 7, 22, 0));
    expect(epochOfWallTime("2026-03-09T17:00", NEW_YORK)).toBe(Date.UTC(2026, 2, 9, 21, 0));
    expect(epochOfWallTime("2026-03-09T17:00", "Asia/Tokyo")).toBe(Date.UTC(2026, 2, 9, 8, 0));
    expect(epochOfWallTime("2026-03-09T17:00", "UTC")).toBe(Date.UTC(2026, 2, 9, 17, 0));
  });

  it("handles the hours around New York's DST changes (8 March and 1 November 2026)", () => {
    // Just before and after the spring change at 02:00 EST.
    expect(epochOfWallTime("2026-03-08T01:59", NEW_YORK)).toBe(Date.UTC(2026, 2, 8, 6, 59));
    expect(epochOfWallTime("2026-03-08T03:00", NEW_YORK)).toBe(Date.UTC(2026, 2, 8, 7, 0));
    // 02:30 does not exist that day: it moves forward an hour, to 03:30 EDT.
    expect(epochOfWallTime("2026-03-08T02:30", NEW_YORK)).toBe(Date.UTC(2026, 2, 8, 7, 30));
    // 01:30 on 1 November happens twice: the first, in EDT.
    expect(epochOfWallTime("2026-11-01T01:30", NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(epochOfWallTime("2026-11-01T03:00", NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 8, 0));
  });

  it("reads back into the input as the same wall time", () => {
    for (const value of ["2026-03-07T17:00", "2026-03-08T03:15", "2026-11-01T01:30", "2026-12-31T23:59"]) {
      const at = epochOfWallTime(value, NEW_YORK);
      expect(at).not.toBeNull();
      expect(wallTimeOf(at, NEW_YORK)).toBe(value);
    }
    expect(wallTimeOf("2026-03-31T17:00:00Z", NEW_YORK)).toBe("2026-03-31T13:00");
    expect(wallTimeOf(null, NEW_YORK)).toBe("");
  });

  it("is null when empty, malformed or in an unknown zone", () => {
    expect(epochOfWallTime("", NEW_YORK)).toBeNull();
    expect(epochOfWallTime("2026-03-07", NEW_YORK)).toBeNull();
    expect(epochOfWallTime("2026-03-07T17:00", "Mars/Olympus")).toBeNull();
  });

  it("names the zone with its offset at that time", () => {
    expect(zoneWithOffset(NEW_YORK, Date.UTC(2026, 0, 15))).toBe("America/New_York (GMT-05:00)");
    expect(zoneWithOffset(NEW_YORK, Date.UTC(2026, 6, 15))).toBe("America/New_York (GMT-04:00)");
  });
});
