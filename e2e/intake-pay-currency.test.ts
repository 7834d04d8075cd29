/**
 * An intake report in Chromium against `quorum serve --no-demo` names the finished pay experiment
 * its pay elasticity left out because the arms' pay was not paid in the rate cards' currency (the
 * project's cards moved from dollars to euros before it stopped), with each arm and why.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const HOUR = 3_600_000;

describe.skipIf(!available)("pay experiments left out of the pay elasticity in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let requestId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    const project = await admin<{ id: number }>("POST", "/projects", {
      name: "Product reviews",
      schema: { type: "single_choice", options: ["positive", "negative"] },
    });
    const { rateCard } = await admin<{ rateCard: { id: number } }>("POST", "/rate-cards", {
      currency: "USD",
      effectiveFrom: new Date(Date.now() - HOUR).toISOString(),
      projectId: project.id,
      payPerJudgmentMinor: 10,
    });
    const { experiment } = await admin<{ experiment: { id: number } }>("POST", "/experiments", {
      projectId: project.id,
      name: "Dollar pay test",
      unit: "annotator",
      arms: [
        { name: "low", share: 0.5, payRateMinor: 10 },
        { name: "high", share: 0.5, payRateMinor: 15 },
      ],
      primaryMetric: "throughput",
      plannedUnits: 10,
    });
    await admin("POST", `/experiments/${experiment.id}/start`);
    const change = new Date().toISOString();
    await admin("PATCH", `/rate-cards/${rateCard.id}`, { effectiveTo: change });
    await admin("POST", "/rate-cards", {
      currency: "EUR",
      effectiveFrom: change,
      projectId: project.id,
      payPerJudgmentMinor: 9,
    });
    await admin("POST", `/experiments/${experiment.id}/stop`);
    const request = await admin<{ id: number }>("POST", "/intake-requests", {
      name: "Sentiment",
      volume: 200,
      schema: { type: "single_choice", options: ["positive", "negative"] },
      languages: ["en"],
      qualityTarget: 0.9,
      overlap: 1,
      deadline: Date.now() + 10 * 24 * HOUR,
      budgetMinor: 100_000,
      currency: "USD",
    });
    requestId = request.id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists the experiment and each arm's reason beside the missing elasticity", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(page, server.url, server.admin.email, server.admin.password);
    await page.goto(`${server.url}/console/intake/${requestId}`);
    await page.getByRole("button", { name: "Compute feasibility" }).click();
    const leftOut = page.getByTestId("pay-elasticity-left-out");
    await leftOut.waitFor({ timeout: 30_000 });
    expect(await leftOut.textContent()).toBe(
      "Not used for the pay elasticity, because pay is compared in one currency only: the experiment Dollar pay test: " +
        "arm low ($0.10) was paid in another currency than the project's rate cards; " +
        "arm high ($0.15) was paid in another currency than the project's rate cards",
    );
    await leftOut.getByRole("link", { name: "Dollar pay test" }).waitFor();
    expect(await page.getByTestId("pay-elasticity").textContent()).toContain("No finished pay experiment");
    await page.screenshot({ path: screenshotPath("intake-pay-left-out"), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
