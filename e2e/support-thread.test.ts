/**
 * A support thread in Chromium: an annotator asks about an unclear case from the workbench (F),
 * naming the guideline section; a manager finds it in the console's support inbox, sees it on the
 * hot-spots table, and replies; the annotator reads the reply on their support page and answers
 * back, which puts the thread in front of the manager again.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const ANNOTATOR = { email: "ana@support.test", name: "Ana Annotator", password: "ana-password-1" };
const MANAGER = { email: "maya@support.test", name: "Maya Manager", password: "maya-password-1" };
const QUESTION = "Is sarcasm about a product spam?";
const REPLY = "No: spam sells something. Sarcasm alone is ok.";

describe.skipIf(!available)("support threads in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let projectId = 0;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return page;
  }
  const signIn = (page: Page, who: { email: string; password: string }) =>
    signInByKeyboard(page, server.url, who.email, who.password);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(admin, { ...ANNOTATOR, role: "annotator", languages: ["en"] });
    await invitePerson(admin, { ...MANAGER, role: "manager" });
    const project = await admin<{ id: number }>("POST", "/projects", {
      name: "Comment moderation",
      schema: { type: "single_choice", options: ["ok", "spam"] },
      guidelines: "# Spam\nAds and scams.\n\n# Sarcasm\nNot spam by itself.",
      requirements: { languages: ["en"] },
    });
    projectId = project.id;
    const response = await fetch(`${server.url}/api/v1/projects/${projectId}/imports?format=jsonl`, {
      method: "POST",
      headers: { cookie: await admin.cookie() },
      body: ['{"data":{"text":"Great product, if you like waiting a month"}}', '{"data":{"text":"Buy now!"}}'].join(
        "\n",
      ),
    });
    expect(response.status).toBe(200);
  });

  afterEach(() => {
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it("goes from the workbench to the manager's inbox and back to the annotator", async () => {
    const annotator = await newPage();
    await signIn(annotator, ANNOTATOR);
    await annotator.goto(`${server.url}/work/${projectId}`);
    await annotator.locator("[data-task-id]").first().waitFor();
    await annotator.keyboard.press("f");
    const flag = annotator.getByRole("dialog", { name: "This case is unclear" });
    await flag.locator("textarea").waitFor();
    await annotator.keyboard.type(QUESTION);
    await flag.getByLabel("Guideline section (optional)").selectOption("Sarcasm");
    await flag.getByLabel("Label in doubt (optional)").selectOption("spam");
    await flag.getByRole("button", { name: /Send question/ }).click();
    await flag.getByText("Sent to the project team").waitFor();

    const manager = await newPage();
    await signIn(manager, MANAGER);
    // The Reviews page counts the project's open questions (a count over every page of them).
    await manager.goto(`${server.url}/console/reviews`);
    const questions = manager.locator(`tr[data-project-id="${projectId}"] td[data-label="Open questions"]`);
    await expect.poll(() => questions.textContent()).toBe("1");
    await manager.getByRole("link", { name: "Support" }).click();
    const row = manager.locator("tr", { hasText: QUESTION });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain("Sarcasm");
    await manager.getByRole("link", { name: "Guideline hot spots" }).click();
    const hot = manager.locator(".hot-spots-table tr", { hasText: "Sarcasm" });
    await expect.poll(() => hot.textContent()).toContain("1");
    await manager.getByRole("link", { name: "Inbox" }).click();
    await manager.getByRole("button", { name: QUESTION }).click();
    const thread = manager.locator(".support-thread");
    await thread.getByLabel("Your reply").fill(REPLY);
    await thread.getByRole("button", { name: "Send reply" }).click();
    await thread.locator(".support-message-staff", { hasText: REPLY }).waitFor();
    await expect.poll(() => thread.textContent()).toContain("Answered in time");
    await manager.screenshot({ path: screenshotPath("support-inbox"), fullPage: true });

    await annotator.goto(`${server.url}/work/support`);
    await annotator.getByRole("button", { name: QUESTION }).click();
    const mine = annotator.locator(".support-thread");
    await mine.locator(".support-message-staff", { hasText: REPLY }).waitFor();
    await mine.getByLabel("Your reply").fill("Thanks, and with a shortened link?");
    await annotator.keyboard.press("Control+Enter");
    await mine.getByText("Thanks, and with a shortened link?").waitFor();
    await annotator.screenshot({ path: screenshotPath("support-annotator"), fullPage: true });

    await manager.reload();
    await expect
      .poll(() => manager.locator("tr", { hasText: QUESTION }).textContent())
      .toContain("Waiting for an answer");
  });
});
