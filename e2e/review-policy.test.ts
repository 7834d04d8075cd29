/**
 * A manager sets a project's review policy in the project form, in Chromium against
 * `quorum serve --no-demo`: the Review section beside the reviewer lease takes a sample share,
 * a confidence threshold and the disagreement switch, refuses a share over 100% by naming the
 * field in the form's units, and what is saved comes back from the API and into the form.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const MANAGER = { email: "rita@e2e.test", name: "Rita Manager", password: "rita-password-1" };

describe.skipIf(!available)("a project's review policy in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof apiSession>>;
  let projectId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    api = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(api, { ...MANAGER, role: "manager" });
    const project = await api<{ id: number }>("POST", "/projects", {
      name: "Support tickets",
      schema: { type: "single_choice", options: ["billing", "bug"] },
    });
    projectId = project.id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("saves the sample, the confidence threshold and disagreement, and shows them again", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(page, server.url, MANAGER.email, MANAGER.password);
    await page.goto(`${server.url}/console/projects/${projectId}/edit`);
    const review = page.getByRole("region", { name: "Review" });
    const sample = review.getByLabel("Sample of finished tasks (%)");
    await sample.waitFor();
    expect(await sample.inputValue()).toBe("0");
    expect(await review.getByLabel("Minutes a reviewer holds a review item").inputValue()).toBe("15");

    await sample.fill("150");
    await page.getByRole("button", { name: "Save changes" }).first().click();
    await review.getByText("must be from 0% to 100%").waitFor();

    await sample.fill("10");
    await review.getByLabel("Queue below confidence (%)").fill("70");
    await review.getByLabel(/Queue tasks whose annotators disagreed/).check();
    await page.getByRole("button", { name: "Save changes" }).first().click();
    await page.getByRole("status").getByText("Saved").waitFor();
    await page.screenshot({ path: screenshotPath("review-policy-saved"), fullPage: true });

    const saved = await api<{ reviewPolicy: unknown }>("GET", `/projects/${projectId}`);
    expect(saved.reviewPolicy).toEqual({ sampleShare: 0.1, confidenceThreshold: 0.7, disagreement: true });

    await page.reload();
    await sample.waitFor();
    await expect.poll(() => sample.inputValue()).toBe("10");
    expect(await review.getByLabel("Queue below confidence (%)").inputValue()).toBe("70");
    expect(await review.getByLabel(/Queue tasks whose annotators disagreed/).isChecked()).toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
