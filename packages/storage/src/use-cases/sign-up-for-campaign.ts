import { campaignAcceptsSignUps, DomainError, invalidInput, notFound, passesScreen, type User } from "@quorum/core";
import { type Database, isUniqueViolation } from "../database.js";
import { getCampaignBySlug } from "../repositories/campaigns.js";
import { appendFunnelEvent } from "../repositories/funnel-events.js";
import { insertPasswordToken } from "../repositories/password-tokens.js";
import { referrerOf } from "../repositories/referral-codes.js";
import { insertUser } from "../repositories/users.js";
import { inTransaction, writeAudit } from "../transaction.js";

/** Stored as the password hash of an account whose owner has not set one: it matches no password. */
export const NO_PASSWORD = "!";

export interface Application {
  name: string;
  email: string;
  /** Canonical BCP 47 tags. */
  languages: string[];
  region: string;
  /** A valid IANA zone. */
  timeZone: string;
  referralCode?: string | undefined;
}

/**
 * A candidate signs up through a campaign's public link: an annotator account with no password
 * and no skills (so they may train and take exams, while projects that require a skill stay shut
 * until they pass; see check-production-access.ts), the funnel's `applied` row (crediting the
 * referrer whose code they gave) and, when they match the campaign's targets, `screened`, and a
 * one-time link to set their password. All in one transaction: a refusal writes nothing.
 */
export async function signUpForCampaign(
  database: Database,
  options: {
    slug: string;
    application: Application;
    /** SHA-256 of the set-password link's secret (the server makes the secret). */
    tokenHash: string;
    tokenTtlMs: number;
    now: number;
  },
): Promise<{ user: User; campaignId: number; screened: boolean }> {
  const { application: a, now } = options;
  const campaign = await getCampaignBySlug(database.db, options.slug);
  if (!campaign) throw notFound("Campaign");
  if (!campaignAcceptsSignUps(campaign, now))
    throw new DomainError("conflict", "This campaign does not take sign-ups now");
  let referrerId: number | null = null;
  if (a.referralCode) {
    referrerId = (await referrerOf(database.db, a.referralCode)) ?? null;
    if (referrerId === null)
      throw invalidInput("Unknown referral code", [{ path: "referralCode", message: "no one has this referral code" }]);
  }
  const screened = passesScreen(campaign, { languages: a.languages, region: a.region });
  try {
    return await inTransaction(database, async (trx) => {
      const user = await insertUser(
        trx,
        {
          email: a.email,
          name: a.name,
          passwordHash: NO_PASSWORD,
          role: "annotator",
          languages: a.languages,
          vendor: campaign.vendor,
          region: a.region,
          timeZone: a.timeZone,
        },
        now,
      );
      await appendFunnelEvent(trx, { campaignId: campaign.id, userId: user.id, stage: "applied", at: now, referrerId });
      if (screened)
        await appendFunnelEvent(trx, {
          campaignId: campaign.id,
          userId: user.id,
          stage: "screened",
          at: now,
          referrerId: null,
        });
      await insertPasswordToken(trx, {
        tokenHash: options.tokenHash,
        userId: user.id,
        purpose: "set",
        createdBy: null,
        now,
        expiresAt: now + options.tokenTtlMs,
      });
      await writeAudit(trx, {
        actorId: user.id,
        action: "campaign.apply",
        details: { campaignId: campaign.id, userId: user.id, screened, ...(referrerId ? { referrerId } : {}) },
        now,
      });
      return { user, campaignId: campaign.id, screened };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("email_taken", "An account with this email exists", [
        { path: "email", message: "already registered; sign in or ask for a password reset" },
      ]);
    throw error;
  }
}
