import { expect, it } from "vitest";
import { formatSkills, parseLanguages, parseSkills, skillTags } from "./requirements.js";

it("parses skills and names bad entries", () => {
  expect(parseSkills("moderation=60, de_fluency: 80")).toEqual({
    skills: { moderation: 60, de_fluency: 80 },
    errors: [],
  });
  expect(parseSkills("moderation, x=200").errors.map((e) => e.message)).toEqual([
    '"moderation" should look like skill=60 (0–100)',
    '"x=200" should look like skill=60 (0–100)',
  ]);
  expect(parseSkills("")).toEqual({ skills: {}, errors: [] });
  expect(formatSkills({ a: 1, b: 20 })).toBe("a=1, b=20");
});

it("parses language lists", () => {
  expect(parseLanguages("en, DE ja,en")).toEqual(["en", "de", "ja"]);
});

it("skillTags names skills for people, with their level, in order", () => {
  expect(skillTags({ moderation: 2, de_fluency: 80 })).toEqual([
    { name: "De fluency", level: 80 },
    { name: "Moderation", level: 2 },
  ]);
});
