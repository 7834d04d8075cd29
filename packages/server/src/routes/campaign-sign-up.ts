import { assertPasswordAcceptable, campaignAcceptsSignUps, DomainError, notFound } from "@quorum/core";
import {
  countAttempt,
  getCampaignBySlug,
  PASSWORD_LINK_TTL_MS,
  redeemPasswordLink,
  reevaluatePoolAlerts,
  signUpForCampaign,
  userOfPasswordLink,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { LOGIN_LIMITS } from "../auth/login-throttle.js";
import { hashPassword } from "../auth/password.js";
import { deliverPasswordLink, newPasswordLinkToken } from "../auth/password-link.js";
import { requestClientAddress } from "../auth/request-address.js";
import { startSession } from "../auth/session.js";
import { hashSecret } from "../auth/tokens.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson } from "../validate.js";
import { LanguageTags, TimeZone } from "./campaign-fields.js";
import type { CampaignApplicationResult, CampaignSignUpInfo } from "./recruitment-views.js";
import { userView } from "./views.js";

export const CampaignApplicationBody = z.object({
  name: z.string().trim().min(1, "required").max(200),
  email: z.string().trim().email("not an email address").max(320),
  languages: LanguageTags.refine((tags) => tags.length > 0, "name at least one language you work in"),
  region: z.string().trim().min(1, "required").max(100),
  timeZone: TimeZone,
  consent: z.literal(true, "you must agree to the processing of your data to sign up"),
  referralCode: z.string().trim().max(40).optional(),
});

export const SetPasswordBody = z.object({
  token: z.string().min(1).max(200),
  password: z.string().min(1).max(1024).describe("at least 8 characters, not a common password, not your email"),
});

/** Sign-ups per address per window: generous for a room of candidates behind one NAT, but bounded. */
export const SIGN_UP_LIMIT_PER_ADDRESS = 20;

export const campaignSignUpDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/campaigns/{slug}/sign-up",
    tag: "Recruitment",
    summary:
      "What a candidate sees on a campaign's sign-up page: its name, target languages and regions, and whether it is open.",
    access: "public",
    responses: { 200: "{campaign}", 404: "no such campaign" },
  },
  {
    method: "post",
    path: "/campaigns/{slug}/applications",
    tag: "Recruitment",
    summary:
      "Signs a candidate up through a campaign: an annotator account without a password or skills (training and exams open, projects that require a skill closed until an exam is passed), the funnel's applied row (and screened when they match the targets), and a one-time set-password link, e-mailed when a mail server is configured and returned otherwise. Rate limited per address like sign-in (20 per 15 minutes).",
    access: "public (rate limited)",
    body: CampaignApplicationBody,
    responses: {
      201: "{userId, passwordLink, emailed, expiresAt}",
      400: "each bad field named",
      404: "no such campaign",
      409: "email taken, or the campaign is not open",
      429: "too many sign-ups from this address",
    },
  },
  {
    method: "post",
    path: "/password-links/redeem",
    tag: "Auth",
    summary:
      "Sets a password with a one-time link's token (from the link's #fragment), signs out every other session and signs the person in. A token works once, within 72 hours.",
    access: "public (rate limited like sign-in)",
    body: SetPasswordBody,
    responses: { 200: "{user}", 400: "the password breaks the policy", 404: "unknown, used or expired link" },
  },
];

export function campaignSignUpRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/campaigns/:slug/sign-up", async (c) => {
    const { database, now } = c.get("deps");
    const campaign = await getCampaignBySlug(database.db, c.req.param("slug"));
    if (!campaign || campaign.status === "draft") throw notFound("Campaign");
    const info: CampaignSignUpInfo = {
      campaign: {
        name: campaign.name,
        targetLanguages: campaign.targetLanguages,
        targetRegions: campaign.targetRegions,
        open: campaignAcceptsSignUps(campaign, now()),
      },
    };
    return c.json(info);
  });

  app.post("/campaigns/:slug/applications", async (c) => {
    const { database, now } = c.get("deps");
    const counted = await countAttempt(database.db, `signup:${requestClientAddress(c)}`, now(), LOGIN_LIMITS.windowMs);
    if (counted.attempts > SIGN_UP_LIMIT_PER_ADDRESS) {
      const retryAfterMs = Math.max(1000, counted.windowStart + LOGIN_LIMITS.windowMs - now());
      c.header("Retry-After", String(Math.ceil(retryAfterMs / 1000)));
      throw new DomainError(
        "rate_limited",
        `Too many sign-ups from this address; try again in ${Math.ceil(retryAfterMs / 60_000)} min`,
      );
    }
    const body = await readJson(c, CampaignApplicationBody);
    const token = newPasswordLinkToken();
    const at = now();
    const { user } = await signUpForCampaign(database, {
      slug: c.req.param("slug"),
      application: {
        name: body.name,
        email: body.email,
        languages: body.languages,
        region: body.region,
        timeZone: body.timeZone,
        referralCode: body.referralCode || undefined,
      },
      tokenHash: token.hash,
      tokenTtlMs: PASSWORD_LINK_TTL_MS,
      now: at,
    });
    const delivered = await deliverPasswordLink(c, {
      email: user.email,
      name: user.name,
      secret: token.secret,
      purpose: "set",
      showOnFailure: false,
    });
    const result: CampaignApplicationResult = {
      userId: user.id,
      passwordLink: delivered.link,
      emailed: delivered.emailed,
      expiresAt: new Date(at + PASSWORD_LINK_TTL_MS).toISOString(),
    };
    return c.json(result, 201);
  });

  app.post("/password-links/redeem", async (c) => {
    const { database, now } = c.get("deps");
    const body = await readJson(c, SetPasswordBody);
    const counted = await countAttempt(
      database.db,
      `password-link:${requestClientAddress(c)}`,
      now(),
      LOGIN_LIMITS.windowMs,
    );
    if (counted.attempts > LOGIN_LIMITS.perAddress)
      throw new DomainError("rate_limited", "Too many password links tried from this address; try again later");
    const tokenHash = hashSecret(body.token);
    const person = await userOfPasswordLink(database, tokenHash, now());
    assertPasswordAcceptable(body.password, person, "password");
    const user = await redeemPasswordLink(database, {
      tokenHash,
      passwordHash: await hashPassword(body.password),
      now: now(),
    });
    // A person who could not sign in did not count in any pool: now they do, and a pool_too_small
    // alert they were the missing person for resolves now, not at the monitors' next round (which
    // catches up should this fail: the password is set either way).
    if (user.role === "annotator") await reevaluatePoolAlerts(database, now()).catch(() => undefined);
    await startSession(c, user.id);
    return c.json({ user: userView(user) });
  });

  return app;
}
