import { describe, expect, it } from "vitest";
import { ActiveClock } from "./active-clock.js";

describe("ActiveClock", () => {
  it("counts time while visible and recently active", () => {
    let now = 0;
    const clock = new ActiveClock(() => now, 60_000);
    now = 10_000;
    expect(clock.read()).toBe(10_000);
    now = 200_000; // idle since 0: only the first minute counts
    expect(clock.read()).toBe(60_000);
    clock.activity();
    now = 205_000;
    expect(clock.read()).toBe(65_000);
  });

  it("stops counting while hidden", () => {
    let now = 0;
    const clock = new ActiveClock(() => now, 60_000);
    now = 5_000;
    clock.setVisible(false);
    now = 50_000;
    expect(clock.read()).toBe(5_000);
    clock.setVisible(true);
    now = 52_000;
    expect(clock.read()).toBe(7_000);
    clock.reset();
    expect(clock.read()).toBe(0);
  });
});
