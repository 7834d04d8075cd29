/**
 * Certification in Chromium against a real server: a manager writes an exam in the console, and
 * an annotator who lacks the project's skill finds it on their home page, takes it with the
 * keyboard only (number keys choose, Enter submits) and passes after 12 straight right answers;
 * the project then opens to them and the skill shows with its expiry.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { takeExamByKeyboard } from "./support/exam.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const ANNOTATOR = { email: "esme@e2e.test", name: "Esme Examinee", password: "esme-password-1" };
const OPTIONS = ["positive", "negative", "neutral"];
/** 20 gold reviews; the answer of "review N" is OPTIONS[N % 3]. */
const GOLD = Array.from({ length: 20 }, (_, n) => ({ text: `review ${n}`, answer: OPTIONS[n % 3]! }));

describe.skipIf(!available)("exams in Chromium", () => {
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

  const signIn = (page: Page, email: string, password: string) => signInByKeyboard(page, server.url, email, password);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(admin, { ...ANNOTATOR, role: "annotator", languages: ["en"] });
    const project = await admin<{ id: number }>("POST", "/projects", {
      name: "Review sentiment",
      schema: { type: "single_choice", options: OPTIONS },
      guidelines: "# Sentiment\nJudge the reviewer's feeling.",
      requirements: { languages: ["en"], skills: { sentiment: 1 } },
    });
    projectId = project.id;
    const lines = [
      ...GOLD.map((g) => JSON.stringify({ data: { text: g.text }, gold: g.answer })),
      JSON.stringify({ data: { text: "a production task" } }),
    ];
    const response = await fetch(`${server.url}/api/v1/projects/${projectId}/imports?format=jsonl`, {
      method: "POST",
      headers: { cookie: await admin.cookie() },
      body: lines.join("\n"),
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

  it("a manager writes an exam in the console", async () => {
    const page = await newPage();
    await signIn(page, server.admin.email, server.admin.password);
    await page.getByRole("link", { name: "Exams" }).click();
    const form = page.getByRole("form", { name: "New exam" });
    await form.locator("input[name=name]").fill("Sentiment basics");
    await form.locator("input[name=skill]").fill("sentiment");
    await expect.poll(() => form.textContent()).toContain("A flawless candidate passes after 12 answers");
    await form.getByRole("button", { name: "Create exam" }).click();
    await page.getByText("Sentiment basics").waitFor();
    await page.screenshot({ path: screenshotPath("console-exams"), fullPage: true });
  });

  it("an annotator takes the exam with the keyboard and passes after 12 right answers", async () => {
    const page = await newPage();
    await signIn(page, ANNOTATOR.email, ANNOTATOR.password);
    // The project needs the skill, so only its exam shows.
    const exam = page.locator(".certification-item", { hasText: "Sentiment basics" });
    await exam.getByText("Required before your next task").waitFor();
    expect(await page.locator(".project-card", { hasText: "Review sentiment" }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath("workspace-exams") });
    await exam.getByRole("link", { name: "Take exam" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: /Start the exam/ }).waitFor();
    await page.keyboard.press("Enter");

    const seen = await takeExamByKeyboard(
      page,
      (text) => {
        const gold = GOLD.find((g) => g.text === text);
        expect(gold, `an exam item shows a gold review (${text})`).toBeDefined();
        return String(OPTIONS.indexOf(gold!.answer) + 1);
      },
      { onFirstItem: () => page.screenshot({ path: screenshotPath("exam-item") }) },
    );
    await expect.poll(() => page.locator("[data-exam-status]").getAttribute("data-exam-status")).toBe("passed");
    expect(seen).toHaveLength(12);
    await page.getByText("12 of 12 answers right").waitFor();
    await page.getByText(/You now hold sentiment at level 1 until/).waitFor();
    await page.screenshot({ path: screenshotPath("exam-passed") });

    // Back home: the project is open to them and the exam shows as certified.
    await page.getByRole("link", { name: "Back to your projects" }).click();
    await page.locator(".project-card", { hasText: "Review sentiment" }).waitFor();
    await page.locator(".certification-item", { hasText: "Sentiment basics" }).getByText("Certified").waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/v1/users/me")).json());
    expect(me.skills).toMatchObject([{ skill: "sentiment", level: 1, state: "active" }]);

    // In German the panel speaks German too.
    await page.locator("header.topbar select.language-switcher").selectOption("de");
    await page.getByRole("region", { name: "Prüfungen und Übungen" }).waitFor();
    const item = page.locator(".certification-item", { hasText: "Sentiment basics" });
    await item.getByText("Zertifiziert").waitFor();
    expect(await item.textContent()).toContain("Review sentiment · sentiment, Stufe 1");
    await item.getByRole("link", { name: "Prüfung ablegen" }).waitFor();
  });
});
