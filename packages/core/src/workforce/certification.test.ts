import { describe, expect, it } from "vitest";
import { describeCertificationNeed, needsCertification } from "./certification.js";
import type { SkillGrant } from "./skill-grants.js";

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
const base = {
  grants: [grant()],
  profileSkills: {},
  requirements: { medical: 2 },
  guideline: { version: 1, requiresRecertification: false, publishedAt: T - DAY },
  now: T + DAY,
};

describe("needsCertification", () => {
  it("needs nothing when an active grant covers each required level", () => {
    expect(needsCertification(base)).toEqual([]);
    expect(needsCertification({ ...base, grants: [grant({ level: 3 })] })).toEqual([]);
    expect(needsCertification({ ...base, requirements: {} })).toEqual([]);
  });

  it("says why a skill is not covered", () => {
    const reason = (grants: SkillGrant[], now = base.now) =>
      needsCertification({ ...base, grants, now }).map((n) => n.reason);
    expect(reason([])).toEqual(["missing"]);
    expect(reason([grant({ skill: "legal" })])).toEqual(["missing"]);
    expect(reason([grant({ level: 1 })])).toEqual(["below_level"]);
    expect(reason([grant({ expiresAt: T + DAY })])).toEqual(["expired"]);
    expect(reason([grant()], T + 95 * DAY)).toEqual(["idle"]);
    // An idle grant at the level says more than an active one below it.
    expect(
      reason([grant(), grant({ level: 1, grantedAt: T + 94 * DAY, lastUsedAt: T + 94 * DAY })], T + 95 * DAY),
    ).toEqual(["idle"]);
  });

  it("asks holders certified before a guideline that requires re-certification to pass again", () => {
    const guideline = { version: 2, requiresRecertification: true, publishedAt: T + 10 * DAY };
    const needs = needsCertification({ ...base, guideline, now: T + 11 * DAY });
    expect(needs).toEqual([{ skill: "medical", level: 2, reason: "recertification" }]);
    // A pass after the new version was published settles it.
    const renewed = [grant(), grant({ grantedAt: T + 10 * DAY + 1, lastUsedAt: T + 10 * DAY + 1 })];
    expect(needsCertification({ ...base, grants: renewed, guideline, now: T + 11 * DAY })).toEqual([]);
    // Without the flag, a new version changes nothing.
    expect(
      needsCertification({ ...base, guideline: { ...guideline, requiresRecertification: false }, now: T + 11 * DAY }),
    ).toEqual([]);
  });

  it("accepts a level set on the profile by a manager, which neither lapses nor needs re-certification", () => {
    const guideline = { version: 2, requiresRecertification: true, publishedAt: T + 10 * DAY };
    expect(
      needsCertification({ ...base, grants: [], profileSkills: { medical: 2 }, guideline, now: T + 400 * DAY }),
    ).toEqual([]);
    expect(needsCertification({ ...base, grants: [], profileSkills: { medical: 1 } })).toEqual([
      { skill: "medical", level: 2, reason: "missing" },
    ]);
  });

  it("lists every required skill that is not covered, with a sentence for each", () => {
    const needs = needsCertification({ ...base, requirements: { medical: 2, legal: 1 } });
    expect(needs).toEqual([{ skill: "legal", level: 1, reason: "missing" }]);
    expect(describeCertificationNeed(needs[0]!)).toBe("pass the exam for legal at level 1");
    expect(describeCertificationNeed({ skill: "medical", level: 2, reason: "recertification" })).toContain(
      "guidelines changed",
    );
  });
});
