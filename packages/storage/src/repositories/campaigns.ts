import { CAMPAIGN_SLUG, type CampaignStatus } from "@quorum/core";
import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { RecruitmentCampaignsTable } from "../schema-recruitment.js";
import { isTextList, parseJsonColumn } from "./json-column.js";

export interface Campaign {
  id: number;
  name: string;
  channel: string;
  source: string;
  spendMinor: number;
  currency: string;
  targetLanguages: string[];
  targetRegions: string[];
  status: CampaignStatus;
  opensAt: number;
  closesAt: number | null;
  slug: string;
  vendor: string | null;
  createdBy: number | null;
  createdAt: number;
}

export type NewCampaign = Omit<Campaign, "id">;

function toCampaign(row: Selectable<RecruitmentCampaignsTable>): Campaign {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    source: row.source,
    spendMinor: Number(row.spend_minor),
    currency: row.currency,
    targetLanguages: parseJsonColumn(row.target_languages, "recruitment_campaigns.target_languages", isTextList),
    targetRegions: parseJsonColumn(row.target_regions, "recruitment_campaigns.target_regions", isTextList),
    status: row.status as CampaignStatus,
    opensAt: Number(row.opens_at),
    closesAt: row.closes_at === null ? null : Number(row.closes_at),
    slug: row.slug,
    vendor: row.vendor,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
  };
}

function toRow(c: Partial<NewCampaign>): Updateable<RecruitmentCampaignsTable> {
  const row: Updateable<RecruitmentCampaignsTable> = {};
  if (c.name !== undefined) row.name = c.name;
  if (c.channel !== undefined) row.channel = c.channel;
  if (c.source !== undefined) row.source = c.source;
  if (c.spendMinor !== undefined) row.spend_minor = c.spendMinor;
  if (c.currency !== undefined) row.currency = c.currency;
  if (c.targetLanguages !== undefined) row.target_languages = JSON.stringify(c.targetLanguages);
  if (c.targetRegions !== undefined) row.target_regions = JSON.stringify(c.targetRegions);
  if (c.status !== undefined) row.status = c.status;
  if (c.opensAt !== undefined) row.opens_at = c.opensAt;
  if (c.closesAt !== undefined) row.closes_at = c.closesAt;
  if (c.slug !== undefined) row.slug = c.slug;
  if (c.vendor !== undefined) row.vendor = c.vendor;
  if (c.createdBy !== undefined) row.created_by = c.createdBy;
  if (c.createdAt !== undefined) row.created_at = c.createdAt;
  return row;
}

export async function insertCampaign(db: Kysely<DB>, campaign: NewCampaign): Promise<Campaign> {
  const row = await db
    .insertInto("recruitment_campaigns")
    .values(toRow(campaign) as Insertable<RecruitmentCampaignsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCampaign(row);
}

export async function updateCampaign(
  db: Kysely<DB>,
  id: number,
  changes: Partial<Omit<NewCampaign, "createdBy" | "createdAt">>,
): Promise<Campaign | undefined> {
  const values = toRow(changes);
  if (Object.keys(values).length > 0)
    await db.updateTable("recruitment_campaigns").set(values).where("id", "=", id).execute();
  return getCampaign(db, id);
}

export async function getCampaign(db: Kysely<DB>, id: number): Promise<Campaign | undefined> {
  const row = await db.selectFrom("recruitment_campaigns").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toCampaign(row);
}

/** The campaign a sign-up link names; undefined for an unknown slug or text that cannot be one (a NUL would fail PostgreSQL). */
export async function getCampaignBySlug(db: Kysely<DB>, slug: string): Promise<Campaign | undefined> {
  if (!CAMPAIGN_SLUG.test(slug)) return undefined;
  const row = await db.selectFrom("recruitment_campaigns").selectAll().where("slug", "=", slug).executeTakeFirst();
  return row && toCampaign(row);
}

export async function listCampaigns(db: Kysely<DB>, filter: { vendor?: string } = {}): Promise<Campaign[]> {
  let query = db.selectFrom("recruitment_campaigns").selectAll().orderBy("id", "desc");
  if (filter.vendor !== undefined) query = query.where("vendor", "=", filter.vendor);
  return (await query.execute()).map(toCampaign);
}
