import { DEFAULT_GOLD_POLICY, parseLabelSchema } from "@quorum/core";
import { pick, type Random } from "../simulate/annotator-model.js";
import type { DemoProjectSpec, DemoTask } from "./demo-spec.js";
import { externalId, fillTemplate, pickWeighted } from "./fill-template.js";

const schema = parseLabelSchema({
  type: "multi_label",
  options: [
    { value: "hate", label: "Hate speech", group: "Hate & harassment" },
    { value: "harassment", label: "Harassment or bullying", group: "Hate & harassment" },
    { value: "violence", label: "Violent threat", group: "Violence & self-harm" },
    { value: "self_harm", label: "Self-harm or suicide", group: "Violence & self-harm" },
    { value: "sexual", label: "Sexual content", group: "Adult & commercial" },
    { value: "spam", label: "Spam or scam", group: "Adult & commercial" },
    { value: "none", label: "No violation", group: "No violation", exclusive: true },
  ],
  minSelected: 1,
  maxSelected: 6,
});

// The demo invents the groups targeted by hateful posts rather than naming real ones.
const SLOTS = {
  name: ["Jordan", "Priya", "Marco", "Aiko", "Sam", "Leah", "Omar", "Chloe", "Diego", "Nina", "Ben", "Fatima"],
  handle: [
    "@jordan_k",
    "@priya.codes",
    "@marco1989",
    "@aiko_draws",
    "@samtheman",
    "@leah_runs",
    "@omar.b",
    "@chloe_xo",
    "@dsanchez",
    "@nina_k_",
  ],
  team: ["the Harbor City Gulls", "Northside FC", "the Riverton Rockets", "Eastbrook United", "the Mesa Coyotes"],
  city: ["Lisbon", "Denver", "Osaka", "Toronto", "Melbourne", "Leipzig", "Austin", "Bristol"],
  food: ["banana bread", "ramen", "shakshuka", "sourdough", "tacos al pastor", "lasagna", "dal makhani"],
  pet: ["Biscuit", "Mochi", "Pickles", "Luna", "Captain", "Waffles"],
  group: ["Velorians", "Drennish people", "Maravians", "Tavarans"],
  domain: [
    "quick-cash.example",
    "free-followers.example",
    "bestdeals4u.example",
    "claim-prize.example",
    "spicy-chat.example",
  ],
  product: ["designer sneakers", "weight-loss tea", "wireless earbuds", "luxury watches"],
  n: ["3", "4", "5", "7", "9"],
  money: ["$300", "$450", "$500", "$800"],
};

interface PostTemplate {
  labels: string[];
  weight: number;
  text: string;
  why: string;
}

const TEMPLATES: PostTemplate[] = [
  // Benign posts, the bulk of any real feed.
  ...[
    "Just finished my first half marathon in {city}! Legs are jelly but I'm so happy 🏃‍♀️",
    "Does anyone have a good {food} recipe? Mine always comes out too dry.",
    "{team} played terribly tonight. That defense was a disaster, fire the coach already.",
    "Power's been out on our street in {city} since 6am, anyone else?",
    "Adopted a senior cat today. She's 12, grumpy, and perfect. Meet {pet} 🐱",
    "Hot take: pineapple on pizza is fine and you all need to relax.",
    "Reminder that the library book sale is this Saturday, 10–4. Bring a bag!",
    "Can someone explain why my sourdough starter smells like nail polish remover?",
    "Finally fixed the leaking tap myself. YouTube university strikes again 🔧",
    "My {n}-year-old asked me if clouds are heavy and now I can't stop thinking about it.",
    "Three weeks into learning Japanese and I can finally read a menu in {city}'s ramen bar 🍜",
    "Anyone selling a used bike in {city}? Budget is around $150.",
    "Happy birthday to my best friend {name}! Twenty years of terrible jokes and great advice 🎂",
  ].map((text) => ({ labels: ["none"], weight: 3.2, text, why: "An ordinary post: nothing in it breaks the policy." })),
  {
    labels: ["none"],
    weight: 2,
    text: "This traffic in {city} is absolutely f***ing ridiculous. 45 minutes to go two miles.",
    why: "Profanity that targets no one is not harassment or hate.",
  },
  {
    labels: ["none"],
    weight: 2,
    text: "Police say two people were injured in a stabbing near {city} station last night; a suspect is in custody.",
    why: "News reporting of violence is not a violent threat (guidelines § Violence).",
  },
  {
    labels: ["none"],
    weight: 2,
    text: "I'm going to destroy you all at board game night, prepare to lose 😈",
    why: "Playful hyperbole between friends is not a threat.",
  },
  {
    labels: ["none"],
    weight: 1.5,
    text: "Six months free from self-harm today. If you're struggling, please reach out; the helpline saved me. It gets better 💚",
    why: "Recovery and support stories without method details are allowed (guidelines v2 § Self-harm).",
  },
  // Spam and scams.
  ...[
    '🔥 Make {money} a day from home! No experience needed. DM me "INFO" now 💰',
    "Get 10,000 followers in 24 hours for just $5 ➡️ {domain}",
    "Congratulations {handle}! You've been selected for a free phone. Claim here: {domain}/claim",
    "Crypto giveaway 🚀 Send 0.1 ETH and receive 1 ETH back instantly! Limited time only.",
    "Best {product} at 80% off, today only!!! {domain}",
  ].map((text) => ({
    labels: ["spam"],
    weight: 2.4,
    text,
    why: "Unsolicited commercial content or a scam that asks for money or clicks.",
  })),
  // Harassment.
  ...[
    "{handle} nobody asked for your opinion, you absolute clown. Delete your account.",
    "{handle} everyone at school knows what you did. Enjoy Monday, loser.",
    "Look at {handle}'s profile pic 😂 imagine leaving the house looking like that",
    "{handle} you're pathetic and honestly everyone here is laughing at you",
  ].map((text) => ({
    labels: ["harassment"],
    weight: 2.2,
    text,
    why: "Insults and degrades a specific person: harassment.",
  })),
  // Hate speech against (invented) protected groups.
  ...[
    "{group} are vermin and shouldn't be allowed to live in our neighborhood.",
    "Never hire {group}. They're all lazy thieves, every single one.",
    "Our country was better before the {group} showed up. Send them all back.",
  ].map((text) => ({
    labels: ["hate"],
    weight: 2,
    text,
    why: "Dehumanises or generalises about people for their ethnicity or origin: hate speech.",
  })),
  // Threats.
  ...[
    "If {name} shows up at the meeting again I swear I'll put him in the hospital.",
    "Someone should torch that office with everyone still inside.",
  ].map((text) => ({ labels: ["violence"], weight: 2, text, why: "A credible threat of physical harm." })),
  {
    labels: ["harassment", "violence"],
    weight: 1.5,
    text: "{handle} keep talking and I'll find out where you live. You won't like what happens next.",
    why: "Targets a specific person (harassment) with a threat of harm (violence): both apply.",
  },
  {
    labels: ["hate", "violence"],
    weight: 1,
    text: "The {group} deserve everything that's coming to them. Grab your bats this weekend.",
    why: "Attacks a protected group (hate) and incites violence against it: both apply.",
  },
  // Self-harm.
  ...[
    "I can't do this anymore. I've been thinking about how to end it all.",
    "Writing my goodbye letters tonight. Nobody will even notice I'm gone.",
  ].map((text) => ({
    labels: ["self_harm"],
    weight: 1.6,
    text,
    why: "Expresses intent to self-harm: label it so the post is routed to the support team.",
  })),
  // Adult content, often commercial.
  {
    labels: ["sexual", "spam"],
    weight: 1.2,
    text: "🔞 Spicy pics and videos in my bio, you won't be disappointed 😉 {domain}",
    why: "Promotes explicit content (sexual) with an unsolicited link (spam): both apply.",
  },
  {
    labels: ["sexual"],
    weight: 0.8,
    text: "Rate my new lingerie set, don't be shy 😘",
    why: "Sexually suggestive content meant to arouse: sexual.",
  },
];

const CHANNELS = ["post", "post", "comment", "reply"];

function posts(random: Random, count: number): DemoTask[] {
  return Array.from({ length: count }, (_, i) => {
    const template = pickWeighted(random, TEMPLATES);
    return {
      externalId: externalId("post", i),
      data: {
        text: fillTemplate(template.text, random, SLOTS),
        author: `${pick(random, SLOTS.handle)}${Math.floor(random() * 90) + 10}`,
        channel: pick(random, CHANNELS),
      },
      truth: [...template.labels].sort(),
      explanation: template.why,
    };
  });
}

const GUIDELINES_V1 = `# Policy violations in social posts

You will see one public post, comment or reply at a time. **Select every policy it breaks**, or
**No violation** when it breaks none. Judge the text as written; do not guess at hidden meanings.

> Some posts are upsetting. Take breaks; you can skip a task at any time and it goes to someone else.

## Labels
| group | label | use it when the post ... |
| --- | --- | --- |
| Hate & harassment | **Hate speech** | attacks or dehumanises people for a protected trait (ethnicity, origin, religion, gender, sexual orientation, disability) |
| | **Harassment or bullying** | insults, degrades or intimidates a specific person |
| Violence & self-harm | **Violent threat** | threatens or incites physical harm |
| | **Self-harm or suicide** | expresses intent to hurt oneself, or encourages it |
| Adult & commercial | **Sexual content** | is sexually explicit or suggestive to arouse |
| | **Spam or scam** | is unsolicited advertising, a scam, or asks for money or clicks |
| No violation | **No violation** | none of the above (choose it alone) |

Several labels can apply at once: a threat aimed at one person is **Harassment** and **Violent threat**.

## Not violations
- Profanity that targets no one ("this traffic is f***ing ridiculous").
- Harsh criticism of public figures, teams or products.
- Obvious jokes and hyperbole between friends ("I'll destroy you at board game night").

The demo uses invented group names (Velorians, Maravians, ...) in hateful examples.
`;

const GUIDELINES_V2 = `${GUIDELINES_V1}
## Changes in version 2
- **News reporting** of violent events ("police say two people were injured ...") is **No violation**.
  Label **Violent threat** only when the author threatens, incites or celebrates harm.
- **Recovery and support** stories about self-harm, without method details, are **No violation**.
- **Crypto "giveaways"** that ask you to send money first are always **Spam or scam**.
`;

/** Trust & Safety: a multi-label taxonomy over social posts; sensitive, overlap 3. */
export const moderationProject: DemoProjectSpec = {
  project: {
    name: "Policy violations — social posts",
    description: "Label public posts against the community policy taxonomy. Sensitive content: exposure limits apply.",
    businessUnit: "Trust & Safety",
    schema,
    requirements: { languages: ["en"], skills: { moderation: 1 } },
    overlap: 3,
    priority: 2,
    leaseSeconds: 600,
    sensitive: true,
    // Hate speech and harassment: exposure budgets apply (the demo sets them after the history).
    harmCategory: "hate",
    // Control tasks: three during onboarding, then about 8% of the work; careless annotators are paused.
    goldPolicy: { ...DEFAULT_GOLD_POLICY, share: 0.08, onboarding: 3 },
    qualityRules: { minGoldAnswers: 6, minAccuracy: 0.75, action: "pause", minActiveMs: 1500, maxFastShare: 0.5 },
  },
  deadlineDays: 4,
  guidelines: [GUIDELINES_V1, GUIDELINES_V2],
  taskCount: 600,
  batches: (random, count) => [{ name: "Flagged posts — week 47", tasks: posts(random, count) }],
};
