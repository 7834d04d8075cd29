import type { Campaign, FunnelReport, RecruitmentPool } from "@quorum/storage";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function campaignView(campaign: Campaign) {
  return {
    id: campaign.id,
    name: campaign.name,
    channel: campaign.channel,
    source: campaign.source,
    spendMinor: campaign.spendMinor,
    currency: campaign.currency,
    targetLanguages: campaign.targetLanguages,
    targetRegions: campaign.targetRegions,
    status: campaign.status,
    opensAt: iso(campaign.opensAt)!,
    closesAt: iso(campaign.closesAt),
    slug: campaign.slug,
    joinPath: `/join/${campaign.slug}`,
    vendor: campaign.vendor,
    createdAt: iso(campaign.createdAt)!,
  };
}

export type CampaignView = ReturnType<typeof campaignView>;
type CampaignFunnelRow = FunnelReport["campaigns"][number];
/** `GET /campaigns`. */
export interface CampaignList {
  campaigns: (CampaignView & Pick<CampaignFunnelRow, "figures" | "costPerQualified">)[];
}
/** `GET /campaigns/{id}`. */
export interface CampaignDetail {
  campaign: CampaignView;
  funnel: Pick<CampaignFunnelRow, "figures" | "spend" | "costPerQualified"> &
    Pick<FunnelReport, "byLanguage" | "referrers">;
}
/** `GET /recruitment/funnel`. */
export type RecruitmentFunnel = FunnelReport;
/** `GET /recruitment/pool`. */
export type RecruitmentPoolView = RecruitmentPool;
/** `GET /campaigns/{slug}/sign-up`: what a candidate sees before signing up. */
export interface CampaignSignUpInfo {
  campaign: { name: string; targetLanguages: string[]; targetRegions: string[]; open: boolean };
}
/** `POST /campaigns/{slug}/applications`. */
export interface CampaignApplicationResult {
  userId: number;
  /** The one-time set-password link, when no mail server is configured (otherwise it was e-mailed). */
  passwordLink: string | null;
  emailed: boolean;
  expiresAt: string;
}
/** `POST /users/import`. */
export interface PeopleImportResult {
  imported: number;
  people: { id: number; email: string; name: string; role: string; passwordLink: string | null; emailed: boolean }[];
}
