import {
  type Applicant,
  type CampaignStatus,
  costPerQualified,
  type FunnelFigures,
  funnelBy,
  funnelFigures,
  qualifiedCount,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { type Campaign, listCampaigns } from "../repositories/campaigns.js";
import { listFunnelEvents } from "../repositories/funnel-events.js";
import { isTextList, parseJsonColumn } from "../repositories/json-column.js";
import type { DB } from "../schema.js";
import { refreshFunnel } from "./refresh-funnel.js";

export interface SpendFigures {
  /** Spend in minor units per currency (channels may mix currencies). */
  spend: { currency: string; amountMinor: number }[];
  /** Spend ÷ qualified, per currency; null where nobody qualified. */
  costPerQualified: { currency: string; amountMinor: number | null }[];
}

export interface CampaignFunnel extends SpendFigures {
  campaignId: number;
  name: string;
  channel: string;
  status: CampaignStatus;
  figures: FunnelFigures;
}

export interface FunnelReport {
  campaigns: CampaignFunnel[];
  byChannel: ({ channel: string; figures: FunnelFigures } & SpendFigures)[];
  /** Spend is not split by language (a campaign may target several), so only counts and times here. */
  byLanguage: { language: string; figures: FunnelFigures }[];
  /** Applicants each referrer brought, and how many of them qualified. */
  referrers: { userId: number; name: string; applied: number; qualified: number }[];
}

function spendFigures(campaigns: readonly Campaign[], qualified: number): SpendFigures {
  const byCurrency = new Map<string, number>();
  for (const c of campaigns) byCurrency.set(c.currency, (byCurrency.get(c.currency) ?? 0) + c.spendMinor);
  const spend = [...byCurrency].map(([currency, amountMinor]) => ({ currency, amountMinor }));
  return {
    spend,
    costPerQualified: spend.map((s) => ({
      currency: s.currency,
      amountMinor: costPerQualified(s.amountMinor, qualified),
    })),
  };
}

/**
 * The recruitment funnel of the given campaigns (all when none named; a vendor lead's are
 * filtered by the caller): count and conversion at every stage, median time to qualify and cost
 * per qualified annotator, per campaign, per channel and per language (an applicant counts in
 * each language they signed up with). Brings the late stages up to date first (`refreshFunnel`).
 */
export async function reportRecruitmentFunnel(
  db: Kysely<DB>,
  options: { campaigns?: readonly Campaign[]; now: number },
): Promise<FunnelReport> {
  const campaigns = options.campaigns ?? (await listCampaigns(db));
  const ids = campaigns.map((c) => c.id);
  await refreshFunnel(db, { campaignIds: ids, now: options.now });
  const events = await listFunnelEvents(db, ids);
  const userIds = [
    ...new Set(events.map((e) => e.userId).concat(events.flatMap((e) => (e.referrerId ? [e.referrerId] : [])))),
  ];
  const users = new Map<number, { name: string; languages: string[] }>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom("users")
      .select(["id", "name", "languages"])
      .where("id", "in", userIds.slice(i, i + 500))
      .execute();
    for (const r of rows)
      users.set(Number(r.id), { name: r.name, languages: parseJsonColumn(r.languages, "users.languages", isTextList) });
  }
  const campaignById = new Map(campaigns.map((c) => [c.id, c]));
  const applicants = new Map<number, Applicant>();
  const referred = new Map<number, number[]>();
  for (const e of events) {
    let applicant = applicants.get(e.userId);
    if (!applicant) {
      applicant = {
        userId: e.userId,
        campaignId: e.campaignId,
        channel: campaignById.get(e.campaignId)!.channel,
        languages: users.get(e.userId)?.languages ?? [],
        stages: {},
      };
      applicants.set(e.userId, applicant);
    }
    applicant.stages[e.stage] = e.at;
    if (e.stage === "applied" && e.referrerId !== null)
      referred.set(e.referrerId, [...(referred.get(e.referrerId) ?? []), e.userId]);
  }
  const all = [...applicants.values()];
  const campaignRows = campaigns.map((c): CampaignFunnel => {
    const figures = funnelFigures(all.filter((a) => a.campaignId === c.id));
    return {
      campaignId: c.id,
      name: c.name,
      channel: c.channel,
      status: c.status,
      figures,
      ...spendFigures([c], qualifiedCount(figures)),
    };
  });
  const byChannel = funnelBy(all, (a) => [a.channel]).map(({ key, figures }) => ({
    channel: key,
    figures,
    ...spendFigures(
      campaigns.filter((c) => c.channel === key),
      qualifiedCount(figures),
    ),
  }));
  const byLanguage = funnelBy(all, (a) => a.languages).map(({ key, figures }) => ({ language: key, figures }));
  const referrers = [...referred].map(([userId, people]) => ({
    userId,
    name: users.get(userId)?.name ?? "",
    applied: people.length,
    qualified: people.filter((id) => applicants.get(id)?.stages.qualified !== undefined).length,
  }));
  return { campaigns: campaignRows, byChannel, byLanguage, referrers };
}
