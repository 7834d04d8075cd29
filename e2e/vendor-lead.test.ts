/**
 * A vendor lead in Debian's Chromium against `quorum serve`: two vendors with teams and people
 * are set up through the API; the lead of one signs in by keyboard, opens the people directory
 * from the console navigation and sees only their vendor's people, filters it by team and by
 * language, opens a profile with the team history, and sees only their vendor on the vendors page.
 * A team page gives the members' join dates in the lead's interface language and time zone, and fits
 * a phone's width. The
 * lead invites an annotator into their team without giving skills (exams grant those).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signIn } from "./support/browser.js";
import { invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const PASSWORD = "lead-password-1";

describe.skipIf(!available)("a vendor lead's people directory in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie = "";
  const pageErrors: string[] = [];
  const teams: Record<string, number> = {};

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  const person = (email: string, name: string, teamId: number, extra: Record<string, unknown> = {}) =>
    invitePerson(call, { email, name, password: PASSWORD, role: "annotator", teamId, ...extra });

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(server.admin),
    });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    for (const vendor of ["Acme", "Rival"]) {
      const { vendor: created } = await call("POST", "/vendors", { name: vendor });
      for (const team of ["North", "South"])
        teams[`${vendor} ${team}`] = (await call("POST", "/teams", { vendorId: created.id, name: team })).team.id;
    }
    await invitePerson(call, {
      email: "lead@acme.test",
      name: "Lena Lead",
      password: PASSWORD,
      role: "vendor_lead",
      teamId: teams["Acme North"],
    });
    const moved = await person("ana@acme.test", "Ana Acme", teams["Acme North"]!, {
      languages: ["de-AT", "en"],
      languageLevels: { "de-AT": "native", en: "C1" },
      region: "AT",
      timeZone: "Europe/Vienna",
    });
    await call("POST", `/people/${moved.user.id}/team`, { teamId: teams["Acme South"] });
    // Sensitive work for proven people only: Ana (a trainee) is kept off it, and her profile says why.
    await call("POST", "/projects", {
      name: "Austrian hotline review",
      schema: { type: "single_choice", options: ["ok", "escalate"] },
      requirements: { languages: ["de-AT"], minTier: "standard" },
    });
    await person("bo@acme.test", "Bo Acme", teams["Acme North"]!, { languages: ["en"] });
    await person("rui@rival.test", "Rui Rival", teams["Rival North"]!, { languages: ["de"] });
    await person("sam@rival.test", "Sam Rival", teams["Rival South"]!, { languages: ["en"] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(email: string, timezoneId?: string, path = "/"): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      ...(timezoneId ? { timezoneId } : {}),
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signIn(page, server.url, email, PASSWORD, path);
    return page;
  }

  const names = (page: Page) => page.locator("table.table tbody tr td:first-child a:not(.cell-sub)").allTextContents();

  it("shows the lead only their own vendor's people, teams and vendor", async () => {
    const page = await signedIn("lead@acme.test");
    await page.getByRole("link", { name: "People", exact: true }).click();
    await page.waitForURL(/\/console\/people$/);
    await expect.poll(() => names(page), { timeout: 20_000 }).toEqual(["Ana Acme", "Bo Acme", "Lena Lead"]);
    expect(await page.locator("main").textContent()).not.toContain("Rival");

    // Filters run on the server: by team, then by language (de finds the de-AT speaker).
    await page.getByLabel("Team", { exact: true }).selectOption({ label: "Acme · South" });
    await expect.poll(() => names(page)).toEqual(["Ana Acme"]);
    await page.getByLabel("Team", { exact: true }).selectOption({ label: "Any team" });
    const language = page.getByLabel("Works in language", { exact: true });
    await language.fill("de");
    await language.press("Enter");
    await expect.poll(() => names(page)).toEqual(["Ana Acme"]);
    const teamOptions = await page.getByLabel("Team", { exact: true }).locator("option").allTextContents();
    expect(teamOptions).toEqual(["Any team", "Acme · North", "Acme · South"]);
    await page.screenshot({ path: screenshotPath("vendor-lead-people"), fullPage: true });

    // The profile: region, time zone, languages with levels, and both team stays.
    await page.getByRole("link", { name: "Ana Acme" }).click();
    await page.waitForURL(/\/console\/people\/\d+$/);
    const main = page.locator("main");
    await expect.poll(() => main.textContent()).toContain("Europe/Vienna");
    expect(await main.textContent()).toContain("native");
    await expect.poll(() => page.locator("table[aria-label='Team history'] tbody tr").count()).toBe(2);
    const projects = page.locator("table[aria-label='Projects they may work on'] tbody tr");
    await expect
      .poll(() => projects.filter({ hasText: "Austrian hotline review" }).textContent())
      .toContain("needs tier standard or above (is trainee)");
    await page.screenshot({ path: screenshotPath("vendor-lead-profile"), fullPage: true });

    await page.getByRole("link", { name: "Vendors", exact: true }).click();
    await page.waitForURL(/\/console\/vendors$/);
    await expect.poll(() => names(page)).toEqual(["Acme"]);
    expect(pageErrors).toEqual([]);
  });

  it("gives a team's join dates in the lead's language and time zone, and fits a phone", async () => {
    const page = await signedIn("lead@acme.test", "Asia/Tokyo");
    await page.locator("header.topbar select.language-switcher:not(.time-zone-picker)").selectOption("ja");
    await page.goto(`${server.url}/console/teams/${teams["Acme North"]}`);
    const row = page.locator("table.table tbody tr", { hasText: "Bo Acme" });
    await row.waitFor();
    const members = (await call("GET", `/teams/${teams["Acme North"]}/members`)) as {
      members: { name: string; team: { joinedAt: string } | null }[];
    };
    const joinedAt = members.members.find((m) => m.name === "Bo Acme")?.team?.joinedAt ?? "";
    const expected = new Date(joinedAt).toLocaleString("ja", {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "Asia/Tokyo",
    });
    expect(await row.locator("td").last().textContent()).toBe(expected);
    await page.screenshot({ path: screenshotPath("vendor-lead-team"), fullPage: true });
    // On a small phone the members table scrolls inside its card; the page stays as wide as the window.
    await page.setViewportSize({ width: 320, height: 640 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
      .toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("lets the lead invite an annotator into their team, without skills", async () => {
    const page = await signedIn("lead@acme.test", undefined, "/console/people");
    await page.getByRole("button", { name: "Invite someone" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill("cy@acme.test");
    await dialog.getByLabel("Name").fill("Cy Acme");
    await dialog.getByLabel("Languages").fill("en:C1");
    // A skill would open skill-gated projects before any exam: the lead's form has no such field.
    expect(await dialog.getByLabel("Skills").count()).toBe(0);
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    await dialog.locator("pre.secret").waitFor();
    expect(await dialog.textContent()).toContain("cy@acme.test");
    await expect.poll(() => names(page)).toContain("Cy Acme");
    expect(pageErrors).toEqual([]);
  });
});
