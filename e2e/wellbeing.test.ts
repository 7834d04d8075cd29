/**
 * Wellbeing in Chromium: harmful media is blurred (and greyed) by default in the workbench and
 * revealed by the keyboard (V); an annotator who turned blurring off in their settings sees the
 * next task unblurred; once the daily budget is reached the workbench says so instead of serving
 * more harmful tasks.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, signInByKeyboard } from "./support/browser.js";
import { pickByKey } from "./support/keyboard.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const ANNOTATOR = { email: "wes@e2e.test", name: "Wes Annotator", password: "wes-password-1" };
// A 1×1 red PNG: media the workbench treats as an image.
const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

describe.skipIf(!available)("wellbeing in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let projectId = 0;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(admin, { ...ANNOTATOR, role: "annotator", languages: ["en"] });
    await admin("PATCH", "/wellbeing/settings", {
      defaultBudget: { itemsPerDay: 2, minutesPerDay: null, itemsPerWeek: null, minutesPerWeek: null },
    });
    const project = await admin<{ id: number }>("POST", "/projects", {
      name: "Incident photos",
      schema: { type: "single_choice", options: ["keep", "remove"] },
      guidelines: "# Incidents\nRemove graphic photos.",
      overlap: 1,
      harmCategory: "violence",
    });
    projectId = project.id;
    const lines = [1, 2, 3].map((n) => JSON.stringify({ data: { photo: PIXEL, caption: `incident ${n}` } }));
    const response = await fetch(`${server.url}/api/v1/projects/${projectId}/imports?format=jsonl`, {
      method: "POST",
      headers: { cookie: await admin.cookie() },
      body: lines.join("\n"),
    });
    expect(response.status).toBe(200);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const filterOf = (selector: string) => page.$eval(selector, (element) => getComputedStyle(element).filter);

  it("blurs harmful media by default and reveals it with V", async () => {
    await signInByKeyboard(page, server.url, ANNOTATOR.email, ANNOTATOR.password);
    await page.goto(`${server.url}/work/${projectId}`);
    await page.waitForSelector(".media-blur img");
    expect(await filterOf(".media-blur-content")).toContain("blur(");
    expect(await filterOf(".media-blur-content")).toContain("grayscale(");
    // Pressed again while the blur stays: a key pressed before the task's key listener attaches is lost.
    await expect
      .poll(async () => {
        if ((await page.locator(".media-blur").count()) > 0) await page.keyboard.press("v");
        return page.locator(".media-blur").count();
      })
      .toBe(0);
    expect(await filterOf(".media-frame img")).toBe("none");
    expect(await page.textContent("[data-testid=exposure-strip]")).toContain("Violence");
    await pickByKey(page, "1");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("[data-task-id]") !== null);
    expect(pageErrors).toEqual([]);
  });

  it("follows the annotator's own choice, and says so when today's budget is reached", async () => {
    await page.goto(`${server.url}/work/wellbeing`);
    await page.selectOption("[data-testid=media-blur]", "off");
    await page.waitForSelector("text=Saved");
    await page.goto(`${server.url}/work/${projectId}`);
    await page.waitForSelector(".media-blur img");
    // Blur off by their choice; greyscale still from the project.
    expect(await filterOf(".media-blur-content")).not.toContain("blur(");
    expect(await filterOf(".media-blur-content")).toContain("grayscale(");
    await page.keyboard.press("v");
    await pickByKey(page, "2");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=budget-reached]", { timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  });
});
