import { describe, expect, it } from "vitest";
import { effectiveSkillLevels, idleLimitMs, renewGrant, type SkillGrant, skillState } from "./skill-grants.js";

const DAY = 86_400_000;
const T = 1_800_000_000_000;
const grant = (over: Partial<SkillGrant> = {}): SkillGrant => ({
  skill: "medical",
  level: 2,
  grantedAt: T,
  expiresAt: T + 180 * DAY,
  lastUsedAt: T,
  ...over,
});

describe("skillState", () => {
  it("is active until the expiry, expired from it on", () => {
    expect(skillState(grant(), T + 10 * DAY)).toBe("active");
    expect(skillState(grant({ lastUsedAt: T + 170 * DAY }), T + 180 * DAY - 1)).toBe("active");
    expect(skillState(grant({ lastUsedAt: T + 170 * DAY }), T + 180 * DAY)).toBe("expired");
  });

  it("lapses after 90 days unused by default, and use keeps it alive", () => {
    expect(idleLimitMs()).toBe(90 * DAY);
    expect(skillState(grant(), T + 90 * DAY - 1)).toBe("active");
    expect(skillState(grant(), T + 90 * DAY)).toBe("idle");
    expect(skillState(grant({ lastUsedAt: T + 60 * DAY }), T + 120 * DAY)).toBe("active");
    expect(skillState(grant(), T + 20 * DAY, idleLimitMs(14))).toBe("idle");
  });
});

describe("renewGrant", () => {
  it("runs a new grant for its validity from now", () => {
    expect(renewGrant(undefined, { skill: "medical", level: 2, validityMs: 30 * DAY, now: T })).toEqual({
      skill: "medical",
      level: 2,
      grantedAt: T,
      expiresAt: T + 30 * DAY,
      lastUsedAt: T,
    });
  });

  it("extends an expiry but never shortens one", () => {
    const held = grant({ expiresAt: T + 10 * DAY });
    expect(renewGrant(held, { skill: "medical", level: 2, validityMs: 30 * DAY, now: T + 5 * DAY }).expiresAt).toBe(
      T + 35 * DAY,
    );
    const long = grant({ expiresAt: T + 400 * DAY });
    expect(renewGrant(long, { skill: "medical", level: 2, validityMs: 30 * DAY, now: T + 5 * DAY }).expiresAt).toBe(
      T + 400 * DAY,
    );
  });
});

describe("effectiveSkillLevels", () => {
  it("takes the higher of the profile level and the active grants", () => {
    const grants = [
      grant({ level: 3 }),
      grant({ skill: "legal", level: 1 }),
      grant({ skill: "finance", level: 4, expiresAt: T }),
    ];
    expect(effectiveSkillLevels({ medical: 1, legal: 2 }, grants, T + DAY)).toEqual({ medical: 3, legal: 2 });
  });

  it("drops a lapsed grant but keeps the profile level, which never lapses", () => {
    expect(effectiveSkillLevels({ legal: 1 }, [grant({ level: 3 })], T + 100 * DAY)).toEqual({ legal: 1 });
  });
});
