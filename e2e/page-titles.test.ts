/**
 * The browser tab's title in Debian's Chromium against `quorum serve` with its demo: each page
 * names itself, then the project (or person) it shows, then Quorum, so a manager with several
 * tabs open, or reading their history, tells them apart; a page about nothing in particular
 * drops the middle part rather than keep the last project's name; the annotator's labeling page
 * does the same.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();

const title = (page: Page) => page.evaluate(() => document.title);

describe.skipIf(!available)("the tab's title in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("names the manager's page and its project, and follows in-app navigation", async () => {
    const page = await signedIn("manager@quorum.local", { path: "/console" });
    await expect.poll(() => title(page)).toBe("Projects · Quorum");

    await page.goto(`${url()}/console/projects/1`);
    const name = (await page.locator("main h1").first().textContent())!.trim();
    expect(name).toContain("Policy violations");
    await expect.poll(() => title(page)).toBe(`Project · ${name} · Quorum`);

    await page.goto(`${url()}/console/projects/1/quality`);
    await expect.poll(() => title(page)).toBe(`Quality · ${name} · Quorum`);

    // Followed inside the app (no reload): the project's name goes with the page that named it.
    await page.getByRole("link", { name: "People", exact: true }).first().click();
    await expect.poll(() => title(page)).toBe("People · Quorum");
    await page.goBack();
    await expect.poll(() => title(page)).toBe(`Quality · ${name} · Quorum`);
    await page.context().close();
  });

  it("names the annotator's labeling page and project", async () => {
    const page = await signedIn("annotator@quorum.local");
    await expect.poll(() => title(page)).toBe("My projects · Quorum");
    await page.goto(`${url()}/work/1`);
    await page.locator("h1.label-bar-title").waitFor();
    const name = (await page.locator("h1.label-bar-title").textContent())!.trim();
    await expect.poll(() => title(page)).toBe(`Labeling · ${name} · Quorum`);
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });
});
