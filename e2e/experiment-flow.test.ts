/**
 * An experiment in Debian's Chromium against a real server: a manager designs a guideline
 * experiment in the console (two arms serving guideline versions 1 and 2, gold accuracy as the
 * primary metric, throughput as a guardrail, the sample size from the planner), starts it,
 * annotators work through the API (the arm serving version 2 answers the controls right, the
 * other half of them), and the results page shows the lift with its interval, the interval chart
 * and the plain-language decision, with agreement and retention as secondary metrics. Arm v2 also
 * serves the labeling view without shortcut keys on the options (`no_key_hints`): its leases carry
 * the variant and an annotator of the arm sees options without keys. Writes screenshots of the
 * design form and the results. Pay per judgment for an arm is typed in the currency of the rate card
 * that prices the project (0.25 dollars), and sent in its minor units (25 cents).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const MANAGER = { email: "mia@e2e.test", name: "Mia Manager", password: "mia-password-1" };
const ANNOTATORS = Array.from({ length: 10 }, (_, i) => ({
  email: `x${i}@e2e.test`,
  name: `Annotator ${i}`,
  password: `annotator-password-${i}`,
}));

describe.skipIf(!available)("an experiment in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let projectId = 0;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(admin, { ...MANAGER, role: "manager", languages: ["en"] });
    for (const a of ANNOTATORS) await invitePerson(admin, { ...a, role: "annotator", languages: ["en"] });
    const project = await admin<{ id: number }>("POST", "/projects", {
      name: "Sentiment",
      schema: { type: "single_choice", options: ["ok", "spam"] },
      guidelines: "# v1",
      overlap: 1,
      goldPolicy: { share: 0.5, onboarding: 0 },
    });
    projectId = project.id;
    const lines = [
      ...Array.from({ length: 100 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } })),
      ...Array.from({ length: 60 }, (_, i) => JSON.stringify({ data: { text: `g${i}` }, gold: "ok" })),
    ].join("\n");
    const imported = await fetch(`${server.url}/api/v1/projects/${projectId}/imports`, {
      method: "POST",
      headers: { cookie: await admin.cookie(), "content-type": "application/x-ndjson" },
      body: lines,
    });
    expect(imported.status, await imported.text()).toBe(200);
    await admin("POST", `/projects/${projectId}/guidelines`, { body: "# v2 with worked examples" });
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a manager designs and starts a guideline experiment, annotators work, the results show the effect with its interval", async () => {
    await signInByKeyboard(page, server.url, MANAGER.email, MANAGER.password);
    await page.getByRole("link", { name: "Experiments", exact: true }).click();
    await page.waitForURL(/\/console\/experiments$/);
    await page.getByRole("link", { name: "New experiment" }).click();
    await page.waitForURL(/\/console\/experiments\/new$/);
    await page.getByLabel("Project").selectOption(String(projectId));
    await page.locator("input[name=name]").fill("Guidelines v2");
    await page.locator("input[name=hypothesis]").fill("Worked examples raise gold accuracy");
    await page.locator("input[name='arms.0.name']").fill("control");
    await page.locator("input[name='arms.0.guidelineVersion']").fill("1");
    await page.locator("input[name='arms.1.name']").fill("v2");
    await page.locator("input[name='arms.1.guidelineVersion']").fill("2");
    await page.locator("select[name='arms.1.toolVariant']").selectOption("no_key_hints");
    await page.locator("input[name=margin]").fill("0.5");
    await page.getByRole("button", { name: "Plan the sample size" }).click();
    await expect.poll(() => page.getByTestId("plan-result").textContent()).toMatch(/units per arm/);
    await page.locator("input[name=plannedUnits]").fill("10");
    await page.screenshot({ path: screenshotPath("experiment-design"), fullPage: true });
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.waitForURL(/\/console\/experiments\/\d+$/);
    await page.getByRole("button", { name: "Start" }).click();
    await page.getByRole("button", { name: "Stop" }).waitFor();

    // Annotators work through the API: the arm on guideline 2 answers every control right.
    let treated: (typeof ANNOTATORS)[number] | undefined;
    for (const [i, a] of ANNOTATORS.entries()) {
      const session = await apiSession(server.url, a.email, a.password);
      for (let k = 0; k < 10; k++) {
        const next = await fetch(`${server.url}/api/v1/projects/${projectId}/assignments/next`, {
          method: "POST",
          headers: { cookie: await session.cookie() },
        });
        if (next.status === 204) break;
        const { assignment } = (await next.json()) as {
          assignment: { id: number; guidelineVersion: number; toolVariant: string };
        };
        expect(assignment.toolVariant).toBe(assignment.guidelineVersion === 2 ? "no_key_hints" : "standard");
        if (assignment.guidelineVersion === 2) treated = a;
        const right = assignment.guidelineVersion === 2 || (i + k) % 2 === 0;
        await session("POST", `/assignments/${assignment.id}/judgment`, {
          value: right ? "ok" : "spam",
          activeMs: assignment.guidelineVersion === 2 ? 1300 : 1200,
          clientKey: `x${assignment.id}`,
        });
      }
    }

    await page.reload();
    const row = page.getByTestId("effect-row").filter({ hasText: "Gold accuracy" });
    await row.first().waitFor();
    const text = (await row.first().textContent()) ?? "";
    // The lift and its 95% interval, both as signed percentages.
    expect(text).toMatch(/\+\d+\.\d%/);
    expect(text).toMatch(/\[[+−]\d+\.\d%, [+−]\d+\.\d%\]/);
    await expect.poll(() => page.getByTestId("interval-row").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("decision").first().textContent()).toMatch(/v2/);
    await expect.poll(() => page.getByTestId("srm").textContent()).toMatch(/split as planned/);
    for (const metric of ["agreement", "retention"])
      expect(await page.locator(`tr[data-metric=${metric}]`).first().textContent()).toContain("secondary");
    await page.screenshot({ path: screenshotPath("experiment-results"), fullPage: true });

    // An annotator of arm v2 labels in the variant the arm serves: options without their keys.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const labeling = await context.newPage();
    labeling.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(labeling, server.url, treated!.email, treated!.password);
    await labeling.goto(`${server.url}/work/${projectId}`);
    await labeling.locator("[data-tool-variant=no_key_hints]").waitFor();
    expect(await labeling.locator(".choice").count()).toBe(2);
    expect(await labeling.locator(".choice-key").count()).toBe(0);
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("takes an arm's pay in the currency of the project's rate card, and sends it in minor units", async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const form = await context.newPage();
    form.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(form, server.url, MANAGER.email, MANAGER.password);
    const pay = form.locator("input[name='arms.0.pay']");
    // No rate card prices the project yet: nothing to pay in, and the form says why.
    await form.goto(`${server.url}/console/experiments/new`);
    await form.getByLabel("Project").selectOption(String(projectId));
    expect(await pay.isDisabled()).toBe(true);
    await form.getByText("Set once a rate card in one currency prices this project").first().waitFor();

    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    const card = await admin<{ rateCard: { id: number } }>("POST", "/rate-cards", {
      name: "Standard",
      currency: "USD",
      effectiveFrom: "2020-01-01",
    });
    await form.reload();
    await form.getByLabel("Project").selectOption(String(projectId));
    await form.getByLabel("Pay per judgment (USD)").first().waitFor();
    await form.locator("input[name=name]").fill("Pay per judgment");
    await form.locator("input[name=hypothesis]").fill("Better pay brings faster work");
    await form.locator("input[name='arms.0.name']").fill("base");
    await form.locator("input[name='arms.1.name']").fill("raise");
    // Cents are no amount of dollars: refused at the field, nothing sent.
    await pay.fill("0.255");
    await form.getByRole("button", { name: "Create draft" }).click();
    await form.getByText("at most 2 decimals").first().waitFor();
    expect(form.url()).toMatch(/\/console\/experiments\/new$/);
    await pay.fill("0.25");
    await form.locator("input[name='arms.1.pay']").fill("0.30");
    await form.getByRole("button", { name: "Create draft" }).click();
    await form.waitForURL(/\/console\/experiments\/\d+$/);
    const id = Number(new URL(form.url()).pathname.split("/").pop());
    const created = await admin<{
      experiment: { arms: { name: string; payRateMinor?: number; payCurrency?: string }[] };
    }>("GET", `/experiments/${id}`);
    expect(created.experiment.arms.map((arm) => [arm.name, arm.payRateMinor, arm.payCurrency])).toEqual([
      ["base", 25, "USD"],
      ["raise", 30, "USD"],
    ]);
    expect(await form.getByTestId("arm-pay-warning").count()).toBe(0);

    // Finance moves the cards to euros: the arms' dollar pay is no longer paid, and the page says so.
    const change = new Date(Date.now() - 1000).toISOString();
    await admin("PATCH", `/rate-cards/${card.rateCard.id}`, { effectiveTo: change });
    await admin("POST", "/rate-cards", { name: "Euro", currency: "EUR", effectiveFrom: change });
    await form.reload();
    const warnings = form.getByTestId("arm-pay-warning");
    await warnings.first().waitFor();
    expect(await warnings.allTextContents()).toEqual([
      expect.stringMatching(/^Arm base: its pay of \$0\.25 per judgment is not paid\..*card's own rate/),
      expect.stringMatching(/^Arm raise: its pay of \$0\.30 per judgment is not paid/),
    ]);
    await form.screenshot({ path: screenshotPath("experiment-arm-pay-warning"), fullPage: true });
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
