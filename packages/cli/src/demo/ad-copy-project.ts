import { DEFAULT_GOLD_POLICY, parseLabelSchema } from "@quorum/core";
import { pick, type Random } from "../simulate/annotator-model.js";
import type { DemoProjectSpec, DemoTask } from "./demo-spec.js";
import { externalId } from "./fill-template.js";

interface Brief {
  brand: string;
  product: string;
  offer: string;
  wrongOffer: string;
  deadline: string;
}

const BRIEFS: Brief[] = [
  { brand: "Stridewell", product: "Running Shoes", offer: "30% Off", wrongOffer: "50% Off", deadline: "Ends Sunday" },
  {
    brand: "Brewhaus",
    product: "Coffee Subscriptions",
    offer: "First Month Free",
    wrongOffer: "First Year Free",
    deadline: "This Week Only",
  },
  {
    brand: "Lumen Mobile",
    product: "Unlimited Data Plans",
    offer: "$20 Off",
    wrongOffer: "$50 Off",
    deadline: "Until Friday",
  },
  {
    brand: "Nestwise",
    product: "Smart Thermostats",
    offer: "Free Installation",
    wrongOffer: "Free Thermostat",
    deadline: "Ends March 31",
  },
  {
    brand: "Pagewise",
    product: "Audiobooks",
    offer: "3 Months Free",
    wrongOffer: "6 Months Free",
    deadline: "New Members Only",
  },
  {
    brand: "Greenbox",
    product: "Meal Kits",
    offer: "50% Off Your First Box",
    wrongOffer: "Free First Box",
    deadline: "Today Only",
  },
  {
    brand: "Orbitfit",
    product: "Gym Memberships",
    offer: "No Joining Fee",
    wrongOffer: "First Year Free",
    deadline: "This Weekend",
  },
  {
    brand: "Tidepool",
    product: "Swimwear",
    offer: "Buy One, Get One Free",
    wrongOffer: "70% Off Everything",
    deadline: "Ends Monday",
  },
];

const FORMATS = [
  { name: "search ad headline", limit: 60 },
  { name: "social media post", limit: 110 },
];

type Good = (b: Brief) => string;
const GOOD: Good[] = [
  (b) => `${b.offer} ${b.product} at ${b.brand}`,
  (b) => `${b.brand}: ${b.offer} ${b.product}, ${b.deadline}`,
  (b) => `${b.product}, ${b.offer} | ${b.brand}`,
  (b) => `${b.offer} ${b.product} — ${b.deadline} at ${b.brand}`,
];

/** Typical ways a candidate misses the brief, each with the reason a reviewer would give. */
const FLAWS: { write: (b: Brief, good: string, limit: number) => string; reason: string }[] = [
  { write: (b) => `Shop ${b.product} at ${b.brand}`, reason: "leaves out the offer, the point of the brief" },
  { write: (b, good) => good.replace(b.offer, b.wrongOffer), reason: "states the wrong offer" },
  {
    write: (_, good, limit) => {
      let long = `${good} — Don't Miss Out On These Amazing Deals, Shop Our Full Range Now`;
      while (long.length <= limit) long = `${long}, Limited Stock`;
      return long;
    },
    reason: "is over the character limit",
  },
  { write: (b) => `YOU WON'T BELIEVE THESE ${b.product.toUpperCase()} DEALS!!!`, reason: "is all-caps clickbait" },
  {
    write: (b) => `${b.brand} ${b.product}: Guaranteed Best in the World`,
    reason: "makes an unsupported superlative claim",
  },
  { write: (_, good) => good.replace(/e/, "a").replace(/o/, "oo"), reason: "has spelling mistakes" },
];

function pairs(random: Random, count: number): DemoTask[] {
  return Array.from({ length: count }, (_, i) => {
    const brief = pick(random, BRIEFS);
    const format = pick(random, FORMATS);
    const prompt = `Write a ${format.name} (max ${format.limit} characters) for ${brief.brand}'s ${brief.product.toLowerCase()} promotion. Offer: ${brief.offer}. ${brief.deadline}.`;
    const fitting = GOOD.map((write) => write(brief)).filter((text) => text.length <= format.limit);
    const good = pick(random, fitting.length > 0 ? fitting : [`${brief.offer} at ${brief.brand}`]);
    let left: string;
    let right: string;
    let truth: "left" | "right" | "tie";
    let explanation: string;
    const otherGood = fitting.filter((text) => text !== good);
    if (random() < 0.12 && otherGood.length > 0) {
      [left, right, truth] = [good, pick(random, otherGood), "tie"];
      explanation = "Tie: both are on brief, within the limit and state the offer correctly.";
    } else {
      let flaw = pick(random, FLAWS);
      let bad = flaw.write(brief, good, format.limit);
      if (bad === good) {
        flaw = FLAWS[0]!;
        bad = flaw.write(brief, good, format.limit);
      }
      const goodOnLeft = random() < 0.5;
      [left, right, truth] = goodOnLeft ? [good, bad, "left"] : [bad, good, "right"];
      explanation = `${goodOnLeft ? "Left" : "Right"} is better: the ${goodOnLeft ? "right" : "left"} one ${flaw.reason}.`;
    }
    return { externalId: externalId("ad", i), data: { prompt, left, right }, truth, explanation };
  });
}

const GUIDELINES = `# Ad copy: which candidate is better?

Each task shows an advertiser's **brief** and two candidate texts, **left** and **right**. Choose
the one you would run, or **tie** when they are equally good (or equally bad).

A good candidate:
1. states the **offer exactly** as in the brief (the right discount, the right product);
2. fits the **character limit** given in the brief;
3. makes **no claim** the brief does not support ("guaranteed", "best in the world");
4. is free of spelling mistakes and does not shout in capitals.

Check these in order: the first rule a candidate breaks decides. Ignore small differences of
taste in wording.
`;

/** Ads: side-by-side preference between two ad copy candidates; overlap 5. */
export const adCopyProject: DemoProjectSpec = {
  project: {
    name: "Ad copy side-by-side",
    description: "Pick the better of two generated ad texts for an advertiser brief.",
    businessUnit: "Ads",
    schema: parseLabelSchema({ type: "pairwise", allowTie: true }),
    requirements: { languages: ["en"], skills: {} },
    overlap: 5,
    priority: 0,
    leaseSeconds: 600,
    sensitive: false,
    goldPolicy: { ...DEFAULT_GOLD_POLICY, share: 0, onboarding: 2 },
  },
  // A launch two weeks out: on track at the current pace (the moderation project is the one at risk).
  deadlineDays: 12,
  guidelines: [GUIDELINES],
  taskCount: 400,
  batches: (random, count) => [{ name: "Spring campaign candidates", tasks: pairs(random, count) }],
};
