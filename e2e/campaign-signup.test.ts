/**
 * Recruitment in Chromium against a real server: a candidate opens a campaign's sign-up link
 * (not signed in), signs up, sets a password through the one-time link the page hands back (no
 * mail server), practises the training module, passes the exam with the keyboard, and then gets
 * a production task. The campaign's funnel shows each step; the manager sees its chart, imports
 * people from CSV (a bad file refused by line and field) and issues a one-time reset link.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { takeExamByKeyboard } from "./support/exam.js";
import { apiSession, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const CANDIDATE = { name: "Cora Candidate", email: "cora@e2e.test", password: "cora-strong-pass-1" };
const OPTIONS = ["positive", "negative", "neutral"];
/** 20 gold reviews; the answer of "review N" is OPTIONS[N % 3]. */
const GOLD = Array.from({ length: 20 }, (_, n) => ({ text: `review ${n}`, answer: OPTIONS[n % 3]! }));
const keyOf = (text: string) => {
  const gold = GOLD.find((g) => g.text === text);
  expect(gold, `a gold review is shown (${text})`).toBeDefined();
  return String(OPTIONS.indexOf(gold!.answer) + 1);
};

describe.skipIf(!available)("signing up through a campaign in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof apiSession>>;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let campaignId = 0;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return page;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    admin = await apiSession(server.url, server.admin.email, server.admin.password);
    const project = await admin<{ id: number }>("POST", "/projects", {
      name: "Review sentiment",
      schema: { type: "single_choice", options: OPTIONS },
      guidelines: "# Sentiment\nJudge the reviewer's feeling.",
      requirements: { languages: ["en"], skills: { sentiment: 1 } },
    });
    const lines = [
      ...GOLD.map((g) => JSON.stringify({ data: { text: g.text }, gold: g.answer })),
      JSON.stringify({ data: { text: "a production task" } }),
    ];
    const imported = await fetch(`${server.url}/api/v1/projects/${project.id}/imports?format=jsonl`, {
      method: "POST",
      headers: { cookie: await admin.cookie() },
      body: lines.join("\n"),
    });
    expect(imported.status).toBe(200);
    const { tasks } = await admin<{ tasks: { id: number; data: { text: string } }[] }>(
      "GET",
      `/projects/${project.id}/tasks?limit=100`,
    );
    const practice = tasks.filter((task) => task.data.text === "review 0" || task.data.text === "review 1");
    await admin("POST", "/training-modules", {
      projectId: project.id,
      title: "Sentiment practice",
      section: "Sentiment",
      items: practice.map((task) => ({ taskId: task.id, hint: "Read the whole review" })),
    });
    await admin("POST", "/exams", {
      name: "Sentiment basics",
      skill: "sentiment",
      level: 1,
      projectId: project.id,
      p0: 0.7,
      p1: 0.9,
      alpha: 0.05,
      beta: 0.05,
      maxItems: 18,
    });
    const created = await admin<{ campaign: { id: number } }>("POST", "/campaigns", {
      name: "English raters",
      channel: "job_board",
      source: "Example board",
      spendMinor: 60_000,
      currency: "EUR",
      targetLanguages: ["en"],
      slug: "english-raters",
    });
    campaignId = created.campaign.id;
  });

  afterEach(() => {
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  const stages = async () => {
    const detail = await admin<{ funnel: { figures: { stages: { stage: string; count: number }[] } } }>(
      "GET",
      `/campaigns/${campaignId}`,
    );
    return Object.fromEntries(detail.funnel.figures.stages.map((s) => [s.stage, s.count]));
  };

  it("a candidate signs up, sets a password, trains, passes the exam by keyboard and gets a production task", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/join/english-raters`);
    await page.getByRole("heading", { name: "Join English raters" }).waitFor();

    // Bad input first: every field says what is wrong, and nothing is created.
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.locator(".field-error").first().waitFor();
    expect(await page.locator(".field-error").count()).toBeGreaterThanOrEqual(4);
    expect((await stages()).applied).toBe(0);

    await page.getByLabel("Your name").fill(CANDIDATE.name);
    await page.getByLabel("Email").fill(CANDIDATE.email);
    await page.getByLabel("Languages you work in").fill("en");
    await page.getByLabel("Region").fill("EU");
    await page.getByLabel("Time zone").selectOption("Europe/Dublin");
    await page.getByLabel(/I agree/).check();
    await page.screenshot({ path: screenshotPath("campaign-sign-up") });
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Thank you for signing up" }).waitFor();
    expect(await stages()).toMatchObject({ applied: 1, screened: 1, trained: 0 });

    await page.getByRole("link", { name: "Set your password" }).click();
    await page.getByRole("heading", { name: "Set your password" }).waitFor();
    await page.getByLabel("New password").fill(CANDIDATE.password);
    await page.getByLabel("Repeat the password").fill(CANDIDATE.password);
    await page.keyboard.press("Enter");
    // Signed in, on their home page: training and the exam are open, the project is not yet.
    const training = page.locator(".certification-item", { hasText: "Sentiment practice" });
    await training.waitFor();
    expect(await page.locator(".project-card", { hasText: "Review sentiment" }).count()).toBe(0);
    const me = await page.evaluate(async () => (await fetch("/api/v1/users/me")).json());
    expect(me.user).toMatchObject({ email: CANDIDATE.email, role: "annotator", languages: ["en"], skills: {} });

    // Practise both items with the keyboard: the number key, Enter to answer, Enter to go on.
    await training.getByRole("link", { name: "Practise" }).click();
    for (let i = 0; i < 2; i++) {
      // The item's own text (not the previous one's), and its key pressed until the pad, whose key
      // listener attaches after the item renders, shows the choice picked.
      await page.getByText(`Practice ${i + 1} of 2`).waitFor();
      const text = ((await page.locator(".field-text").first().textContent()) ?? "").trim();
      const picked = page.locator(".choice-selected");
      await expect
        .poll(async () => {
          if ((await picked.count()) === 0) await page.keyboard.press(keyOf(text));
          return picked.count();
        })
        .toBe(1);
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "Expected" }).waitFor();
      await page.keyboard.press("Enter");
    }
    await page.getByText("Practice done").waitFor();
    await expect.poll(async () => (await stages()).trained).toBe(1);

    // The exam, by keyboard.
    await page.getByRole("link", { name: "Back to your projects" }).click();
    const exam = page.locator(".certification-item", { hasText: "Sentiment basics" });
    await exam.getByRole("link", { name: "Take exam" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: /Start the exam/ }).waitFor();
    await page.keyboard.press("Enter");
    const seen = await takeExamByKeyboard(page, keyOf);
    await expect.poll(() => page.locator("[data-exam-status]").getAttribute("data-exam-status")).toBe("passed");
    expect(seen).toHaveLength(12);
    expect(await stages()).toMatchObject({ applied: 1, screened: 1, trained: 1, qualified: 1 });

    // Production work opens.
    await page.getByRole("link", { name: "Back to your projects" }).click();
    await page.locator(".project-card", { hasText: "Review sentiment" }).getByRole("link", { name: "Start" }).click();
    // The production queue leases them a task (gold tasks may come first: the queue mixes them in).
    await page.getByText(/^Task #\d+$/).waitFor();
    await page.locator(".field-text").waitFor();
    await page.getByRole("button", { name: /Submit/ }).waitFor();
    await page.screenshot({ path: screenshotPath("campaign-first-task") });
  });

  it("the manager sees the funnel chart, imports people from CSV and issues a reset link", async () => {
    const page = await newPage();
    await signInByKeyboard(page, server.url, server.admin.email, server.admin.password);
    await page.getByRole("link", { name: "Recruitment" }).click();
    await page.getByRole("link", { name: "English raters" }).click();
    await page
      .getByRole("img", { name: /Recruitment funnel/ })
      .locator("svg")
      .waitFor();
    const conversion = page.getByRole("table", { name: "Conversion by stage" });
    await expect.poll(() => conversion.locator("tr", { hasText: "Qualified" }).textContent()).toContain("100%");
    await page.getByTestId("cost-per-qualified").getByText("€600.00").waitFor();
    await page.screenshot({ path: screenshotPath("campaign-funnel"), fullPage: true });

    // People: a CSV import (all or nothing) hands back one-time links, and so does a reset.
    await page.getByRole("link", { name: "People" }).click();
    await page.getByRole("button", { name: "Import CSV" }).click();
    const dialog = page.getByRole("dialog", { name: "Import people from CSV" });
    const csv = (rows: string) => ({
      name: "people.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`name,email,role,languages,region,time_zone\n${rows}`),
    });
    await dialog.getByLabel("CSV file").setInputFiles(csv("Ivo,ivo@e2e.test,annotator,de,EU,Nowhere/Land\n"));
    await dialog.getByRole("button", { name: "Import" }).click();
    await dialog.getByText("line 2: time_zone: ", { exact: false }).first().waitFor();
    await dialog.getByLabel("CSV file").setInputFiles(csv("Ivo,ivo@e2e.test,annotator,de,EU,Europe/Berlin\n"));
    await dialog.getByRole("button", { name: "Import" }).click();
    const link = dialog.getByLabel("One-time password link for Ivo");
    await expect.poll(() => link.inputValue()).toMatch(/\/set-password#pw_/);
    await dialog.getByRole("button", { name: "Done" }).click();
    const row = page.locator("tr", { hasText: CANDIDATE.email });
    await row.getByRole("button", { name: "Password link" }).click();
    const reset = page.getByLabel(`One-time password link for ${CANDIDATE.name}`).last();
    await expect.poll(() => reset.inputValue()).toMatch(/\/set-password#pw_/);
  });
});
