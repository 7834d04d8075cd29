/**
 * A manager sets the budget of a project they just created, in Chromium against
 * `quorum serve --no-demo`: the Cost page's Budgets tab offers "New budget" even before any budget
 * exists, refuses a missing amount by naming the field, and the created budget's card names the
 * project and its amount; an ended period's card offers no new amount.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();

describe.skipIf(!available)("creating a budget in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof apiSession>>;
  let projectId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    api = await apiSession(server.url, server.admin.email, server.admin.password);
    const project = await api<{ id: number }>("POST", "/projects", {
      name: "Product reviews",
      schema: { type: "single_choice", options: ["positive", "negative"] },
    });
    projectId = project.id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sets a new project's monthly budget from the Budgets tab", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(page, server.url, server.admin.email, server.admin.password);
    await page.goto(`${server.url}/console/cost/budgets`);
    await page.getByText("No budgets yet").waitFor();
    await page.getByRole("button", { name: "New budget" }).click();
    const form = page.getByRole("form", { name: "New budget" });
    await form.getByLabel("For").selectOption({ label: "Product reviews" });
    await form.getByRole("button", { name: "Create budget" }).click();
    await form.getByText("Give a positive amount with at most 2 decimals").waitFor();

    await form.getByLabel("Budget").fill("2500");
    await form.getByRole("button", { name: "Create budget" }).click();
    const card = page.getByTestId("budget-card");
    await card.first().waitFor();
    await page.screenshot({ path: screenshotPath("budget-created"), fullPage: true });
    const month = new Date().toLocaleDateString("en", { timeZone: "UTC", month: "long", year: "numeric" });
    // A card is named "#id" until the project names arrive (a request of its own).
    await expect.poll(() => card.locator("h2").textContent()).toBe(`Product reviews · Month of ${month}`);
    expect(await card.textContent()).toContain("$0.00 of $2,500.00 spent");
    const { budgets } = await api<{ budgets: { projectId: number; amountMinor: number; currency: string }[] }>(
      "GET",
      "/cost/budgets",
    );
    expect(budgets).toMatchObject([{ projectId, amountMinor: 250_000, currency: "USD" }]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it("offers no new amount for a period that is over, only for running ones", async () => {
    await api("POST", "/cost/budgets", {
      projectId,
      period: "month",
      start: "2025-01",
      amountMinor: 90_000,
      currency: "USD",
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInByKeyboard(page, server.url, server.admin.email, server.admin.password);
    await page.goto(`${server.url}/console/cost/budgets`);
    const ended = page.getByRole("region", { name: "Product reviews January 2025" });
    await ended.getByText("Period over: $0.00 spent of $900.00").waitFor();
    expect(await ended.getByRole("button", { name: "Change amount" }).count()).toBe(0);
    const running = page.getByTestId("budget-card").first();
    await running.getByRole("button", { name: "Change amount" }).waitFor();
    await context.close();
  }, 60_000);
});
