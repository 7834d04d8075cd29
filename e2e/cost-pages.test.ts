/**
 * The cost pages on the demo workspace, in Debian's Chromium against `quorum serve` with its demo:
 * a manager reads cost per accepted label with its rows and chart, the waterfall of last month's
 * change with its narrative, the budgets (at risk on this week's spending pace), the allocation
 * and the savings, and edits a rate card; an annotator sees their own earnings and no cost pages; a vendor lead's cost view
 * holds only their vendor and offers no edits. Writes a screenshot of every page.
 */
import type { BudgetList } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { budgetCardHeadline } from "../packages/web/src/lib/budget-burn.js";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();

describe.skipIf(!available)("the cost pages of the demo workspace in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("shows a manager last month's cost per label by business unit, its components and why it moved", async () => {
    const page = await signedIn("manager@quorum.local");
    await page.getByRole("link", { name: "Cost", exact: true }).click();
    await page.waitForURL(/\/console\/cost$/);
    const rows = page.locator(".cost-summary-table tbody tr");
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(3);
    const units = await page.locator(".cost-summary-table tbody tr td:first-child").allTextContents();
    expect(units.sort()).toEqual(["Ads", "Search Ranking", "Trust & Safety"]);
    for (const cell of await page.locator(".cost-summary-table tbody tr td:nth-child(2)").allTextContents())
      expect(cell).toMatch(/^\$[\d,]+\.\d\d$/);
    await page.locator(".cost-page .echart svg").first().waitFor();
    const narrative = page.getByTestId("cost-narrative");
    await expect.poll(() => narrative.textContent(), { timeout: 20_000 }).toMatch(/overlap/i);
    // The waterfall: before, six drivers, now.
    await expect.poll(() => page.locator(".cost-explain .echart svg").count()).toBe(1);
    await expect.poll(() => page.locator(".cost-explain").textContent()).toMatch(/Overlap/);
    await page.locator(".report-downloads a", { hasText: "Download XLSX" }).waitFor();
    await page.screenshot({ path: screenshotPath("cost-summary"), fullPage: true });

    // By language, German's overlap component is the largest part after base.
    await page.locator("select", { has: page.locator("option[value=language]") }).selectOption("language");
    await expect
      .poll(async () => page.locator(".cost-summary-table tbody tr td:first-child").allTextContents())
      .toEqual(expect.arrayContaining(["de", "en", "ja"]));
    const report = await page.request.get(
      `${url()}/api/v1/reports/cost?${new URLSearchParams({
        businessUnitId: new URL(
          (await page.locator(".report-downloads a", { hasText: "Download CSV" }).getAttribute("href")) ?? "",
          url(),
        ).searchParams.get("businessUnitId")!,
        month: new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1))
          .toISOString()
          .slice(0, 7),
        format: "csv",
      })}`,
    );
    expect(report.status()).toBe(200);
    expect(report.headers()["content-type"]).toContain("csv");
  });

  it("writes money the German reader's way on the cost and budget pages, in the amount's currency", async () => {
    const page = await signedIn("finance@quorum.local");
    await page.locator("header.topbar select.language-switcher:not(.time-zone-picker)").selectOption("de");
    await page.goto(`${url()}/console/cost`);
    const narrative = page.getByTestId("cost-narrative");
    await expect.poll(() => narrative.textContent(), { timeout: 20_000 }).toMatch(/overlap/i);
    // "Why cost moved": dollars as a German writes them (1.234,56 $), never US style ($1,234.56).
    const sentences = (await narrative.textContent()) ?? "";
    expect(sentences).toMatch(/\d,\d\d\u00a0\$/);
    expect(sentences).not.toMatch(/\$\d/);
    for (const cell of await page.locator(".cost-summary-table tbody tr td:nth-child(2)").allTextContents())
      expect(cell).toMatch(/^[\d.]+,\d\d\u00a0\$$/);
    await page.screenshot({ path: screenshotPath("cost-summary-de"), fullPage: true });
    await page.goto(`${url()}/console/cost/budgets`);
    const headline = page.getByTestId("budget-headline").first();
    await headline.waitFor({ timeout: 20_000 });
    expect(await headline.textContent()).toMatch(/\d,\d\d\u00a0\$/);
    await page.locator("header.topbar select.language-switcher:not(.time-zone-picker)").selectOption("en");
  });

  it("shows a manager the budgets at risk on their spending pace, the allocation and the savings", async () => {
    const page = await signedIn("manager@quorum.local", { path: "/console/cost/budgets" });
    const cards = page.getByTestId("budget-card");
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(4);
    await expect.poll(() => page.locator(".budget-card h2").first().textContent()).not.toContain("#");
    const badges = await page.locator("[data-testid=budget-card] .pill").allTextContents();
    // Each badge follows the rule over the figures the server gives (over the amount; at risk when
    // the work left's or this week's pace forecast passes it). Which December budget the pace puts
    // at risk depends on the hour the demo is built, so the figures, not a fixed list, decide.
    const listed = (await (await page.request.get(`${url()}/api/v1/cost/budgets`)).json()) as BudgetList;
    const ended = listed.budgets.filter((budget) => Date.parse(budget.periodEnd!) <= Date.now());
    const words = { over: "Over budget", at_risk: "At risk", on_track: "On track" } as const;
    const finalWords = { over: "Over budget", at_risk: "At risk", on_track: "Within budget" } as const;
    expect(badges.sort()).toEqual(
      listed.budgets
        .map((budget) => {
          const { standing, basis } = budgetCardHeadline(budget, Date.now());
          return (basis === "final" ? finalWords : words)[standing];
        })
        .sort(),
    );
    // Last month's budget of the demo is over: spent past its amount, and final, with no forecast.
    expect(ended.length).toBe(1);
    expect(badges).toContain("Over budget");
    const endedCard = cards.filter({ hasText: "Period over" });
    expect(await endedCard.count()).toBe(1);
    expect(await endedCard.getByTestId("budget-headline").textContent()).toMatch(
      /^Period over: \$[\d,.]+ spent of \$[\d,.]+ \(\d+%\), final$/,
    );
    expect(await endedCard.getByTestId("budget-pace").count()).toBe(0);
    expect(await endedCard.getByTestId("budget-work").count()).toBe(0);
    expect(await endedCard.textContent()).not.toMatch(/at the period's end|pace/);
    // Each open budget says which forecast heads it (the higher, the badge's), and what each assumes.
    const open = cards.filter({ hasNotText: "Period over" });
    expect(await open.count()).toBe(3);
    for (const headline of await open.getByTestId("budget-headline").allTextContents())
      expect(headline).toMatch(
        /^Forecast \$[\d,.]+ at the period's end, (at the spending pace|from the work left) \(the higher forecast/,
      );
    expect(await open.getByTestId("budget-pace").first().textContent()).toMatch(
      /^At the spending pace: \$[\d,.]+ a day, the average of the last [\d.]+ days, reaches \$[\d,.]+ at the period's end/,
    );
    expect(await open.getByTestId("budget-work").first().textContent()).toMatch(
      /^From the work left: \$[\d,.]+ at the period's end if the judgments still to do cost what the judgments so far cost each$/,
    );
    expect(await page.getByTestId("budget-work").count()).toBe(3);
    await expect.poll(() => page.locator(".budget-card .u-over").count(), { timeout: 20_000 }).toBe(4);
    await page.screenshot({ path: screenshotPath("cost-budgets"), fullPage: true });

    await page.getByRole("link", { name: "Allocation" }).click();
    const poolRows = page.locator(".allocation-table tbody tr");
    await expect.poll(() => poolRows.count(), { timeout: 20_000 }).toBe(4);
    await expect.poll(() => page.locator(".allocation-table").textContent()).toContain("Idle vendor capacity");
    const headers = await page.locator(".allocation-table thead th").allTextContents();
    expect(headers).toEqual(expect.arrayContaining(["Ads", "Search Ranking", "Trust & Safety", "Unallocated"]));
    await page.screenshot({ path: screenshotPath("cost-allocation"), fullPage: true });

    await page.getByRole("link", { name: "Savings" }).click();
    const initiative = page.getByTestId("initiative");
    await initiative.first().waitFor();
    expect(await initiative.textContent()).toContain("Dynamic overlap on ad copy");
    expect(await initiative.locator("tbody tr").count()).toBe(3);
    // Named by its project once the names arrive.
    await expect.poll(() => initiative.textContent(), { timeout: 20_000 }).toContain("Ad copy side-by-side");
    await page.screenshot({ path: screenshotPath("cost-savings"), fullPage: true });
  });

  it("lets a manager change a rate card and shows the new pay", async () => {
    const page = await signedIn("manager@quorum.local", { path: "/console/cost/rates" });
    const row = page.getByTestId("rate-card-row").filter({ hasText: "German relevance" });
    await row.waitFor();
    expect(await row.textContent()).toContain("$15.00");
    await row.getByRole("button", { name: "Edit" }).click();
    const dialog = page.locator("dialog[open]");
    const hourly = dialog.getByLabel("Pay per active hour (USD)");
    expect(await hourly.inputValue()).toBe("15.00");
    await hourly.fill("15.5x");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await dialog.locator(".field-error").first().waitFor();
    await hourly.fill("16.25");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(() => row.textContent()).toContain("$16.25");
    await page.screenshot({ path: screenshotPath("cost-rate-cards"), fullPage: true });
    const cards = await page.request.get(`${url()}/api/v1/rate-cards`);
    const german = (
      (await cards.json()) as { rateCards: { name: string; payPerActiveHourMinor: number }[] }
    ).rateCards.find((c) => c.name === "German relevance");
    expect(german?.payPerActiveHourMinor).toBe(1625);
  });

  it("shows an annotator their own earnings and no cost pages", async () => {
    const page = await signedIn("annotator@quorum.local");
    await page.getByRole("link", { name: "Earnings" }).click();
    await page.waitForURL(/\/work\/earnings$/);
    const totals = page.getByTestId("earnings-totals");
    await totals.waitFor({ timeout: 20_000 });
    expect(await totals.textContent()).toMatch(/\$[\d,]+\.\d\d/);
    const days = page.locator(".earnings-table tbody tr");
    expect(await days.count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath("earnings"), fullPage: true });
    // The page's figures are the caller's own: the API answers only for them, and refuses the rest.
    const me = (await (await page.request.get(`${url()}/api/v1/me/earnings`)).json()) as {
      totals: { payMinor: number }[];
    };
    expect(me.totals.length).toBe(1);
    expect((await page.request.get(`${url()}/api/v1/cost/summary`)).status()).toBe(403);
    expect(await page.getByRole("link", { name: "Cost", exact: true }).count()).toBe(0);
    await page.goto(`${url()}/console/cost`);
    await page.waitForURL(/\/work$/);
  });

  it("shows a vendor lead only their vendor's costs, read-only", async () => {
    const page = await signedIn("vendor-lead@quorum.local");
    await page.getByRole("link", { name: "Cost", exact: true }).click();
    const rows = page.locator(".cost-summary-table tbody tr");
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.locator("select", { has: page.locator("option[value=vendor]") }).selectOption("vendor");
    await expect
      .poll(async () => page.locator(".cost-summary-table tbody tr td:first-child").allTextContents())
      .toEqual(["Lexicon Partners"]);
    // No budgets, allocation or savings for them, and no waterfall or reports.
    const tabs = await page.locator(".cost-tabs a").allTextContents();
    expect(tabs).toEqual(["Cost per label", "Rate cards"]);
    expect(await page.locator(".cost-explain").count()).toBe(0);
    await page.screenshot({ path: screenshotPath("cost-vendor-lead"), fullPage: true });
    await page.getByRole("link", { name: "Rate cards" }).click();
    await page.getByTestId("rate-card-row").first().waitFor();
    expect(await page.getByRole("button", { name: "Edit" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "New rate card" }).count()).toBe(0);
  });

  it("threw no errors in any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
