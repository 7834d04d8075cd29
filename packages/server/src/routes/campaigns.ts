import { can, DomainError, forbidden, notFound, type User } from "@quorum/core";
import {
  type Campaign,
  getCampaign,
  insertCampaign,
  isUniqueViolation,
  listCampaigns,
  readRecruitmentPool,
  reportRecruitmentFunnel,
  updateCampaign,
  writeAudit,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { Channel, LanguageTags, Slug } from "./campaign-fields.js";
import { campaignView } from "./recruitment-views.js";

const Currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR");
const Instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const CreateCampaignBody = z.object({
  name: z.string().trim().min(1).max(200),
  channel: Channel,
  source: z.string().trim().max(200).default(""),
  spendMinor: z.number().int().min(0).max(1e13).describe("integer minor units (cents) of `currency`"),
  currency: Currency,
  targetLanguages: LanguageTags.default([]),
  targetRegions: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  status: z.enum(["draft", "open", "closed"]).default("open"),
  opensAt: Instant.optional().describe("ISO 8601; default now"),
  closesAt: Instant.nullable().optional(),
  slug: Slug.describe("the sign-up link is /join/<slug>"),
  vendor: z.string().trim().min(1).max(200).nullable().optional(),
});

export const UpdateCampaignBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  source: z.string().trim().max(200).optional(),
  spendMinor: z.number().int().min(0).max(1e13).optional(),
  targetLanguages: LanguageTags.optional(),
  targetRegions: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  status: z.enum(["draft", "open", "closed"]).optional(),
  closesAt: Instant.nullable().optional(),
});

export const campaignDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/campaigns",
    tag: "Recruitment",
    summary: "Recruitment campaigns with their funnel figures (a vendor lead sees their vendor's campaigns only).",
    access: "users.read (admin, manager, analyst, vendor lead)",
    responses: { 200: "{campaigns}" },
  },
  {
    method: "post",
    path: "/campaigns",
    tag: "Recruitment",
    summary: "Creates a campaign; its public sign-up page is /join/<slug>.",
    access: "users.manage (admin, manager)",
    body: CreateCampaignBody,
    responses: { 201: "{campaign}", 400: "bad field", 409: "slug taken" },
  },
  {
    method: "get",
    path: "/campaigns/{id}",
    tag: "Recruitment",
    summary:
      "One campaign and its funnel: count and conversion (of applied, of the previous stage) at every stage, median time to qualify, cost per qualified annotator, referrers. Reading brings the active, retained and churned stages up to date from the activity roll-up.",
    access: "users.read (a vendor lead: their vendor's campaigns)",
    responses: { 200: "{campaign, funnel}" },
  },
  {
    method: "patch",
    path: "/campaigns/{id}",
    tag: "Recruitment",
    summary: "Changes a campaign's name, source, spend, targets, status or closing date.",
    access: "users.manage (admin, manager)",
    body: UpdateCampaignBody,
    responses: { 200: "{campaign}" },
  },
  {
    method: "get",
    path: "/recruitment/funnel",
    tag: "Recruitment",
    summary: "The funnel of every campaign the caller sees, per campaign, per channel and per language.",
    access: "users.read (a vendor lead: their vendor's campaigns)",
    responses: { 200: "{campaigns, byChannel, byLanguage, referrers}" },
  },
  {
    method: "get",
    path: "/recruitment/pool",
    tag: "Recruitment",
    summary:
      "The pool gap per language (people needed to finish the open work by its deadlines at 5.44 productive hours a day, against annotators who judged in the last 28 days) and the active pool by region and language.",
    access: "users.read, except vendor leads (the pool is the whole workspace's)",
    responses: { 200: "{gap, secondsPerJudgment, activePeople, byRegion, byLanguage}" },
  },
];

/** The campaigns a reader may see: all, or a vendor lead's vendor's. */
function visibleCampaigns(db: Parameters<typeof listCampaigns>[0], reader: User): Promise<Campaign[]> {
  if (reader.role !== "vendor_lead") return listCampaigns(db);
  return reader.vendor ? listCampaigns(db, { vendor: reader.vendor }) : Promise.resolve([]);
}

async function readableCampaign(c: Parameters<typeof requirePermission>[0], id: number) {
  const reader = requirePermission(c, "users.read");
  const campaign = await getCampaign(c.get("deps").database.db, id);
  if (!campaign || (reader.role === "vendor_lead" && campaign.vendor !== reader.vendor)) throw notFound("Campaign");
  return { reader, campaign };
}

const slugTaken = () =>
  new DomainError("conflict", "Another campaign has this slug", [{ path: "slug", message: "already used" }]);

export function campaignRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/campaigns", async (c) => {
    const reader = requirePermission(c, "users.read");
    const { database, now } = c.get("deps");
    const campaigns = await visibleCampaigns(database.db, reader);
    const report = await reportRecruitmentFunnel(database.db, { campaigns, now: now() });
    const funnel = new Map(report.campaigns.map((f) => [f.campaignId, f]));
    return c.json({
      campaigns: campaigns.map((campaign) => {
        const { figures, costPerQualified } = funnel.get(campaign.id)!;
        return { ...campaignView(campaign), figures, costPerQualified };
      }),
    });
  });

  app.post("/campaigns", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const body = await readJson(c, CreateCampaignBody);
    const { database, now } = c.get("deps");
    const at = now();
    try {
      const campaign = await insertCampaign(database.db, {
        name: body.name,
        channel: body.channel,
        source: body.source,
        spendMinor: body.spendMinor,
        currency: body.currency,
        targetLanguages: body.targetLanguages,
        targetRegions: body.targetRegions,
        status: body.status,
        opensAt: body.opensAt ?? at,
        closesAt: body.closesAt ?? null,
        slug: body.slug,
        vendor: body.vendor ?? null,
        createdBy: actor.id,
        createdAt: at,
      });
      await writeAudit(database.db, {
        actorId: actor.id,
        action: "campaign.create",
        details: { campaignId: campaign.id, slug: campaign.slug },
        now: at,
      });
      return c.json({ campaign: campaignView(campaign) }, 201);
    } catch (error) {
      if (isUniqueViolation(error)) throw slugTaken();
      throw error;
    }
  });

  app.get("/campaigns/:id", async (c) => {
    const { campaign } = await readableCampaign(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const report = await reportRecruitmentFunnel(database.db, { campaigns: [campaign], now: now() });
    const { figures, spend, costPerQualified } = report.campaigns[0]!;
    return c.json({
      campaign: campaignView(campaign),
      funnel: { figures, spend, costPerQualified, byLanguage: report.byLanguage, referrers: report.referrers },
    });
  });

  app.patch("/campaigns/:id", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, UpdateCampaignBody);
    const { database, now } = c.get("deps");
    const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const campaign = await updateCampaign(database.db, id, changes);
    if (!campaign) throw notFound("Campaign");
    await writeAudit(database.db, {
      actorId: actor.id,
      action: "campaign.update",
      details: { campaignId: id, changes },
      now: now(),
    });
    return c.json({ campaign: campaignView(campaign) });
  });

  app.get("/recruitment/funnel", async (c) => {
    const reader = requirePermission(c, "users.read");
    const { database, now } = c.get("deps");
    const campaigns = await visibleCampaigns(database.db, reader);
    return c.json(await reportRecruitmentFunnel(database.db, { campaigns, now: now() }));
  });

  app.get("/recruitment/pool", async (c) => {
    const reader = requirePermission(c, "users.read");
    if (reader.role === "vendor_lead" || !can(reader.role, "users.read"))
      throw forbidden("The pool covers the whole workspace; a vendor lead sees their own people on the people page");
    const { database, now } = c.get("deps");
    return c.json(await readRecruitmentPool(database.db, { now: now() }));
  });

  return app;
}
