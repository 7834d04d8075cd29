/**
 * The annotator's own pages in Debian's Chromium against `quorum serve` with its demo: each page
 * opened straight from its address (a bookmark, a reload) is laid out like the others, and on a
 * phone (390 × 844) nothing sticks out of the window: the top bar keeps its navigation in reach,
 * the labeling bar keeps the guidelines button in reach and the earnings table scrolls on its own.
 * Earnings are counted in the days of the viewer's time zone, the same days the period is picked in.
 * Asking about an unclear case offers the labels by the names the annotator reads, in their language,
 * and so do the missed gold answers on their scorecard (and their manager's view of it), the work
 * they may appeal, and the reviewer's queue of appeals (with a placeholder, never the stored value,
 * while the names are on their way) and the hot spots of questions.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";
import { pickByKey } from "./support/keyboard.js";

const available = browserAvailable();
const ANNOTATOR = "annotator@quorum.local";
const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the window's right edge, in pixels (0: nothing sticks out). */
const overflow = (page: Page) =>
  page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));

/** Whether `element` lies wholly inside the window and a tap at its middle lands on it. */
function tappable(element: Locator): Promise<boolean> {
  return element.evaluate((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.left < 0 || box.right > innerWidth || box.top < 0 || box.bottom > innerHeight)
      return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });
}

describe.skipIf(!available)("the annotator's pages in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("lays out the scorecard and wellbeing pages opened from their address like the earnings page", async () => {
    const page = await signedIn(ANNOTATOR);
    for (const path of ["/work/scorecard", "/work/wellbeing", "/work/earnings"]) {
      await page.goto(`${url()}${path}`);
      const main = page.locator("main").first();
      await main.locator("h1").waitFor();
      // A centred column with room around it, not text pressed against the window's edge.
      const box = (await main.boundingBox())!;
      expect(box.x, `${path}: left margin`).toBeGreaterThan(100);
      expect(await main.evaluate((el) => getComputedStyle(el).paddingTop), path).not.toBe("0px");
    }
    await page.goto(`${url()}/work/wellbeing`);
    const section = page.locator("main section").first();
    await section.waitFor();
    // The page's sections are cards: a border and a background of their own.
    expect(await section.evaluate((el) => getComputedStyle(el).borderTopWidth)).not.toBe("0px");
    // Nothing harmful seen yet: the exposure section says so rather than stand empty under its heading.
    const exposure = page.locator("main section", { has: page.getByRole("heading", { name: "Today's exposure" }) });
    expect(await exposure.textContent()).toContain("No harmful content seen this week.");
    await page.screenshot({ path: screenshotPath("annotator-wellbeing"), fullPage: true });
    await page.context().close();
  });

  it("counts earnings in the days of the viewer's time zone and says which zone that is", async () => {
    // The demo annotator's profile says Europe/London; this browser is in Tokyo (UTC+9).
    const page = await signedIn(ANNOTATOR, { timezoneId: "Asia/Tokyo" });
    const earnings = () =>
      page.waitForResponse((r) => r.url().includes("/api/v1/me/earnings") && r.request().method() === "GET");
    const first = earnings();
    await page.goto(`${url()}/work/earnings`);
    await (await first).json();
    const month = earnings();
    await page.getByRole("button", { name: "This month" }).click();
    const body = (await (await month).json()) as { from: string; timeZone: string; days: { day: string }[] };
    // The month starts at midnight in Tokyo, and every day counted lies in that month there.
    const thisMonth = await page.evaluate(() => {
      const now = new Date();
      return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
    });
    expect(body.timeZone).toBe("Asia/Tokyo");
    expect(new Date(body.from).getUTCHours()).toBe(15);
    for (const { day } of body.days) expect(day.slice(0, 7), day).toBe(thisMonth);
    const intro = await page.locator("main .muted").first().textContent();
    expect(intro).toContain("Asia/Tokyo");
    expect(intro).not.toContain("UTC");
    await page.context().close();
  });

  it("offers the labels in doubt by the names the annotator reads, in their language, and names them so in support", async () => {
    const page = await signedIn(ANNOTATOR);
    await page.locator("header.topbar select.language-switcher").selectOption("es");
    // By its button: after Escape closes the dialog, where focus lands decides whether F reaches
    // the page (the shortcut itself is the labeling flow's test).
    const askWhatIsUnclear = () => page.getByRole("button", { name: /Este caso no está claro/ }).click();
    const inDoubt = async (projectId: number) => {
      await page.goto(`${url()}/work/${projectId}`);
      await page.locator("[data-task-id]").first().waitFor();
      await askWhatIsUnclear();
      const select = page.getByLabel("Etiqueta en duda (opcional)");
      await select.waitFor();
      const options = (await select.locator("option").allTextContents()).slice(1);
      await page.keyboard.press("Escape");
      await expect.poll(() => page.locator("dialog[open]").count()).toBe(0);
      return options;
    };
    // Side by side: the stored values are left, right and tie.
    expect(await inDoubt(3)).toEqual(["Izquierda", "Derecha", "Empate"]);
    // A multi-label taxonomy: the options' own labels (a doubt between two policies is the usual one).
    const policies = await inDoubt(1);
    expect(policies).toContain("Hate speech");
    expect(policies).toContain("Harassment or bullying");
    expect(policies).not.toContain("hate");

    // Sent with a label in doubt, the question names that label the same way, for them and for support.
    const question = "Is an insult about someone's looks harassment?";
    await askWhatIsUnclear();
    await page.getByLabel("¿Qué no está claro?").fill(question);
    await page.getByLabel("Etiqueta en duda (opcional)").selectOption({ label: "Harassment or bullying" });
    await page.getByLabel("¿Qué no está claro?").press("Control+Enter");
    await expect.poll(() => page.locator("dialog[open]").count(), { timeout: 10_000 }).toBe(0);
    await page.goto(`${url()}/work/support`);
    await page.getByRole("button", { name: question }).click();
    const thread = page.locator("article.support-thread");
    // The thread shows before the project's schema arrives; the label's name follows it.
    await expect.poll(() => thread.textContent(), { timeout: 10_000 }).toContain("Harassment or bullying");
    await page.context().close();

    const reviewer = await signedIn("reviewer@quorum.local", { path: "/console/support" });
    const row = reviewer.locator("tr", { hasText: question });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain("Harassment or bullying");
    await reviewer.context().close();
  });

  it("names the missed gold answers on the scorecard by their labels, for the annotator and their manager", async () => {
    const page = await signedIn(ANNOTATOR, { path: "/work/1" });
    // The policy project starts newcomers on gold: answer "No violation" until one of them was wrong.
    // Each answer's gold feedback is read once the server has answered: within a quarter second it is
    // held on the task (Enter moves on); later (a busy machine) it comes beside the next task.
    let missed = false;
    const task = page.locator("[data-task-id]").first();
    const held = page.locator("[data-testid=gold-feedback][data-held='1']");
    for (let answered = 0; answered < 10 && !missed; answered++) {
      const taskId = await task.getAttribute("data-task-id");
      const judged = page.waitForResponse(
        (r) => /\/api\/v1\/assignments\/\d+\/judgment$/.test(r.url()) && r.request().method() === "POST",
      );
      await pickByKey(page, "7");
      await page.keyboard.press("Enter");
      const { gold } = (await (await judged).json()) as { gold?: { correct: boolean } };
      if (gold && !gold.correct) {
        await page.locator("[data-testid=gold-feedback].gold-feedback-bad").first().waitFor();
        missed = true;
        break;
      }
      await expect
        .poll(async () => (await held.count()) > 0 || (await task.getAttribute("data-task-id")) !== taskId)
        .toBe(true);
      if ((await held.count()) > 0) await page.keyboard.press("Enter");
      await expect.poll(() => task.getAttribute("data-task-id")).not.toBe(taskId);
    }
    expect(missed, "a gold answer was missed").toBe(true);
    const readable = async (where: Page) => {
      const coaching = where.getByTestId("coaching");
      // Label names follow the project's schema, which may arrive after the list.
      await expect.poll(() => coaching.textContent(), { timeout: 10_000 }).toContain("No violation");
      const text = (await coaching.textContent()) ?? "";
      expect(text).not.toContain('["');
      expect(text).not.toMatch(/\bnone\b/);
    };
    await page.goto(`${url()}/work/scorecard`);
    await readable(page);
    await page.screenshot({ path: screenshotPath("annotator-scorecard-coaching"), fullPage: true });
    // The missed gold answer can be appealed: the answer given is named the same way there.
    await page.goto(`${url()}/work/support`);
    const appealable = page.locator("ul.appealable li").first();
    await expect.poll(() => appealable.textContent(), { timeout: 10_000 }).toContain("Answer given: No violation");
    const me = (await (await page.request.get(`${url()}/api/v1/auth/me`)).json()) as { user: { id: number } };
    await page.context().close();
    const manager = await signedIn("manager@quorum.local", { path: `/console/people/${me.user.id}/scorecard` });
    await readable(manager);
    await manager.context().close();
  });

  it("names the appealed answers by their labels in the reviewer's appeals queue", async () => {
    const page = await signedIn("reviewer@quorum.local", { path: "/console/support/appeals" });
    const appeals = page.locator("li.appeal");
    await appeals.first().waitFor();
    // Label names follow the project's schema, which may arrive after the queue.
    await expect
      .poll(async () => (await appeals.allTextContents()).some((text) => /Answer given: [A-Z]/.test(text)), {
        timeout: 10_000,
      })
      .toBe(true);
    expect((await appeals.allTextContents()).join("\n")).not.toContain('["');
    await page.context().close();
  });

  it("shows a placeholder, never the stored value, while the label names are on their way", async () => {
    const page = await signedIn("reviewer@quorum.local");
    // The projects' schemas (which name the labels) held back until the queue is on screen.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/v1/projects", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${url()}/console/support/appeals`);
    const appeals = page.locator("li.appeal");
    await appeals.first().waitFor();
    const waiting = (await appeals.allTextContents()).join("\n");
    expect(waiting).toContain("Answer given: …");
    expect(waiting).not.toContain('["');
    release();
    await expect
      .poll(async () => (await appeals.allTextContents()).some((text) => /Answer given: [A-Z]/.test(text)), {
        timeout: 10_000,
      })
      .toBe(true);
    await page.unroute("**/api/v1/projects");

    // The hot spots name the labels in doubt the same way, as column heads.
    await page.goto(`${url()}/console/support/hot-spots`);
    const heads = page.locator("table.hot-spots-table thead th");
    await heads.first().waitFor();
    const names = await heads.allTextContents();
    expect(names).toContain("Harassment or bullying");
    expect(names).not.toContain("harassment");
    await page.context().close();
  });

  it("keeps every page inside a phone's width with the navigation and the guidelines in reach", async () => {
    const page = await signedIn(ANNOTATOR);
    await page.setViewportSize(PHONE);

    await page.goto(`${url()}/work`);
    await page.locator(".project-card, .start-anywhere").first().waitFor();
    expect(await overflow(page), "home").toBe(0);
    await page.screenshot({ path: screenshotPath("annotator-phone-home") });
    const nav = page.locator("header.topbar nav");
    const links = nav.getByRole("link");
    expect(await links.count()).toBe(5);
    for (let index = 0; index < 5; index++) {
      const link = links.nth(index);
      // In view already, or brought into view with the navigation's scroll buttons.
      for (let press = 0; press < 6 && !(await tappable(link)); press++) {
        await nav.locator(".topnav-scroll-end").click();
        await page.waitForTimeout(300);
      }
      expect(await tappable(link), `${await link.textContent()} can be tapped`).toBe(true);
    }
    await page.locator("header.topbar").getByRole("button", { name: "Sign out" }).waitFor();
    expect(await tappable(page.locator("header.topbar").getByRole("button", { name: "Sign out" }))).toBe(true);

    await page.goto(`${url()}/work/earnings`);
    await page.locator(".earnings-table").waitFor();
    expect(await overflow(page), "earnings").toBe(0);
    await page.screenshot({ path: screenshotPath("annotator-phone-earnings") });

    for (const project of ["1", "3"]) {
      await page.goto(`${url()}/work/${project}`);
      await page.locator("[data-task-id]").first().waitFor();
      expect(await overflow(page), `labeling project ${project}`).toBe(0);
      const bar = page.locator("header.label-bar");
      const guidelines = bar.getByRole("button", { name: /Guidelines/ });
      expect(await tappable(guidelines), "the guidelines button").toBe(true);
      expect(await tappable(bar.locator("select.language-switcher")), "the language switcher").toBe(true);
      await page.screenshot({ path: screenshotPath(`annotator-phone-labeling-${project}`) });
      await guidelines.click();
      const panel = page.locator("#guidelines-panel");
      await panel.waitFor();
      const close = panel.locator("button.btn-icon");
      expect(await tappable(close), "the guidelines' close button").toBe(true);
      await close.click();
      await expect.poll(() => panel.count()).toBe(0);
    }
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });
});
