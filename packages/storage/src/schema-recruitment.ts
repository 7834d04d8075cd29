import type { Generated } from "kysely";

/** A recruitment campaign: where applicants come from, what it costs, whom it looks for. */
export interface RecruitmentCampaignsTable {
  id: Generated<number>;
  name: string;
  /** job_board | referral | vendor | social | event | other */
  channel: string;
  /** Free text: the board, the ad, the event. */
  source: string;
  spend_minor: number;
  currency: string;
  /** JSON array of BCP 47 tags. */
  target_languages: string;
  /** JSON array of region names (as in users.region). */
  target_regions: string;
  /** draft | open | closed */
  status: string;
  opens_at: number;
  closes_at: number | null;
  /** The public sign-up link is /join/<slug>. */
  slug: string;
  vendor: string | null;
  created_by: number | null;
  created_at: number;
}

/** A person's referral code: an applicant who gives it credits them in the funnel. */
export interface ReferralCodesTable {
  code: string;
  user_id: number;
  created_at: number;
}

/** Append-only: when a person reached a funnel stage. Unique on (user_id, stage). */
export interface FunnelEventsTable {
  id: Generated<number>;
  campaign_id: number;
  user_id: number;
  /** applied | screened | trained | qualified | active | retained | churned */
  stage: string;
  at: number;
  /** On the applied row: whose referral code the applicant gave. */
  referrer_id: number | null;
}

/** A one-time link to set or reset a password: the SHA-256 of its secret, used once before expiry. */
export interface PasswordTokensTable {
  token_hash: string;
  user_id: number;
  /** set (a new account) | reset */
  purpose: string;
  created_by: number | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface RecruitmentTables {
  recruitment_campaigns: RecruitmentCampaignsTable;
  referral_codes: ReferralCodesTable;
  funnel_events: FunnelEventsTable;
  password_tokens: PasswordTokensTable;
}
