/**
 * An annotator on a phone (390 × 844, touch only) in Debian's Chromium against `quorum serve`
 * with its demo, plus three projects of the task types the demo lacks (single choice with
 * blurred sensitive media, ranking, free text) and an exam. Everything is done by tapping: sign
 * in, start working, label one task of each type and submit it, seeing the next; the guidelines
 * open over the task and close again, a question about an unclear case is sent from its form and
 * found on the support page; an exam item is answered and the next one opened by tap. On every
 * screen nothing sticks out of the window, controls are a fingertip tall, text is 14 px or more,
 * inputs 16 px (iOS zooms the page into a smaller one), no text asks for a key, every control has
 * a name and the page one main landmark.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable } from "./support/browser.js";
import { DEMO_PASSWORD, demoInBrowser } from "./support/demo-in-browser.js";
import { expectFitsPhone, PHONE, PHONE_CONTEXT } from "./support/phone.js";
import { apiSession } from "./support/server.js";

const available = browserAvailable();
const ANNOTATOR = "annotator@quorum.local";
const QUESTION = "Is a news report of a stabbing a violent threat?";
/** A small grey square: media the single-choice project marks sensitive, so it comes blurred. */
const IMAGE =
  "data:image/svg+xml;base64," +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><rect width="60" height="60" fill="#888"/></svg>',
  ).toString("base64");

/** The projects added to the demo, by name, with how to answer one of their tasks by tap. */
const EXTRA = {
  single: "Phone check: product photos",
  ranking: "Phone check: result order",
  text: "Phone check: captions",
};

describe.skipIf(!available)("an annotator on a phone", () => {
  const { url, openPage, pageErrors } = demoInBrowser(PHONE);

  beforeAll(async () => {
    const manager = await apiSession(url(), "manager@quorum.local", DEMO_PASSWORD);
    const create = async (name: string, body: Record<string, unknown>, lines: unknown[]) => {
      const project = await manager<{ id: number }>("POST", "/projects", { name, ...body });
      const response = await fetch(`${url()}/api/v1/projects/${project.id}/imports?format=jsonl`, {
        method: "POST",
        headers: { cookie: await manager.cookie() },
        body: lines.map((line) => JSON.stringify(line)).join("\n"),
      });
      expect(response.status).toBe(200);
      return project.id;
    };
    const single = await create(
      EXTRA.single,
      { schema: { type: "single_choice", options: ["Good photo", "Bad photo", "Not a product"] }, sensitive: true },
      [
        ...Array.from({ length: 6 }, (_, i) => ({
          data: { text: `Product photo number ${i} as sent by the seller`, image: IMAGE },
        })),
        ...Array.from({ length: 14 }, (_, i) => ({
          data: { text: `Control photo ${i}`, image: IMAGE },
          gold: "Good photo",
        })),
      ],
    );
    await create(
      EXTRA.ranking,
      { schema: { type: "ranking", itemsField: "items" } },
      Array.from({ length: 4 }, (_, i) => ({
        data: {
          text: `Order the results for query ${i}`,
          items: [
            { id: "a", text: "A first result with a title long enough to wrap on a phone's narrow screen" },
            { id: "b", text: "A second result" },
            { id: "c", text: "A third result" },
          ],
        },
      })),
    );
    await create(
      EXTRA.text,
      { schema: { type: "free_text", minLength: 3, maxLength: 200 } },
      Array.from({ length: 4 }, (_, i) => ({ data: { text: `Write a caption for picture ${i}` } })),
    );
    await manager("POST", "/exams", {
      name: "Product photos basics",
      skill: "product-photos",
      level: 1,
      projectId: single,
      p0: 0.7,
      p1: 0.9,
      alpha: 0.05,
      beta: 0.05,
      maxItems: 14,
      feedback: true,
    });
  }, 120_000);

  /** The task shown, once its answer pad has rendered. */
  async function shownTask(page: Page): Promise<string> {
    const task = page.locator("[data-task-id]");
    await task.waitFor();
    await page.locator(".answer-pane button").first().waitFor();
    return (await task.getAttribute("data-task-id")) ?? "";
  }

  /** Taps Submit and waits for the next task (through the gold feedback, tapping Next, when the task was a check). */
  async function submitByTap(page: Page, task: string, name: string): Promise<void> {
    const submit = page.getByRole("button", { name: /^Submit/ });
    expect((await submit.boundingBox())?.height, "Submit's height").toBeGreaterThanOrEqual(44);
    await submit.tap();
    const feedback = page.locator(".gold-feedback");
    await page.waitForFunction(
      (previous) =>
        document.querySelector(".gold-feedback") !== null ||
        document.querySelector("[data-task-id]")?.getAttribute("data-task-id") !== previous,
      task,
    );
    if ((await feedback.count()) > 0) {
      await expectFitsPhone(page, `${name}-gold-feedback`);
      await page.getByRole("button", { name: /^Next task/ }).tap();
    }
    await expect.poll(() => shownTask(page)).not.toBe(task);
  }

  /** From the home page, taps a project's "Start labeling" and waits for its first task. */
  async function openProject(page: Page, name: string): Promise<string> {
    await page
      .getByRole("link", { name: /Projects/ })
      .first()
      .tap();
    const card = page.locator(".project-card", { has: page.getByRole("heading", { name, exact: true }) });
    await card.getByRole("link", { name: "Start labeling" }).tap();
    return shownTask(page);
  }

  it("signs in, finds the home page and each of its own pages fitting the phone", async () => {
    const page = await openPage(PHONE_CONTEXT);
    await page.goto(`${url()}/signin`);
    await page.locator("input[name=email]").waitFor();
    await expectFitsPhone(page, "sign-in");
    await page.locator("input[name=email]").tap();
    await page.keyboard.type(ANNOTATOR);
    await page.locator("input[name=password]").tap();
    await page.keyboard.type(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).tap();
    await page.getByRole("heading", { name: /Hello/ }).waitFor();
    await page.locator(".project-card").first().waitFor();
    await page.getByText("Product photos basics").waitFor();
    await expectFitsPhone(page, "annotator-home");
    for (const [link, heading] of [
      ["Earnings", "My earnings"],
      ["My scorecard", "My scorecard"],
      ["Wellbeing", "My wellbeing"],
      ["Support", "Questions and appeals"],
    ] as const) {
      await page.getByRole("navigation").getByRole("link", { name: link }).tap();
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      await page.waitForLoadState("networkidle");
      await expectFitsPhone(page, `annotator-${link.toLowerCase().replace(/ /g, "-")}`);
    }
    await page.locator("a.topbar-user").tap();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
    await expectFitsPhone(page, "annotator-account");
    await page.context().close();
  });

  it("labels one task of each type by tap, submitting and seeing the next", async () => {
    const page = await openPage(PHONE_CONTEXT);
    await page.goto(`${url()}/signin`);
    await page.locator("input[name=email]").fill(ANNOTATOR);
    await page.locator("input[name=password]").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).tap();
    await page.locator(".project-card").first().waitFor();

    // "Start working" opens the most urgent task anywhere.
    await page.getByRole("button", { name: "Start working" }).tap();
    await shownTask(page);
    await expect.poll(() => page.locator(".lease-timer").textContent()).toMatch(/\d+:\d\d/);
    await expectFitsPhone(page, "start-working");

    // Multi-label: the guidelines cover the task and close again; "this case is unclear" opens its form.
    let task = await openProject(page, "Policy violations — social posts");
    await page.getByRole("button", { name: /^Guidelines/ }).tap();
    const guidelines = page.getByRole("complementary", { name: "Guidelines" });
    await guidelines.locator("h1, h2, p").nth(1).waitFor();
    await expectFitsPhone(page, "guidelines");
    await guidelines.getByRole("button", { name: "Hide guidelines" }).tap();
    await expect.poll(() => guidelines.count()).toBe(0);
    await page.getByRole("button", { name: /^This case is unclear/ }).tap();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("What is unclear?").waitFor();
    await expectFitsPhone(page, "unclear");
    await dialog.getByLabel("What is unclear?").tap();
    await page.keyboard.type(QUESTION);
    await dialog.getByRole("button", { name: /^Send question/ }).tap();
    await dialog.getByText("Sent to the project team.").waitFor();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole("button", { name: /No violation/ }).tap();
    await expectFitsPhone(page, "multi-label");
    await submitByTap(page, task, "multi-label");

    task = await openProject(page, "Web search relevance (en, de, ja)");
    await page.getByRole("button", { name: /Good/ }).tap();
    await expectFitsPhone(page, "rating");
    await submitByTap(page, task, "rating");

    task = await openProject(page, "Ad copy side-by-side");
    await page.getByRole("button", { name: /Left is better/ }).tap();
    await expectFitsPhone(page, "side-by-side");
    await submitByTap(page, task, "side-by-side");

    // Single choice over sensitive media: blurred until tapped.
    task = await openProject(page, EXTRA.single);
    const reveal = page.getByRole("button", { name: /Sensitive/ });
    await expectFitsPhone(page, "single-choice-blurred");
    await reveal.tap();
    await expect.poll(() => page.locator("[data-filtered=blur]").count()).toBe(0);
    await page.getByRole("button", { name: /Good photo/ }).tap();
    await submitByTap(page, task, "single-choice");

    // Ranking: by tap on the arrows, no dragging.
    task = await openProject(page, EXTRA.ranking);
    const first = () => page.locator(".ranking-item").first().locator(".ranking-text").textContent();
    expect(await first()).toContain("A first result");
    const moveDown = page.locator(".ranking-item").first().getByRole("button", { name: "Move down" });
    // Three "Move down" buttons: each says which result it moves.
    const described = await moveDown.evaluate(
      (button) => document.getElementById(button.getAttribute("aria-describedby") ?? "")?.textContent,
    );
    expect(described).toContain("A first result");
    await moveDown.tap();
    expect(await first()).toContain("A second result");
    await expectFitsPhone(page, "ranking");
    await submitByTap(page, task, "ranking");

    task = await openProject(page, EXTRA.text);
    await page.getByRole("textbox", { name: "Your answer" }).tap();
    await page.keyboard.type("A red bicycle against a wall");
    await expectFitsPhone(page, "free-text");
    await submitByTap(page, task, "free-text");

    // The question asked on the way is on the support page.
    await page
      .getByRole("link", { name: /Projects/ })
      .first()
      .tap();
    await page.getByRole("navigation").getByRole("link", { name: "Support" }).tap();
    await page.getByText(QUESTION).waitFor();
    await expectFitsPhone(page, "annotator-support-question");
    await page.context().close();
  });

  it("takes an exam item by tap", async () => {
    const page = await openPage(PHONE_CONTEXT);
    await page.goto(`${url()}/signin`);
    await page.locator("input[name=email]").fill(ANNOTATOR);
    await page.locator("input[name=password]").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).tap();
    await page.locator(".certification-item", { hasText: "Product photos basics" }).getByRole("link").tap();
    await page.getByRole("button", { name: /Start the exam/ }).tap();
    const item = page.locator("[data-exam-item-id]");
    await item.waitFor();
    await expectFitsPhone(page, "exam");
    const id = await item.getAttribute("data-exam-item-id");
    await page.getByRole("button", { name: /Good photo/ }).tap();
    await page.getByRole("button", { name: /^Submit/ }).tap();
    // The exam tells right or wrong; the next item is one tap away (old code: only Enter went on).
    await page.locator(".answer-pane [role=status]").waitFor();
    await expectFitsPhone(page, "exam-feedback");
    await page.getByRole("button", { name: /^Next item/ }).tap();
    await expect
      .poll(async () => (await item.count()) === 0 || (await item.getAttribute("data-exam-item-id")) !== id)
      .toBe(true);
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
    await page.context().close();
  });
});
