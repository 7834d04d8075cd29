import { describe, expect, it } from "vitest";
import { parseOidcConfig } from "./oidc-config.js";

const BASE = {
  QUORUM_OIDC_ISSUER: "https://login.example.com/realms/staff",
  QUORUM_OIDC_CLIENT_ID: "quorum",
  QUORUM_PUBLIC_URL: "https://quorum.example.com",
  QUORUM_OIDC_ROLE_MAP: "quorum-admins=admin,quorum-managers=manager",
};

describe("parseOidcConfig", () => {
  it("is off without an issuer", () => {
    expect(parseOidcConfig({})).toBeUndefined();
    expect(parseOidcConfig({ QUORUM_OIDC_ISSUER: " " })).toBeUndefined();
  });

  it("reads the settings, with defaults for scopes and claim and the redirect URL from the public URL", () => {
    const config = parseOidcConfig({ ...BASE, QUORUM_PUBLIC_URL: "https://example.com/quorum/" });
    expect(config).toMatchObject({
      clientId: "quorum",
      clientSecret: undefined,
      scopes: ["openid", "email", "profile"],
      roleClaim: "groups",
      roleMap: [
        { value: "quorum-admins", role: "admin" },
        { value: "quorum-managers", role: "manager" },
      ],
    });
    expect(config?.issuer.href).toBe("https://login.example.com/realms/staff");
    expect(config?.redirectUrl.href).toBe("https://example.com/quorum/api/v1/auth/oidc/callback");
  });

  it("prefers an explicit redirect URL and always asks for openid", () => {
    const config = parseOidcConfig({
      ...BASE,
      QUORUM_OIDC_REDIRECT_URL: "https://sso.example.com/api/v1/auth/oidc/callback",
      QUORUM_OIDC_SCOPES: "email groups",
      QUORUM_OIDC_ROLE_CLAIM: "realm_access.roles",
      QUORUM_OIDC_CLIENT_SECRET: "s3cret",
    });
    expect(config?.redirectUrl.href).toBe("https://sso.example.com/api/v1/auth/oidc/callback");
    expect(config?.scopes).toEqual(["openid", "email", "groups"]);
    expect(config?.roleClaim).toBe("realm_access.roles");
    expect(config?.clientSecret).toBe("s3cret");
  });

  it("allows plain http for a provider on this machine only", () => {
    expect(parseOidcConfig({ ...BASE, QUORUM_OIDC_ISSUER: "http://127.0.0.1:9000" })?.issuer.port).toBe("9000");
    expect(() => parseOidcConfig({ ...BASE, QUORUM_OIDC_ISSUER: "http://login.example.com" })).toThrow(
      /^QUORUM_OIDC_ISSUER must be an https URL/,
    );
  });

  it("names the variable that is missing or wrong", () => {
    const without = (name: keyof typeof BASE) => () => parseOidcConfig({ ...BASE, [name]: undefined });
    expect(without("QUORUM_OIDC_CLIENT_ID")).toThrow(/^QUORUM_OIDC_CLIENT_ID is required/);
    expect(without("QUORUM_PUBLIC_URL")).toThrow(/^QUORUM_OIDC_REDIRECT_URL or QUORUM_PUBLIC_URL is required/);
    expect(without("QUORUM_OIDC_ROLE_MAP")).toThrow(/^QUORUM_OIDC_ROLE_MAP is required/);
    expect(() => parseOidcConfig({ ...BASE, QUORUM_OIDC_ROLE_MAP: "staff=superuser" })).toThrow(
      /^QUORUM_OIDC_ROLE_MAP: .*superuser is not a role/,
    );
    expect(() => parseOidcConfig({ ...BASE, QUORUM_OIDC_ISSUER: "login.example.com" })).toThrow(
      /^QUORUM_OIDC_ISSUER must be a URL/,
    );
    expect(() => parseOidcConfig({ ...BASE, QUORUM_OIDC_REDIRECT_URL: "https://q.example.com/cb?x=1" })).toThrow(
      /^QUORUM_OIDC_REDIRECT_URL must not have a query/,
    );
    expect(() => parseOidcConfig({ ...BASE, QUORUM_OIDC_SCOPES: 'openid "bad"' })).toThrow(/^QUORUM_OIDC_SCOPES/);
    expect(() => parseOidcConfig({ QUORUM_OIDC_CLIENT_ID: "quorum" })).toThrow(
      "QUORUM_OIDC_CLIENT_ID set but QUORUM_OIDC_ISSUER is not",
    );
  });
});
