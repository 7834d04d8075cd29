import type { LanguageLevel, Role } from "@quorum/core";
import { type ConfusionProfile, pick, type Random } from "../simulate/annotator-model.js";
import { slugify } from "./fill-template.js";

/** The password of every demo account (printed when the demo is built). */
export const DEMO_PASSWORD = "quorum-demo";

export interface DemoPerson {
  email: string;
  name: string;
  role: Role;
  languages: string[];
  skills: Record<string, number>;
  vendor: string | null;
  /** The team of `vendor` the person belongs to (see demo-vendors.ts). */
  team?: string;
  region?: string;
  timeZone?: string;
  languageLevels?: Record<string, LanguageLevel>;
}

/** A simulated annotator: an account plus what drives their simulated work. */
export interface DemoAnnotator extends DemoPerson {
  profile: { utcOffsetMinutes: number; accuracy: number; pace?: number; confusion?: ConfusionProfile };
}

export const LEXICON = "Lexicon Partners";
export const MERIDIAN = "Meridian Data Services";

/**
 * Staff added after the simulated history (ids after everyone's), so that the history, which
 * the annotators' ids shape, stays as it was: finance reads cost, budgets and rate cards and
 * schedules its own reports, and sees nothing of labels or people.
 */
export const DEMO_LATE_STAFF: readonly DemoPerson[] = [
  {
    email: "finance@quorum.local",
    name: "Jonas Lindqvist",
    role: "finance",
    languages: ["en"],
    skills: {},
    vendor: null,
  },
];

/** The people who run the workspace, one per role, plus an annotator account for a person to label with. */
export const DEMO_STAFF: readonly DemoPerson[] = [
  { email: "manager@quorum.local", name: "Maya Okafor", role: "manager", languages: ["en"], skills: {}, vendor: null },
  {
    email: "reviewer@quorum.local",
    name: "Elena Petrova",
    role: "reviewer",
    languages: ["en", "de"],
    skills: { moderation: 3, relevance: 3 },
    vendor: null,
  },
  {
    email: "analyst@quorum.local",
    name: "Samuel Adeyemi",
    role: "analyst",
    languages: ["en"],
    skills: {},
    vendor: null,
  },
  {
    email: "vendor-lead@quorum.local",
    name: "Rahul Desai",
    role: "vendor_lead",
    languages: ["en", "hi"],
    languageLevels: { en: "C2", hi: "native" },
    skills: {},
    vendor: LEXICON,
    team: "Bengaluru",
    region: "IN",
    timeZone: "Asia/Kolkata",
  },
  {
    email: "berlin-lead@quorum.local",
    name: "Katrin Vogel",
    role: "vendor_lead",
    languages: ["de", "en"],
    languageLevels: { de: "native", en: "C1" },
    skills: {},
    vendor: LEXICON,
    team: "Berlin",
    region: "DE",
    timeZone: "Europe/Berlin",
  },
  {
    email: "meridian-lead@quorum.local",
    name: "Isabel Ramos",
    role: "vendor_lead",
    languages: ["en", "tl"],
    languageLevels: { en: "C2", tl: "native" },
    skills: {},
    vendor: MERIDIAN,
    team: "Manila Day",
    region: "PH",
    timeZone: "Asia/Manila",
  },
  {
    email: "meridian-night-lead@quorum.local",
    name: "Carlo Dizon",
    role: "vendor_lead",
    languages: ["en", "tl"],
    languageLevels: { en: "C1", tl: "native" },
    skills: {},
    vendor: MERIDIAN,
    team: "Manila Night",
    region: "PH",
    timeZone: "Asia/Manila",
  },
  {
    email: "annotator@quorum.local",
    name: "Alex Morgan",
    role: "annotator",
    languages: ["en", "de"],
    languageLevels: { en: "native", de: "B2" },
    region: "GB",
    timeZone: "Europe/London",
    skills: { moderation: 2, relevance: 2 },
    vendor: null,
  },
];

interface Cohort {
  vendor: string | null;
  /** The vendor's teams the cohort is spread over, in turn. */
  teams?: string[];
  /** Region and IANA zone per UTC offset (minutes) of `utcOffsets`. */
  places: Record<number, [string, string]>;
  names: string[];
  languages: (random: Random) => string[];
  utcOffsets: number[];
  accuracy: number;
  skills: (random: Random) => Record<string, number>;
}

const COHORTS: Cohort[] = [
  {
    vendor: null,
    names: [
      "Emily Carter",
      "Marcus Johnson",
      "Olivia Bennett",
      "Jamal Washington",
      "Hannah Brooks",
      "Tyler Nguyen",
      "Grace Sullivan",
      "Daniel Reyes",
      "Chloe Patterson",
      "Ethan Walker",
      "Liam O'Connor",
      "Megan Foster",
    ],
    languages: () => ["en"],
    utcOffsets: [-480, -420, -360, -300, 0],
    places: {
      [-480]: ["US", "America/Los_Angeles"],
      [-420]: ["US", "America/Denver"],
      [-360]: ["US", "America/Chicago"],
      [-300]: ["US", "America/New_York"],
      0: ["GB", "Europe/London"],
    },
    accuracy: 0.82,
    skills: (r) => ({ moderation: pick(r, [0, 1, 1, 2]), relevance: pick(r, [0, 1, 2, 3]) }),
  },
  {
    vendor: LEXICON,
    names: [
      "Priya Sharma",
      "Arjun Mehta",
      "Ananya Iyer",
      "Rohan Gupta",
      "Kavya Nair",
      "Vikram Singh",
      "Sneha Reddy",
      "Aditya Rao",
    ],
    languages: () => ["en", "hi"],
    utcOffsets: [330],
    teams: ["Bengaluru"],
    places: { 330: ["IN", "Asia/Kolkata"] },
    accuracy: 0.88,
    skills: (r) => ({ moderation: 2, relevance: pick(r, [1, 2]) }),
  },
  {
    vendor: LEXICON,
    names: [
      "Lukas Becker",
      "Anna Schmidt",
      "Jonas Weber",
      "Lea Hoffmann",
      "Felix Wagner",
      "Marie Schäfer",
      "Tobias Krüger",
    ],
    languages: (r) => (r() < 0.7 ? ["de", "en"] : ["de"]),
    utcOffsets: [60],
    teams: ["Berlin"],
    places: { 60: ["DE", "Europe/Berlin"] },
    accuracy: 0.87,
    skills: (r) => ({ relevance: pick(r, [1, 2, 3]), moderation: pick(r, [0, 1]) }),
  },
  {
    vendor: MERIDIAN,
    names: ["Maria Santos", "Jose Reyes", "Angelica Cruz", "Mark Villanueva", "Kristine Bautista", "Paolo Mendoza"],
    languages: () => ["en", "tl"],
    utcOffsets: [480],
    teams: ["Manila Day", "Manila Night"],
    places: { 480: ["PH", "Asia/Manila"] },
    accuracy: 0.84,
    skills: (r) => ({ moderation: pick(r, [1, 2]), relevance: pick(r, [0, 1]) }),
  },
  {
    vendor: null,
    names: ["Yuki Tanaka", "Haruto Sato", "Aoi Suzuki", "Ren Takahashi", "Sakura Watanabe", "Kenji Ito"],
    languages: (r) => (r() < 0.35 ? ["ja", "en"] : ["ja"]),
    utcOffsets: [540],
    places: { 540: ["JP", "Asia/Tokyo"] },
    accuracy: 0.86,
    skills: (r) => ({ relevance: pick(r, [1, 2]) }),
  },
  {
    vendor: null,
    names: ["Lucía Fernández", "Mateo García", "Valentina Rojas", "Diego Morales", "Camila Herrera"],
    languages: () => ["es", "en"],
    utcOffsets: [-360, -300, -180, 60],
    places: {
      [-360]: ["MX", "America/Mexico_City"],
      [-300]: ["CO", "America/Bogota"],
      [-180]: ["AR", "America/Argentina/Buenos_Aires"],
      60: ["ES", "Europe/Madrid"],
    },
    accuracy: 0.8,
    skills: (r) => ({ relevance: pick(r, [0, 1, 2]), moderation: pick(r, [0, 1]) }),
  },
  {
    vendor: null,
    names: ["Camille Dubois", "Thomas Laurent", "Beatriz Costa", "Rafael Almeida"],
    languages: (r) => [pick(r, ["fr", "pt"]), "en"],
    utcOffsets: [60, 0, -180],
    places: { 60: ["FR", "Europe/Paris"], 0: ["PT", "Europe/Lisbon"], [-180]: ["BR", "America/Sao_Paulo"] },
    accuracy: 0.83,
    skills: (r) => ({ relevance: pick(r, [1, 2]), moderation: pick(r, [0, 1]) }),
  },
];

/** A grader who rates one step too generously about 40 % of the time. */
const LENIENT_RATER: ConfusionProfile = Object.fromEntries(
  [0, 1, 2, 3, 4].map((g) => [
    String(g),
    { [String(g)]: 0.55, [String(Math.min(4, g + 1))]: 0.4, [String(Math.max(0, g - 1))]: 0.05 },
  ]),
);
/** A moderator who often calls hate speech harassment. */
const HATE_HARASSMENT_MIXER: ConfusionProfile = {
  hate: { hate: 0.5, harassment: 0.5 },
  harassment: { harassment: 0.85, hate: 0.15 },
};

/** Special characters that make the quality dashboards worth looking at, by cohort and position. */
function quirks(cohort: number, position: number): Partial<DemoAnnotator["profile"]> {
  if (cohort === 0 && position === 5) return { accuracy: 0.4, pace: 0.35 }; // fast and careless
  if (cohort === 5 && position === 3) return { confusion: LENIENT_RATER };
  if (cohort === 3 && position === 2) return { confusion: HATE_HARASSMENT_MIXER };
  return {};
}

/** The first language is native; the others one of B1, B2 or C1 (by position, to keep the draws of `random` as they were). */
function demoLevels(languages: readonly string[], position: number): Record<string, LanguageLevel> {
  const second: LanguageLevel[] = ["B2", "C1", "B1"];
  return Object.fromEntries(
    languages.map((tag, i): [string, LanguageLevel] => [
      tag,
      i === 0 ? "native" : (second[(position + i) % 3] ?? "B2"),
    ]),
  );
}

function email(name: string): string {
  return `${name
    .split(" ")
    .map((word) => slugify(word).replace(/-/g, ""))
    .join(".")}@quorum.local`;
}

/**
 * About fifty simulated annotators from seven cohorts (US/UK crowd, two vendors' teams in India,
 * Berlin and Manila, Japanese, Spanish and other European freelancers). The cohorts are
 * interleaved, so the first `count` always include every cohort and language.
 */
export function demoAnnotators(random: Random, count: number): DemoAnnotator[] {
  const all: DemoAnnotator[] = [];
  const longest = Math.max(...COHORTS.map((c) => c.names.length));
  for (let position = 0; position < longest; position++) {
    COHORTS.forEach((cohort, index) => {
      const name = cohort.names[position];
      if (name === undefined) return;
      const languages = cohort.languages(random);
      const skills = cohort.skills(random);
      const utcOffsetMinutes = pick(random, cohort.utcOffsets);
      const [region, timeZone] = cohort.places[utcOffsetMinutes] ?? ["", "UTC"];
      const team = cohort.teams?.[position % cohort.teams.length];
      all.push({
        email: email(name),
        name,
        role: "annotator",
        languages,
        skills,
        vendor: cohort.vendor,
        ...(team ? { team } : {}),
        region,
        timeZone,
        languageLevels: demoLevels(languages, position),
        profile: {
          utcOffsetMinutes,
          accuracy: cohort.accuracy,
          ...quirks(index, position),
        },
      });
    });
  }
  return all.slice(0, count);
}

/** How many simulated annotators the demo has at scale 1. */
export const DEMO_ANNOTATOR_COUNT = COHORTS.reduce((sum, cohort) => sum + cohort.names.length, 0);
