/**
 * The scorecard and capacity pages on the demo workspace, in Debian's Chromium against `quorum
 * serve` with its demo: a manager opens a person's scorecard from the people list (figures, the
 * weekly chart, tier history with an undo, coaching) and adds a note by keyboard; the capacity view
 * lists people needed per language; an annotator opens their own scorecard and the workspace
 * sends presence heartbeats. Writes a screenshot of each page.
 */
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();

describe.skipIf(!available)("the scorecard and capacity pages of the demo workspace in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("shows a manager a person's scorecard from the people list, and takes a coaching note by keyboard", async () => {
    const page = await signedIn("manager@quorum.local");
    await page.getByRole("link", { name: "People", exact: true }).click();
    await page.waitForURL(/\/console\/people$/);
    // Someone with simulated work this week, found through the API the page itself uses.
    const users = (await (await page.request.get(`${url()}/api/v1/users?role=annotator`)).json()) as {
      users: { id: number; name: string }[];
    };
    let worker: { id: number; name: string } | undefined;
    for (const user of users.users) {
      const card = await (await page.request.get(`${url()}/api/v1/users/${user.id}/scorecard`)).json();
      if (card.totals.judgments > 0 && card.tierChanges.length > 0) {
        worker = user;
        break;
      }
    }
    expect(worker).toBeDefined();
    await page.locator("tr", { hasText: worker!.name }).getByRole("link", { name: "Scorecard" }).click();
    await page.waitForURL(new RegExp(`/console/people/${worker!.id}/scorecard$`));
    const figures = page.getByTestId("scorecard-figures");
    await expect.poll(() => figures.textContent(), { timeout: 20_000 }).toMatch(/Judgments/);
    await page.locator(".scorecard-panel .time-chart canvas").first().waitFor();
    await expect.poll(() => page.locator(".scorecard-panel .feed-event").count()).toBeGreaterThan(0);
    await page.getByLabel("Note", { exact: true }).focus();
    await page.keyboard.type("Great week: keep reading the examples.");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.getByTestId("coaching").textContent(), { timeout: 10_000 })
      .toContain("Great week: keep reading the examples.");
    await page.screenshot({ path: screenshotPath("scorecard-panel"), fullPage: true });
  });

  it("shows the capacity needed per language against the pool", async () => {
    const page = await signedIn("manager@quorum.local");
    await page.getByRole("link", { name: "Capacity", exact: true }).click();
    await page.waitForURL(/\/console\/capacity$/);
    const rows = page.getByTestId("capacity-languages").locator("tbody tr td:first-child");
    await expect
      .poll(() => rows.allTextContents(), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(["de", "en", "ja"]));
    await expect.poll(() => page.getByTestId("capacity-measured").textContent()).toMatch(/utilisation \d+%/);
    await page.screenshot({ path: screenshotPath("capacity"), fullPage: true });
  });

  it("shows an annotator their own scorecard, and the workspace reports presence", async () => {
    const page = await signedIn("annotator@quorum.local");
    await page.getByRole("link", { name: "My scorecard" }).click();
    await page.waitForURL(/\/work\/scorecard$/);
    await page.getByRole("heading", { name: "My scorecard" }).waitFor();
    await page.getByTestId("scorecard-figures").waitFor();
    // The workspace beats as soon as it opens.
    const beat = page.waitForRequest((r) => r.url().endsWith("/api/v1/presence") && r.method() === "POST");
    await page.reload();
    expect((await (await beat).response())?.status()).toBe(204);
    await page.screenshot({ path: screenshotPath("my-scorecard"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
