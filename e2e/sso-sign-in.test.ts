/**
 * Single sign-on in Chromium: the sign-in page offers "Sign in with SSO" when `quorum serve` runs
 * with QUORUM_OIDC_* settings; the button goes through a real OpenID Connect provider
 * (oidc-provider, signing people in without a form) and lands a manager in the console and a
 * person without a mapped group on the refusal page.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Person, startOidcProvider } from "../packages/server/src/test-oidc-provider.js";
import { browserAvailable, launchBrowser, screenshotPath } from "./support/browser.js";
import { freePort, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();

describe.skipIf(!available)("single sign-on in Chromium", () => {
  const people: Record<string, Person> = {
    mia: { email: "mia@corp.example", name: "Mia Manager", groups: ["quorum-managers"] },
    nat: { email: "nat@corp.example", name: "Nat Nobody", groups: ["everyone"] },
  };
  const next = { login: "mia" };
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider(`${publicUrl}/api/v1/auth/oidc/callback`, people, next);
    server = await startServer({
      port,
      env: {
        QUORUM_OIDC_ISSUER: provider.issuer,
        QUORUM_OIDC_CLIENT_ID: "quorum",
        QUORUM_OIDC_CLIENT_SECRET: "quorum-test-secret",
        QUORUM_PUBLIC_URL: publicUrl,
        QUORUM_OIDC_SCOPES: "openid email profile groups",
        QUORUM_OIDC_ROLE_MAP: "quorum-admins=admin,quorum-managers=manager",
      },
    });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  it("signs a manager in through the provider and opens the console", async () => {
    next.login = "mia";
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/signin`);
    const sso = page.getByRole("link", { name: "Sign in with SSO" });
    await sso.waitFor();
    await page.screenshot({ path: screenshotPath("sso-sign-in") });
    await sso.click();
    await page.locator(".topbar").waitFor();
    expect(new URL(page.url()).pathname.startsWith("/console")).toBe(true);
    const me = await page.evaluate(async () => (await fetch("/api/v1/auth/me")).json());
    expect(me.user).toMatchObject({ email: "mia@corp.example", role: "manager" });
  });

  it("shows a person without a mapped group why they were refused", async () => {
    next.login = "nat";
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByRole("link", { name: "Sign in with SSO" }).click();
    await page.getByRole("heading", { name: "Single sign-on did not sign you in" }).waitFor();
    expect(await page.textContent("main")).toContain("none of the groups that give a role in Quorum");
    await page.getByRole("link", { name: "Back to sign in" }).click();
    await page.locator("input[name=email]").waitFor();
  });
});
