import type { Role } from "@quorum/core";
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
}

/** A simulated annotator: an account plus what drives their simulated work. */
export interface DemoAnnotator extends DemoPerson {
  profile: { utcOffsetMinutes: number; accuracy: number; pace?: number; confusion?: ConfusionProfile };
}

export const LEXICON = "Lexicon Partners";
export const MERIDIAN = "Meridian Data Services";

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
    skills: {},
    vendor: LEXICON,
  },
  {
    email: "annotator@quorum.local",
    name: "Alex Morgan",
    role: "annotator",
    languages: ["en", "de"],
    skills: { moderation: 2, relevance: 2 },
    vendor: null,
  },
];

interface Cohort {
  vendor: string | null;
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
    accuracy: 0.87,
    skills: (r) => ({ relevance: pick(r, [1, 2, 3]), moderation: pick(r, [0, 1]) }),
  },
  {
    vendor: MERIDIAN,
    names: ["Maria Santos", "Jose Reyes", "Angelica Cruz", "Mark Villanueva", "Kristine Bautista", "Paolo Mendoza"],
    languages: () => ["en", "tl"],
    utcOffsets: [480],
    accuracy: 0.84,
    skills: (r) => ({ moderation: pick(r, [1, 2]), relevance: pick(r, [0, 1]) }),
  },
  {
    vendor: null,
    names: ["Yuki Tanaka", "Haruto Sato", "Aoi Suzuki", "Ren Takahashi", "Sakura Watanabe", "Kenji Ito"],
    languages: (r) => (r() < 0.35 ? ["ja", "en"] : ["ja"]),
    utcOffsets: [540],
    accuracy: 0.86,
    skills: (r) => ({ relevance: pick(r, [1, 2]) }),
  },
  {
    vendor: null,
    names: ["Lucía Fernández", "Mateo García", "Valentina Rojas", "Diego Morales", "Camila Herrera"],
    languages: () => ["es", "en"],
    utcOffsets: [-360, -300, -180, 60],
    accuracy: 0.8,
    skills: (r) => ({ relevance: pick(r, [0, 1, 2]), moderation: pick(r, [0, 1]) }),
  },
  {
    vendor: null,
    names: ["Camille Dubois", "Thomas Laurent", "Beatriz Costa", "Rafael Almeida"],
    languages: (r) => [pick(r, ["fr", "pt"]), "en"],
    utcOffsets: [60, 0, -180],
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
      all.push({
        email: email(name),
        name,
        role: "annotator",
        languages: cohort.languages(random),
        skills: cohort.skills(random),
        vendor: cohort.vendor,
        profile: {
          utcOffsetMinutes: pick(random, cohort.utcOffsets),
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
