import {
  claimValues,
  DomainError,
  forbidden,
  invalidInput,
  notFound,
  roleFromClaims,
  safeReturnPath,
} from "@quorum/core";
import { insertOidcFlow, pruneOidcFlows, signInWithSso, takeOidcFlow, writeAudit } from "@quorum/storage";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { OidcClaims, OidcClient } from "../auth/oidc-client.js";
import type { OidcConfig } from "../auth/oidc-config.js";
import { startSession } from "../auth/session.js";
import { hashSecret, newSecret } from "../auth/tokens.js";
import type { AppEnv } from "../context.js";
import { errorBody, statusOf } from "../errors.js";
import type { RouteDoc } from "../openapi.js";
import { readQuery } from "../validate.js";

/** The browser's handle on a sign-in in progress; only its hash is stored, beside state, nonce and verifier. */
const FLOW_COOKIE = "quorum_oidc_flow";
const FLOW_COOKIE_PATH = "/api/v1/auth/oidc";
/** Time to sign in at the provider (a password, a second factor) before the flow expires. */
const FLOW_MINUTES = 10;

const shortText = (max: number) => z.string().max(max).optional();

export const OidcLoginQuery = z.object({
  returnTo: z.string().max(2048).optional().describe("path of the web app to open after signing in (default /)"),
});

/** The provider's answer (RFC 6749 4.1.2, RFC 9207); anything else it adds is passed through to the checks. */
export const OidcCallbackQuery = z.object({
  code: shortText(4096),
  state: shortText(1024),
  iss: shortText(2048),
  error: shortText(256),
  error_description: shortText(2048),
  error_uri: shortText(2048),
});

export const oidcDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/auth/config",
    tag: "Auth",
    summary:
      "How people may sign in: with a password always, and with single sign-on (OpenID Connect) when the server is configured for it.",
    access: "public",
    responses: { 200: "{passwordSignIn: true, sso: {enabled, loginUrl}}" },
  },
  {
    method: "get",
    path: "/auth/oidc/login",
    tag: "Auth",
    summary:
      "Starts single sign-on: redirects the browser to the identity provider (authorization code flow with PKCE S256, state and nonce, kept server-side for 10 minutes behind an HttpOnly cookie).",
    access: "public",
    query: OidcLoginQuery,
    responses: {
      302: "to the identity provider",
      404: "single sign-on is not configured",
      502: "the provider is unreachable",
    },
  },
  {
    method: "get",
    path: "/auth/oidc/callback",
    tag: "Auth",
    summary:
      "Where the identity provider sends the browser back: checks state, code and ID token, maps the role claim to a role (first match of QUORUM_OIDC_ROLE_MAP), creates the user on the first sign-in or updates their role, sets the session cookie and redirects to the app. Browsers get an HTML page on failure, other clients the JSON error.",
    access: "public",
    query: OidcCallbackQuery,
    responses: {
      302: "signed in: to the web app",
      400: "no sign-in in progress, expired, or a response that fails a check (state, code, ID token)",
      403: "no mapped role in the claims, or the account is deactivated",
      404: "single sign-on is not configured",
      409: "an account with this email exists and the provider did not verify the email (email_taken)",
      502: "the provider is unreachable",
    },
  },
];

/** The body of GET /auth/config. */
export interface AuthConfigView {
  passwordSignIn: true;
  sso: { enabled: boolean; loginUrl: string | null };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );
}

/**
 * A failed sign-in, for the browser that navigated here (an HTML page with the reason and a way
 * back) or for a program (the JSON error). The flow cookie is gone either way: every failure
 * means starting again.
 */
function failure(c: Context<AppEnv>, error: DomainError) {
  const status = statusOf(error);
  if (!(c.req.header("accept") ?? "").includes("text/html")) return c.json(errorBody(error), status);
  return c.html(
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>Sign-in failed · Quorum</title>` +
      `<main style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">` +
      `<h1>Single sign-on did not sign you in</h1><p>${escapeHtml(error.message)}</p>` +
      `<p><a href="/signin">Back to sign in</a></p></main></html>`,
    status,
  );
}

function disabled(): DomainError {
  return notFound("Single sign-on (set QUORUM_OIDC_ISSUER to turn it on)");
}

/** Why a person the provider vouched for may not sign in, as the error they see. */
function refusalError(reason: "deactivated" | "no_email" | "email_taken" | "no_role", config: OidcConfig): DomainError {
  switch (reason) {
    case "no_role":
      return forbidden(
        `Your account at the identity provider has none of the ${config.roleClaim} that give a role in Quorum; ask an administrator to add you to one`,
      );
    case "deactivated":
      return forbidden("This account is deactivated; ask an administrator");
    case "no_email":
      return invalidInput("The identity provider did not send your email address (add the email scope)", [
        { path: "claims.email", message: "missing" },
      ]);
    case "email_taken":
      return new DomainError(
        "email_taken",
        "An account with this email exists and the identity provider has not verified the email, so it is not linked; ask an administrator",
        [{ path: "claims.email", message: "already taken" }],
      );
  }
}

export function oidcRoutes(config: OidcConfig | undefined, client: OidcClient | undefined) {
  const app = new Hono<AppEnv>();

  app.get("/auth/config", (c) =>
    c.json({
      passwordSignIn: true,
      sso: { enabled: client !== undefined, loginUrl: client ? `${FLOW_COOKIE_PATH}/login` : null },
    } satisfies AuthConfigView),
  );

  app.get("/auth/oidc/login", async (c) => {
    try {
      const query = readQuery(c, OidcLoginQuery);
      if (!client) throw disabled();
      const { database, now, secureCookies } = c.get("deps");
      const checks = client.newChecks();
      const target = await client.authorizationUrl(checks);
      await pruneOidcFlows(database.db, now());
      const secret = newSecret("");
      await insertOidcFlow(database.db, {
        secretHash: hashSecret(secret),
        ...checks,
        returnTo: safeReturnPath(query.returnTo) ?? "/",
        expiresAt: now() + FLOW_MINUTES * 60_000,
      });
      setCookie(c, FLOW_COOKIE, secret, {
        httpOnly: true,
        // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
        sameSite: "Lax",
        secure: secureCookies,
        path: FLOW_COOKIE_PATH,
        maxAge: FLOW_MINUTES * 60,
      });
      return c.redirect(target.href, 302);
    } catch (error) {
      if (error instanceof DomainError) return failure(c, error);
      throw error;
    }
  });

  app.get("/auth/oidc/callback", async (c) => {
    const secret = getCookie(c, FLOW_COOKIE);
    deleteCookie(c, FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
    try {
      readQuery(c, OidcCallbackQuery);
      if (!client || !config) throw disabled();
      const { database, now } = c.get("deps");
      const flow = secret ? await takeOidcFlow(database.db, hashSecret(secret)) : undefined;
      if (!flow || flow.expiresAt < now())
        throw invalidInput(
          "No sign-in is in progress in this browser (it expired or was started elsewhere); start again",
          [{ path: "cookies.quorum_oidc_flow", message: flow ? "expired" : "missing" }],
        );
      const claims = await client.signIn(new URL(c.req.url).searchParams, flow);
      const mapped = roleFromClaims(claims, config.roleMap, config.roleClaim);
      const email = typeof claims.email === "string" && claims.email.includes("@") ? claims.email : undefined;
      if (!mapped) {
        await auditRefusal(c, claims, email, "no_role", undefined);
        throw refusalError("no_role", config);
      }
      const result = await signInWithSso(database, {
        issuer: claims.iss,
        subject: claims.sub,
        email,
        emailVerified: claims.email_verified === true,
        name: personName(claims),
        role: mapped.role,
        matched: mapped.matched,
        now: now(),
      });
      if (result.outcome === "refused") {
        await auditRefusal(c, claims, email, result.reason, result.userId);
        throw refusalError(result.reason, config);
      }
      await startSession(c, result.user.id);
      return c.redirect(flow.returnTo, 302);
    } catch (error) {
      if (error instanceof DomainError) return failure(c, error);
      throw error;
    }
  });

  /** A person the provider signed in whom we refused: the audit log keeps who, and why. */
  async function auditRefusal(
    c: Context<AppEnv>,
    claims: OidcClaims,
    email: string | undefined,
    reason: string,
    userId: number | undefined,
  ) {
    const { database, now } = c.get("deps");
    await writeAudit(database.db, {
      actorId: userId ?? null,
      action: "auth.sso.refuse",
      details: {
        reason,
        issuer: claims.iss,
        // Who at the provider, for a person without an account here; an account's id says it otherwise.
        ...(userId ? { userId } : { subject: claims.sub }),
        ...(email ? { email } : {}),
        ...(config ? { [config.roleClaim]: claimValues(claims, config.roleClaim).slice(0, 50) } : {}),
      },
      now: now(),
    });
  }

  return app;
}

/** The name to show for a new account: the provider's `name`, else given and family names, else none. */
function personName(claims: OidcClaims): string | undefined {
  if (typeof claims.name === "string" && claims.name.trim()) return claims.name.trim().slice(0, 200);
  const parts = [claims.given_name, claims.family_name].filter((p): p is string => typeof p === "string" && p !== "");
  return parts.length > 0 ? parts.join(" ").slice(0, 200) : undefined;
}
