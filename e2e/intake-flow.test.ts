/**
 * Intake to delivery in Chromium against `quorum serve` (monitors evaluated every 2 s): a manager
 * submits a labeling request through the intake form, computes and reads its feasibility report
 * (flags, intervals, the finish-date chart), accepts it (the project is created), and once tasks
 * arrive sees the project's risk alert appear on the open console page without reloading it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const MANAGER = { email: "manager@e2e.test", password: "manager-password-1" };

describe.skipIf(!available)("a labeling request from intake to a live alert in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { QUORUM_MONITOR_SECONDS: "2" } });
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(admin, { ...MANAGER, name: "Morgan Manager", role: "manager" });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(page, server.url, MANAGER.email, MANAGER.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("submits a request, reads its feasibility report, accepts it, and sees an alert arrive live", async () => {
    await page.getByRole("link", { name: "Intake", exact: true }).click();
    await page.waitForURL(/\/console\/intake$/);
    const form = page.getByRole("form", { name: "New request" });
    await form.getByLabel("Name").fill("Reviews sentiment (de)");
    await form.getByLabel("Tasks").fill("500");
    await form.getByLabel(/^Languages/).fill("de");
    await form.getByLabel("Deadline").fill(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
    await form.getByRole("button", { name: "Submit request" }).click();
    await page.waitForURL(/\/console\/intake\/\d+$/);

    await page.getByRole("button", { name: "Compute feasibility" }).click();
    const report = page.getByRole("region", { name: "Feasibility report" });
    await report.waitFor({ timeout: 30_000 });
    // Nobody speaks German yet: the pool is too small and the deadline cannot be met.
    await expect.poll(() => report.locator("[data-flag=pool_too_small]").textContent()).toContain("de");
    await expect.poll(() => report.locator("[data-flag=deadline_infeasible]").count()).toBe(1);
    await expect.poll(() => report.textContent()).toContain("Not feasible as asked");
    // No pay experiment has finished in this workspace: the pay response says there is no elasticity.
    await expect
      .poll(() => page.getByTestId("pay-elasticity").textContent())
      .toContain("No finished pay experiment gives a pay elasticity yet");
    await page.locator(".chart-card .uplot").first().waitFor();
    await page.screenshot({ path: screenshotPath("intake-feasibility"), fullPage: true });

    await page.getByRole("button", { name: "Accept and create the project" }).click();
    await page.waitForURL(/\/console\/projects\/\d+$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Reviews sentiment (de)");
    const projectId = Number(new URL(page.url()).pathname.split("/").pop());

    // Tasks arrive while the manager keeps the page open; the monitors raise the project's risks.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    const manager = await apiSession(server.url, MANAGER.email, MANAGER.password);
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ data: { text: `review ${i}`, language: "de" } }),
    );
    const imported = await fetch(`${server.url}/api/v1/projects/${projectId}/imports?format=jsonl`, {
      method: "POST",
      headers: { cookie: await manager.cookie() },
      body: lines.join("\n"),
    });
    expect(imported.status, await imported.text()).toBe(200);

    const alert = page.locator(".live-alert", { hasText: "Reviews sentiment (de)" }).first();
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/Pool too small|Deadline at risk/);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await page.screenshot({ path: screenshotPath("intake-live-alert"), fullPage: true });

    // The project page shows the same risks in its register.
    await page.reload();
    const register = page.getByRole("region", { name: "Risk register" });
    await expect.poll(() => register.locator("[data-risk=pool_too_small]").count(), { timeout: 20_000 }).toBe(1);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
