import { DomainError, parseRoleMap, type RoleMap } from "@quorum/core";

/** Single sign-on with an OpenID Connect provider, from the QUORUM_OIDC_* variables. */
export interface OidcConfig {
  /** The provider's issuer identifier; its discovery document is read from it. */
  issuer: URL;
  clientId: string;
  /** Absent for a public client (PKCE only, no client authentication). */
  clientSecret: string | undefined;
  /** Where the provider sends the browser back: our /api/v1/auth/oidc/callback. */
  redirectUrl: URL;
  /** Space-separated in the authorization request; always includes `openid`. */
  scopes: string[];
  /** The claim that holds the person's groups or roles (a dotted name reaches into objects). */
  roleClaim: string;
  roleMap: RoleMap;
}

export const OIDC_CALLBACK_PATH = "/api/v1/auth/oidc/callback";
export const DEFAULT_OIDC_SCOPES = ["openid", "email", "profile"];
export const DEFAULT_OIDC_ROLE_CLAIM = "groups";

/** Every variable this module reads, listed in `quorum --help`. */
export const OIDC_ENVIRONMENT_HELP = `  QUORUM_OIDC_ISSUER     OpenID Connect issuer URL of the identity provider; turns on "Sign in with SSO"
                         (https; http only for localhost)
  QUORUM_OIDC_CLIENT_ID  client id registered at the provider (required with the issuer)
  QUORUM_OIDC_CLIENT_SECRET  client secret (omit for a public client: PKCE only)
  QUORUM_OIDC_REDIRECT_URL   redirect URL registered at the provider (default
                         QUORUM_PUBLIC_URL + ${OIDC_CALLBACK_PATH})
  QUORUM_PUBLIC_URL      the URL people open Quorum at, e.g. https://quorum.example.com
  QUORUM_OIDC_SCOPES     scopes to ask for (default "${DEFAULT_OIDC_SCOPES.join(" ")}"; openid is always added)
  QUORUM_OIDC_ROLE_CLAIM claim holding the person's groups or roles (default ${DEFAULT_OIDC_ROLE_CLAIM};
                         a dotted name such as realm_access.roles reads a nested claim)
  QUORUM_OIDC_ROLE_MAP   claim values to roles, first match wins, e.g.
                         "quorum-admins=admin,quorum-managers=manager,quorum-reviewers=reviewer";
                         people whose claim holds none of them are refused (required with the issuer)`;

type Env = Readonly<Record<string, string | undefined>>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** An http(s) URL; plain http only on this machine (a provider or Quorum run for a test or demo). */
function webUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be a URL such as https://login.example.com, not "${value}"`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname)))
    throw new Error(`${name} must be an https URL (http only for localhost), not "${value}"`);
  if (url.username || url.password) throw new Error(`${name} must not hold a user name or password`);
  return url;
}

/**
 * The single sign-on settings, or undefined when QUORUM_OIDC_ISSUER is not set (password sign-in
 * only). Throws an Error naming the variable for anything missing or malformed, so a server with
 * half a configuration does not start.
 */
export function parseOidcConfig(env: Env): OidcConfig | undefined {
  const issuerText = text(env, "QUORUM_OIDC_ISSUER");
  if (!issuerText) {
    const stray = Object.keys(env).filter((name) => name.startsWith("QUORUM_OIDC_") && text(env, name));
    if (stray.length > 0)
      throw new Error(
        `${stray.join(", ")} set but QUORUM_OIDC_ISSUER is not: set the issuer to turn on single sign-on`,
      );
    return undefined;
  }
  const issuer = webUrl(issuerText, "QUORUM_OIDC_ISSUER");
  const clientId = text(env, "QUORUM_OIDC_CLIENT_ID");
  if (!clientId) throw new Error("QUORUM_OIDC_CLIENT_ID is required with QUORUM_OIDC_ISSUER");

  const redirectText = text(env, "QUORUM_OIDC_REDIRECT_URL");
  const publicText = text(env, "QUORUM_PUBLIC_URL");
  let redirectUrl: URL;
  if (redirectText) redirectUrl = webUrl(redirectText, "QUORUM_OIDC_REDIRECT_URL");
  else if (publicText) {
    const base = webUrl(publicText, "QUORUM_PUBLIC_URL");
    redirectUrl = new URL(`${base.pathname.replace(/\/+$/, "")}${OIDC_CALLBACK_PATH}`, base);
  } else
    throw new Error(
      `QUORUM_OIDC_REDIRECT_URL or QUORUM_PUBLIC_URL is required with QUORUM_OIDC_ISSUER (the provider sends people back to <public URL>${OIDC_CALLBACK_PATH})`,
    );
  if (redirectUrl.search || redirectUrl.hash)
    throw new Error("QUORUM_OIDC_REDIRECT_URL must not have a query or a fragment");

  const scopeText = text(env, "QUORUM_OIDC_SCOPES");
  const requested = scopeText ? scopeText.split(/[\s,]+/).filter(Boolean) : DEFAULT_OIDC_SCOPES;
  const bad = requested.find((scope) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope));
  if (bad !== undefined) throw new Error(`QUORUM_OIDC_SCOPES: "${bad}" is not a scope`);
  const scopes = requested.includes("openid") ? requested : ["openid", ...requested];

  const roleClaim = text(env, "QUORUM_OIDC_ROLE_CLAIM") ?? DEFAULT_OIDC_ROLE_CLAIM;
  const mapText = text(env, "QUORUM_OIDC_ROLE_MAP");
  if (!mapText)
    throw new Error(
      "QUORUM_OIDC_ROLE_MAP is required with QUORUM_OIDC_ISSUER, e.g. quorum-admins=admin,quorum-managers=manager",
    );
  let roleMap: RoleMap;
  try {
    roleMap = parseRoleMap(mapText, "QUORUM_OIDC_ROLE_MAP");
  } catch (error) {
    throw error instanceof DomainError ? new Error(error.message) : error;
  }
  return {
    issuer,
    clientId,
    clientSecret: text(env, "QUORUM_OIDC_CLIENT_SECRET"),
    redirectUrl,
    scopes,
    roleClaim,
    roleMap,
  };
}
