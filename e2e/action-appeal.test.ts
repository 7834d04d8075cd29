/**
 * An appeal of a pause in Chromium: an annotator paused by hidden checks (a project that gives no
 * feedback on them) finds the pause on their support page, named by project and date and by no
 * task, and appeals it; a reviewer sees the missed control answers behind it in the appeals queue
 * and upholds it; the annotator can work again. An appeal of a missed check filed by its judgment
 * while the project told of checks names no task on their page once the project stops telling.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const ANNOTATOR = { email: "pia@appeal.test", name: "Pia Paused", password: "pia-password-1" };
const REVIEWER = { email: "rex@appeal.test", name: "Rex Reviewer", password: "rex-password-1" };
const PROJECT = "Product reviews";
const GROUNDS = "The checks looked like ordinary reviews to me.";

describe.skipIf(!available)("appealing a pause by hidden checks in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let projectId = 0;
  const controlTasks: number[] = [];

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
    await invitePerson(admin, { ...REVIEWER, role: "reviewer" });
    const project = await admin<{ id: number }>("POST", "/projects", {
      name: PROJECT,
      schema: { type: "single_choice", options: ["ok", "spam"] },
      goldPolicy: { share: 0.5 },
      qualityRules: { minGoldAnswers: 2, minAccuracy: 0.9, action: "pause", minActiveMs: 0, maxFastShare: 1 },
    });
    projectId = project.id;
    const lines = [
      ...Array.from({ length: 20 }, (_, i) => JSON.stringify({ data: { text: `review ${i}` } })),
      ...Array.from({ length: 6 }, (_, i) => JSON.stringify({ data: { text: `check ${i}` }, gold: "spam" })),
    ];
    const response = await fetch(`${server.url}/api/v1/projects/${projectId}/imports?format=jsonl`, {
      method: "POST",
      headers: { cookie: await admin.cookie() },
      body: lines.join("\n"),
    });
    expect(response.status).toBe(200);
    // The annotator answers "ok" to everything until the hidden checks pause them.
    const annotator = await apiSession(server.url, ANNOTATOR.email, ANNOTATOR.password);
    for (let i = 0; i < 30; i++) {
      let next: { assignment: { id: number; task: { id: number; data: { text: string } } } };
      try {
        next = await annotator("POST", `/projects/${projectId}/assignments/next`);
      } catch (error) {
        expect(String(error)).toContain("annotator_paused");
        break;
      }
      if (next.assignment.task.data.text.startsWith("check")) controlTasks.push(next.assignment.task.id);
      await annotator("POST", `/assignments/${next.assignment.id}/judgment`, {
        value: "ok",
        activeMs: 2000,
        clientKey: `pia-${i}`,
      });
    }
    expect(controlTasks.length).toBeGreaterThanOrEqual(2);
  });

  afterEach(() => {
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it("the paused annotator appeals the pause from My support, and a reviewer upholds it", async () => {
    const annotator = await newPage();
    await signIn(annotator, ANNOTATOR);
    await annotator.goto(`${server.url}/work/support`);
    const pause = annotator.locator("ul.appealable-actions li");
    await pause.waitFor();
    const offered = (await pause.textContent()) ?? "";
    expect(offered).toContain(`You were paused on ${PROJECT} on`);
    expect(offered).toContain("accuracy on quality checks is below the project's minimum");
    // Nothing on the page singles out a check: no rejected work to appeal, no task, no gold count.
    expect(await annotator.locator("ul.appealable li[data-judgment-id]").count()).toBe(0);
    expect(offered).not.toMatch(/Task #|gold|\d+\/\d+/);
    await pause.getByLabel("Why should this be lifted?").fill(GROUNDS);
    await pause.getByRole("button", { name: "Appeal" }).click();
    const filed = annotator.locator("ul.appeals li.appeal", { hasText: GROUNDS });
    await filed.waitFor();
    expect(await filed.textContent()).toContain("Paused on");
    expect(await annotator.locator("ul.appealable-actions li").count()).toBe(0);
    await annotator.screenshot({ path: screenshotPath("action-appeal-annotator"), fullPage: true });

    const reviewer = await newPage();
    await signIn(reviewer, REVIEWER);
    await reviewer.goto(`${server.url}/console/support/appeals`);
    const appeal = reviewer.locator("li.appeal", { hasText: GROUNDS });
    await appeal.waitFor();
    expect(await appeal.textContent()).toContain("Automatic action on the annotator");
    // The misses behind the pause, each with the answer given and the control's answer.
    const misses = appeal.locator(".appeal-misses li");
    await expect.poll(() => misses.count()).toBe(controlTasks.length);
    const shown = (await misses.allTextContents()).join("\n");
    for (const task of controlTasks) expect(shown).toContain(`Task #${task}`);
    expect(shown).toContain("answered ok · control answer spam");
    expect(shown).toContain("hidden check");
    await reviewer.screenshot({ path: screenshotPath("action-appeal-reviewer"), fullPage: true });
    await appeal.getByLabel("Note to the annotator (optional)").fill("The checks were ambiguous.");
    await appeal.getByRole("button", { name: "Uphold", exact: true }).click();
    await expect.poll(() => reviewer.locator("li.appeal", { hasText: GROUNDS }).count()).toBe(0);

    await annotator.reload();
    const decided = annotator.locator("ul.appeals li.appeal", { hasText: GROUNDS });
    await expect.poll(() => decided.textContent()).toContain("Upheld");
    // Back at work: the project hands out a task again.
    const again = await apiSession(server.url, ANNOTATOR.email, ANNOTATOR.password);
    const next = await again<{ assignment: { id: number } }>("POST", `/projects/${projectId}/assignments/next`);
    expect(next.assignment.id).toEqual(expect.any(Number));
  });

  it("an appeal of a missed check filed while the project told of them names no task once it stops telling", async () => {
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    const told = await admin<{ id: number }>("POST", "/projects", {
      name: "Told checks",
      schema: { type: "single_choice", options: ["ok", "spam"] },
      goldPolicy: { share: 0.5, feedback: { hidden: true } },
    });
    const lines = [
      ...Array.from({ length: 10 }, (_, i) => JSON.stringify({ data: { text: `review ${i}` } })),
      ...Array.from({ length: 4 }, (_, i) => JSON.stringify({ data: { text: `check ${i}` }, gold: "spam" })),
    ];
    const imported = await fetch(`${server.url}/api/v1/projects/${told.id}/imports?format=jsonl`, {
      method: "POST",
      headers: { cookie: await admin.cookie() },
      body: lines.join("\n"),
    });
    expect(imported.status).toBe(200);
    // The annotator answers "ok" until they miss a check, which the project tells them of.
    const annotator = await apiSession(server.url, ANNOTATOR.email, ANNOTATOR.password);
    let missed: { judgmentId: number; taskId: number } | undefined;
    for (let i = 0; i < 10 && !missed; i++) {
      const next = await annotator<{ assignment: { id: number; task: { id: number } } }>(
        "POST",
        `/projects/${told.id}/assignments/next`,
      );
      const sent = await annotator<{ judgment: { id: number }; gold?: { correct: boolean } }>(
        "POST",
        `/assignments/${next.assignment.id}/judgment`,
        { value: "ok", activeMs: 2000, clientKey: `told-${i}` },
      );
      if (sent.gold?.correct === false) missed = { judgmentId: sent.judgment.id, taskId: next.assignment.task.id };
    }
    expect(missed).toBeDefined();
    const grounds = "That check was a plain review.";
    await annotator("POST", `/projects/${told.id}/appeals`, { judgmentId: missed!.judgmentId, reason: grounds });
    await admin("PATCH", `/projects/${told.id}`, { goldPolicy: { share: 0.5, feedback: { hidden: false } } });

    const page = await newPage();
    await signIn(page, ANNOTATOR);
    await page.goto(`${server.url}/work/support`);
    const appeal = page.locator("ul.appeals li.appeal", { hasText: grounds });
    await appeal.waitFor();
    const shown = (await appeal.textContent()) ?? "";
    expect(shown).toContain("Told checks · An answer checked by quality control");
    expect(shown).not.toContain("Task #");
    await page.screenshot({ path: screenshotPath("action-appeal-old-check"), fullPage: true });
  });
});
