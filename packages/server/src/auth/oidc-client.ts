import { DomainError, invalidInput } from "@quorum/core";
import * as openid from "openid-client";
import type { OidcConfig } from "./oidc-config.js";

/** What our side of a sign-in keeps between the redirect to the provider and the callback. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The claims of a person the provider signed in: the ID token's, with the userinfo's added. */
export interface OidcClaims extends Record<string, unknown> {
  iss: string;
  sub: string;
}

export interface OidcClient {
  /** Fresh state, nonce and PKCE verifier for one sign-in. */
  newChecks(): OidcChecks;
  /** The provider's authorization URL for these checks (S256 PKCE challenge, state, nonce). */
  authorizationUrl(checks: OidcChecks): Promise<URL>;
  /**
   * Validates the callback's query against the checks (state, issuer), exchanges the code with
   * the PKCE verifier, validates the ID token (signature, audience, nonce, times) and reads the
   * userinfo. Throws `invalid_input` for a response that fails a check and `provider_unavailable`
   * when the provider cannot be reached or answers with an error status.
   */
  signIn(callbackQuery: URLSearchParams, checks: OidcChecks): Promise<OidcClaims>;
}

/** How long one request to the provider may take, in seconds. */
const PROVIDER_TIMEOUT_S = 10;

function unavailable(what: string, error: unknown): DomainError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DomainError("provider_unavailable", `The identity provider could not be reached (${what}): ${reason}`);
}

/** Network failures, timeouts and error statuses are the provider's trouble; everything else is a bad response. */
function isProviderTrouble(error: unknown): boolean {
  if (error instanceof TypeError && error.message === "fetch failed") return true;
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) return true;
  if (error instanceof openid.ClientError)
    return (
      error.code === "OAUTH_RESPONSE_IS_NOT_CONFORM" ||
      error.code === "OAUTH_RESPONSE_IS_NOT_JSON" ||
      (error.cause instanceof DOMException && error.cause.name === "TimeoutError")
    );
  return false;
}

/** A refused sign-in response, said without echoing text the provider or the URL chose. */
function refusal(error: unknown): DomainError {
  if (error instanceof openid.AuthorizationResponseError) {
    const code = /^[a-z_]{1,64}$/.test(error.error) ? error.error : "error";
    return invalidInput(`The identity provider refused the sign-in (${code})`, [
      { path: "query.error", message: code },
    ]);
  }
  if (error instanceof openid.ResponseBodyError) {
    const code = /^[a-z_]{1,64}$/.test(error.error) ? error.error : "error";
    return invalidInput(`The identity provider refused the sign-in code (${code}); start again`, [
      { path: "query.code", message: code },
    ]);
  }
  const code = error instanceof openid.ClientError ? error.code : undefined;
  return invalidInput(
    "The sign-in response does not match the sign-in we started (state, issuer, code or ID token); start again",
    [{ path: "query", message: code ?? "invalid response" }],
  );
}

/**
 * The relying party, with the provider's discovery document read on first use and kept (read
 * again after a failure, so a provider that was down at start is picked up later).
 */
export function createOidcClient(config: OidcConfig): OidcClient {
  let discovered: Promise<openid.Configuration> | undefined;
  const insecure = config.issuer.protocol === "http:";

  function configuration(): Promise<openid.Configuration> {
    discovered ??= openid
      .discovery(
        config.issuer,
        config.clientId,
        config.clientSecret,
        config.clientSecret ? openid.ClientSecretBasic(config.clientSecret) : openid.None(),
        { timeout: PROVIDER_TIMEOUT_S, ...(insecure ? { execute: [openid.allowInsecureRequests] } : {}) },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw unavailable("discovery", error);
      });
    return discovered;
  }

  return {
    newChecks: () => ({
      state: openid.randomState(),
      nonce: openid.randomNonce(),
      codeVerifier: openid.randomPKCECodeVerifier(),
    }),

    async authorizationUrl(checks) {
      const provider = await configuration();
      return openid.buildAuthorizationUrl(provider, {
        redirect_uri: config.redirectUrl.href,
        scope: config.scopes.join(" "),
        response_type: "code",
        code_challenge: await openid.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: "S256",
        state: checks.state,
        nonce: checks.nonce,
      });
    },

    async signIn(callbackQuery, checks) {
      const provider = await configuration();
      // The registered redirect URL with the provider's answer, whatever host or proxy the request came through.
      const currentUrl = new URL(config.redirectUrl);
      for (const [name, value] of callbackQuery) currentUrl.searchParams.append(name, value);
      let tokens: Awaited<ReturnType<typeof openid.authorizationCodeGrant>>;
      try {
        tokens = await openid.authorizationCodeGrant(provider, currentUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw isProviderTrouble(error) ? unavailable("token", error) : refusal(error);
      }
      const idClaims = tokens.claims();
      if (!idClaims) throw refusal(undefined);
      let userinfo: Record<string, unknown> = {};
      if (provider.serverMetadata().userinfo_endpoint)
        try {
          userinfo = await openid.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
        } catch (error) {
          throw isProviderTrouble(error) ? unavailable("userinfo", error) : refusal(error);
        }
      return { ...idClaims, ...userinfo, iss: idClaims.iss, sub: idClaims.sub };
    },
  };
}
