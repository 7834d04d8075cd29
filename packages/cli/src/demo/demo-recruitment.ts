import type { User } from "@quorum/core";
import {
  appendFunnelEvent,
  type Database,
  getCampaignBySlug,
  insertCampaign,
  insertUser,
  NO_PASSWORD,
  saveReferralCode,
} from "@quorum/storage";
import type { Random } from "../simulate/annotator-model.js";

const DAY = 86_400_000;
/** Candidates who have not reached production, by the last stage they reached. */
const CANDIDATES: {
  name: string;
  languages: string[];
  region: string;
  timeZone: string;
  last: "applied" | "screened" | "trained";
}[] = [
  { name: "Jonas Richter", languages: ["de"], region: "EU", timeZone: "Europe/Berlin", last: "trained" },
  { name: "Lea Hofmann", languages: ["de-AT"], region: "EU", timeZone: "Europe/Vienna", last: "trained" },
  { name: "Mateo Ruiz", languages: ["es", "en"], region: "LATAM", timeZone: "America/Mexico_City", last: "screened" },
  { name: "Nina Schulz", languages: ["de"], region: "EU", timeZone: "Europe/Berlin", last: "screened" },
  { name: "Paul Weber", languages: ["de", "en"], region: "EU", timeZone: "Europe/Berlin", last: "screened" },
  { name: "Priya Nair", languages: ["en"], region: "APAC", timeZone: "Asia/Kolkata", last: "applied" },
  { name: "Tom Becker", languages: ["fr"], region: "EU", timeZone: "Europe/Paris", last: "applied" },
  { name: "Yuki Mori", languages: ["ja"], region: "APAC", timeZone: "Asia/Tokyo", last: "trained" },
  { name: "Aiko Sato", languages: ["ja", "en"], region: "APAC", timeZone: "Asia/Tokyo", last: "screened" },
  { name: "Kenji Ito", languages: ["ja"], region: "APAC", timeZone: "Asia/Tokyo", last: "applied" },
];

/**
 * Two recruitment campaigns with a funnel worth a chart: a job-board campaign for German and
 * English raters and a referral drive for Japanese. Some of the simulated annotators joined
 * through them (applied weeks ago, screened, trained and qualified within days); the funnel
 * marks them active from their judgments when it is read. Ten more candidates stopped earlier,
 * and the demo annotator's referral code brought two of them. Skipped when already there.
 */
export async function seedRecruitment(
  database: Database,
  options: { workers: readonly User[]; annotator: User | undefined; ownerId: number; now: number; random: Random },
): Promise<void> {
  const { workers, now, random } = options;
  if (await getCampaignBySlug(database.db, "de-en-raters")) return;
  const base = { source: "", status: "open" as const, closesAt: null, vendor: null, createdBy: options.ownerId };
  const board = await insertCampaign(database.db, {
    ...base,
    name: "German and English raters",
    channel: "job_board",
    source: "StepStone and LinkedIn",
    spendMinor: 240_000,
    currency: "EUR",
    targetLanguages: ["de", "en"],
    targetRegions: [],
    opensAt: now - 60 * DAY,
    slug: "de-en-raters",
    createdAt: now - 61 * DAY,
  });
  const referral = await insertCampaign(database.db, {
    ...base,
    name: "Japanese referral drive",
    channel: "referral",
    spendMinor: 50_000,
    currency: "EUR",
    targetLanguages: ["ja"],
    targetRegions: ["APAC"],
    opensAt: now - 45 * DAY,
    slug: "ja-referrals",
    createdAt: now - 46 * DAY,
  });
  const referrerCode = options.annotator
    ? await saveReferralCode(database.db, options.annotator.id, "DEMOREF1", now - 50 * DAY)
    : undefined;

  const stage = (
    campaignId: number,
    userId: number,
    name: Parameters<typeof appendFunnelEvent>[1]["stage"],
    at: number,
    referrerId: number | null = null,
  ) => appendFunnelEvent(database.db, { campaignId, userId, stage: name, at: Math.round(at), referrerId });

  // Hired: simulated annotators who work in the campaign's languages, qualified 2-12 days after applying.
  const hires = (languages: string[], count: number) =>
    workers.filter((w) => w.languages.some((l) => languages.includes(l.split("-")[0]!))).slice(0, count);
  for (const [campaign, people] of [
    [board, hires(["de", "en"], 8)],
    [referral, hires(["ja"], 3)],
  ] as const) {
    for (const person of people) {
      const applied = campaign.opensAt + random() * 10 * DAY;
      await stage(campaign.id, person.id, "applied", applied);
      await stage(campaign.id, person.id, "screened", applied + (0.2 + random()) * DAY);
      await stage(campaign.id, person.id, "trained", applied + (1 + random() * 2) * DAY);
      await stage(campaign.id, person.id, "qualified", applied + (2 + random() * 10) * DAY);
    }
  }

  for (const [index, candidate] of CANDIDATES.entries()) {
    const campaign = candidate.languages.some((l) => l.startsWith("ja")) ? referral : board;
    const applied = now - (3 + random() * 20) * DAY;
    const user = await insertUser(
      database.db,
      {
        email: `candidate-${index + 1}@quorum.local`,
        name: candidate.name,
        passwordHash: NO_PASSWORD,
        role: "annotator",
        languages: candidate.languages,
        region: candidate.region,
        timeZone: candidate.timeZone,
      },
      Math.round(applied),
    );
    const referred = campaign === referral && referrerCode && index % 2 === 0 ? options.annotator!.id : null;
    await stage(campaign.id, user.id, "applied", applied, referred);
    if (candidate.last === "applied") continue;
    await stage(campaign.id, user.id, "screened", applied + 0.5 * DAY);
    if (candidate.last === "trained") await stage(campaign.id, user.id, "trained", applied + 2 * DAY);
  }
}
