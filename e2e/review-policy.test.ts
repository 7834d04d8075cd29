/**
 * A manager sets a project's review policy in the project form, in Chromium against
 * `quorum serve --no-demo`: the Review section beside the reviewer lease takes a sample share,
 * a confidence threshold and the disagreement switch, refuses a share over 100% by naming the
 * field in the form's units, and what is saved comes back from the API and into the form. Once the
 * policy queues tasks, the review page names them as the policy's ("Review policy: sample", not an
 * audit's) and the quality page shows what it queued and the accuracy its sample estimates; a task's
 * detail then takes a gold answer through "Set gold answer".
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const MANAGER = { email: "rita@e2e.test", name: "Rita Manager", password: "rita-password-1" };
const ANNOTATOR = { email: "ana@e2e.test", name: "Ana Annotator", password: "ana-password-1" };

describe.skipIf(!available)("a project's review policy in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof apiSession>>;
  let projectId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    api = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(api, { ...MANAGER, role: "manager" });
    await invitePerson(api, { ...ANNOTATOR, role: "annotator", languages: ["en"] });
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

  it("names the policy's items as its own in the review queue, and shows what it queued on the quality page", async () => {
    const project = await api<{ id: number }>("POST", "/projects", {
      name: "Sampled tickets",
      schema: { type: "single_choice", options: ["billing", "bug"] },
      overlap: 1,
      reviewPolicy: { sampleShare: 1, confidenceThreshold: 0, disagreement: false },
    });
    const lines = Array.from({ length: 3 }, (_, i) => JSON.stringify({ data: { text: `ticket ${i}` } }));
    const imported = await fetch(`${server.url}/api/v1/projects/${project.id}/imports?format=jsonl`, {
      method: "POST",
      headers: { cookie: await api.cookie() },
      body: lines.join("\n"),
    });
    expect(imported.status).toBe(200);
    const annotator = await apiSession(server.url, ANNOTATOR.email, ANNOTATOR.password);
    for (let i = 0; i < 3; i++) {
      const next = await annotator<{ assignment: { id: number } }>("POST", `/projects/${project.id}/assignments/next`);
      await annotator("POST", `/assignments/${next.assignment.id}/judgment`, {
        value: "billing",
        activeMs: 2000,
        clientKey: `rp-${i}`,
      });
    }
    const manager = await apiSession(server.url, MANAGER.email, MANAGER.password);
    const work = await manager<{ item: { id: number } }>("POST", `/projects/${project.id}/reviews/next`);
    await manager("POST", `/reviews/${work.item.id}`, { verdict: "accept" });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(page, server.url, MANAGER.email, MANAGER.password);
    await page.goto(`${server.url}/console/reviews/${project.id}`);
    const nextUp = page.getByTestId("next-up");
    await nextUp.waitFor();
    expect(await nextUp.textContent()).toContain("(Review policy: sample)");

    await page.goto(`${server.url}/console/projects/${project.id}/quality`);
    const outcome = page.getByTestId("review-policy-outcome");
    await outcome.waitFor();
    const sample = outcome.getByTestId("policy-source-sample");
    expect(await sample.locator("td").allTextContents()).toEqual([
      "Review policy: sample",
      "3",
      "1",
      "1",
      "0",
      "0",
      "2",
    ]);
    expect(await outcome.getByTestId("policy-accuracy").textContent()).toMatch(
      /Label accuracy \(sample\): 100% \(\d+–100%\), n = 1/,
    );
    await page.screenshot({ path: screenshotPath("review-policy-outcome"), fullPage: true });

    // A reviewed task becomes gold from its detail: the schema's own answer control and an explanation.
    const tasks = await manager<{ tasks: { id: number }[] }>("GET", `/projects/${project.id}/tasks`);
    const taskId = tasks.tasks[0]!.id;
    await page.goto(`${server.url}/console/projects/${project.id}`);
    await page.getByRole("button", { name: `#${taskId}`, exact: true }).click();
    await page.getByRole("button", { name: "Set gold answer" }).click();
    const editor = page.getByRole("region", { name: "Gold answer" });
    await editor.getByRole("button", { name: /bug$/ }).click();
    await editor.getByLabel("Explanation (shown after answering)").fill("A crash is a bug.");
    await editor.getByRole("button", { name: "Save gold answer" }).click();
    await page.getByRole("button", { name: "Edit gold answer" }).waitFor();
    const task = await manager<{ gold: unknown; goldExplanation: unknown }>(
      "GET",
      `/projects/${project.id}/tasks/${taskId}`,
    );
    expect(task).toMatchObject({ gold: "bug", goldExplanation: "A crash is a bug." });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
