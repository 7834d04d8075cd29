import type { ErrorDetail } from "../errors.js";

/** A campaign's public sign-up link ends in its slug: lowercase letters, digits and dashes. */
export const CAMPAIGN_SLUG = /^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$/;

export type CampaignStatus = "draft" | "open" | "closed";

/**
 * Whether a campaign takes sign-ups at `now`: open, and within its opening dates (a missing
 * close date means open-ended).
 */
export function campaignAcceptsSignUps(
  campaign: { status: CampaignStatus; opensAt: number; closesAt: number | null },
  now: number,
): boolean {
  return (
    campaign.status === "open" && now >= campaign.opensAt && (campaign.closesAt === null || now < campaign.closesAt)
  );
}

/**
 * The automatic screen at sign-up: an applicant passes when they speak at least one of the
 * campaign's target languages (by primary subtag, so `de-AT` matches a `de` target and the
 * reverse) and, when the campaign names regions, come from one of them. No targets: everyone passes.
 */
export function passesScreen(
  campaign: { targetLanguages: readonly string[]; targetRegions: readonly string[] },
  applicant: { languages: readonly string[]; region: string | null },
): boolean {
  const primary = (tag: string) => tag.split("-")[0]!.toLowerCase();
  const wanted = new Set(campaign.targetLanguages.map(primary));
  const languageOk = wanted.size === 0 || applicant.languages.some((tag) => wanted.has(primary(tag)));
  const regionOk =
    campaign.targetRegions.length === 0 ||
    (applicant.region !== null &&
      campaign.targetRegions.some((r) => r.toLowerCase() === applicant.region!.toLowerCase()));
  return languageOk && regionOk;
}

/** Problems with a list of BCP 47 tags, one per malformed tag, at `path[i]`. */
export function languageTagProblems(tags: readonly string[], path: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  tags.forEach((tag, i) => {
    let ok = false;
    try {
      ok = tag.trim() !== "" && Intl.getCanonicalLocales(tag.trim()).length === 1;
    } catch {
      ok = false;
    }
    if (!ok)
      problems.push({ path: `${path}[${i}]`, message: `"${tag}" is not a BCP 47 language tag such as de or pt-BR` });
  });
  return problems;
}
