/**
 * The top bar at laptop widths, in Debian's Chromium against `quorum serve` with its demo: a
 * manager's console bar keeps the time-zone picker, the language switcher and Sign out inside the
 * window at 1024, 1280 and 1440 px, in English and in Arabic (right to left), and every link of its
 * navigation can be brought into view with the mouse where a click lands on it, and followed (each
 * one at 1024 px and in Arabic; at the wider widths the last and the first), and reached with Tab; the
 * current page's link is in view when a page is opened by its address; the annotator's workspace
 * bar does the same in German.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();

/** Whether `element` lies wholly inside the window and a click near either of its ends lands on it. */
function reachable(element: Locator): Promise<boolean> {
  return element.evaluate((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.left < 0 || box.right > innerWidth || box.top < 0 || box.bottom > innerHeight)
      return false;
    const middle = box.top + box.height / 2;
    return [box.left + 2, box.left + box.width / 2, box.right - 2].every((x) => {
      const hit = document.elementFromPoint(x, middle);
      return hit !== null && (hit === el || el.contains(hit));
    });
  });
}

/** Waits until the row of links holding `link` has stopped scrolling (the buttons scroll smoothly). */
function settled(link: Locator): Promise<void> {
  return link.evaluate(async (el) => {
    const row = el.parentElement!;
    for (let last = Number.NaN; row.scrollLeft !== last; ) {
      last = row.scrollLeft;
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
  });
}

/** Brings a navigation link into view the way a mouse user can: the navigation's scroll buttons. */
async function reveal(page: Page, link: Locator): Promise<void> {
  for (let press = 0; press < 20 && !(await reachable(link)); press++) {
    const towards = await link.evaluate((el) => {
      const nav = el.closest("nav")!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      const right = box.left + box.width / 2 > nav.left + nav.width / 2;
      return right === (getComputedStyle(el).direction === "rtl") ? "start" : "end";
    });
    await page.locator(`header.topbar nav .topnav-scroll-${towards}`).click();
    await settled(link);
  }
  expect(await reachable(link), `${await link.textContent()} can be brought into view`).toBe(true);
}

/** Clicks where the link is on screen (no scrolling on the test's part) and checks it was followed. */
async function follow(page: Page, link: Locator): Promise<void> {
  const box = (await link.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  if ((await link.getAttribute("target")) === "_blank") {
    const [opened] = await Promise.all([page.context().waitForEvent("page"), page.mouse.click(x, y)]);
    expect(opened.url()).toContain("/api/docs");
    await opened.close();
    return;
  }
  await page.mouse.click(x, y);
  await expect.poll(() => link.getAttribute("aria-current")).toBe("page");
}

describe.skipIf(!available)("the top bar at laptop widths in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  /**
   * `followEvery`: follow each link after bringing it into view (each loads its page); otherwise
   * each is brought into view and checked to take a click where it is (`reachable`), and only the
   * last and the first are followed. The narrowest width and right to left follow them all.
   */
  async function checkConsoleBar(page: Page, shot: string, followEvery: boolean) {
    const bar = page.locator("header.topbar");
    for (const control of [
      bar.getByTestId("time-zone-picker"),
      bar.locator("select.language-switcher").last(),
      bar.locator("button", { hasText: /^(Sign out|تسجيل الخروج)$/ }),
    ])
      expect(await reachable(control), await control.evaluate((el) => el.outerHTML.slice(0, 80))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      page.viewportSize()!.width,
    );
    await page.screenshot({ path: screenshotPath(`${shot}-top`) });

    const zone = bar.getByTestId("time-zone-picker");
    await zone.selectOption({ index: 1 });
    expect(await zone.inputValue()).not.toBe("");
    await zone.selectOption("");

    const links = bar.getByRole("navigation").getByRole("link");
    const count = await links.count();
    expect(count).toBeGreaterThanOrEqual(13);
    for (let index = 0; index < count; index++) {
      await reveal(page, links.nth(index));
      if (followEvery || index === count - 1) await follow(page, links.nth(index));
    }
    // After the last link, back to the first: the buttons scroll both ways.
    await reveal(page, links.first());
    await follow(page, links.first());
    await page.screenshot({ path: screenshotPath(`${shot}-scrolled`) });

    // By keyboard: Tab goes from the brand through every link, each shown as it takes the focus.
    await bar.locator(".brand").focus();
    for (let index = 0; index < count; index++) {
      await page.keyboard.press("Tab");
      expect(await links.nth(index).evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await reachable(links.nth(index)), `${await links.nth(index).textContent()} in view on focus`).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => links.nth(count - 2).getAttribute("aria-current")).toBe("page");
  }

  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
    [1440, 900],
  ] as const)
    it(`keeps a manager's Sign out and time zone in view and every link reachable at ${width}×${height}`, async () => {
      const page = await signedIn("manager@quorum.local");
      await page.setViewportSize({ width, height });
      await page.locator("header.topbar").waitFor();
      await checkConsoleBar(page, `top-bar-${width}`, width === 1024);
      await page.context().close();
    });

  it("shows the current page's link whole when a page is opened by its address at 1280×800", async () => {
    const page = await signedIn("manager@quorum.local");
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      for (const path of ["/console/capacity", "/console/intake", "/console/cost", "/console/reports"]) {
        await page.goto(`${url()}${path}`);
        const current = page.locator("header.topbar nav [aria-current=page]");
        await current.waitFor();
        await page.waitForLoadState("networkidle");
        expect(await reachable(current), `${path}: ${await current.textContent()} in view`).toBe(true);
      }
      await page.screenshot({ path: screenshotPath("top-bar-current-1280") });
    } finally {
      await page.context().close();
    }
  });

  it("does the same right to left, in Arabic, at 1280×800", async () => {
    const page = await signedIn("manager@quorum.local");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator("header.topbar select.language-switcher").last().selectOption("ar");
    await page.locator("html[dir=rtl]").waitFor();
    // The page turns right to left as the language loads; its labels re-render in Arabic just after.
    await page.locator("header.topbar button", { hasText: "تسجيل الخروج" }).waitFor();
    try {
      await checkConsoleBar(page, "top-bar-ar-1280", true);
    } finally {
      await page.locator("header.topbar select.language-switcher").last().selectOption("en");
      await page.locator("html[dir=ltr]").waitFor();
      await page.context().close();
    }
  });

  it("keeps an annotator's workspace bar in view at 1024×768 in German", async () => {
    const page = await signedIn("annotator@quorum.local");
    await page.setViewportSize({ width: 1024, height: 768 });
    const bar = page.locator("header.topbar");
    await bar.locator("select.language-switcher").selectOption("de");
    await page.locator("html[lang=de]").waitFor();
    try {
      expect(await reachable(bar.getByRole("button", { name: "Abmelden" }))).toBe(true);
      const links = bar.getByRole("navigation").getByRole("link");
      for (let index = 0; index < (await links.count()); index++) {
        await reveal(page, links.nth(index));
        await follow(page, links.nth(index));
      }
      await page.screenshot({ path: screenshotPath("top-bar-workspace-de-1024") });
    } finally {
      await bar.locator("select.language-switcher").selectOption("en");
      await page.locator("html[lang=en]").waitFor();
      await page.context().close();
    }
    expect(pageErrors).toEqual([]);
  });
});
