/**
 * Text people typed, in Debian's Chromium against `quorum serve` with its demo: a project named in
 * Arabic reads right to left wherever it is shown in an English interface (the annotator's project
 * card, the labeling bar, the manager's project list and page), so a long name cut to fit the
 * labeling bar keeps its beginning and loses its end, as it would in an Arabic one.
 */
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();
const NAME = "تصنيف المنشورات المسيئة على وسائل التواصل الاجتماعي (النسخة الثانية)";

const direction = (element: Locator) => element.evaluate((el) => getComputedStyle(el).direction);

/** Whether the first letter of the element's text lies inside the element's box (not cut off). */
const startShown = (element: Locator) =>
  element.evaluate((el) => {
    const text = el.firstChild!;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const letter = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return letter.left >= box.left - 1 && letter.right <= box.right + 1;
  });

describe.skipIf(!available)("text in a right-to-left script in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("shows an Arabic project name right to left, its beginning kept when cut", async () => {
    const manager = await signedIn("manager@quorum.local");
    const created = await manager.request.post(`${url()}/api/v1/projects`, {
      data: {
        name: NAME,
        description: "صنّف كل منشور حسب سياسة المجتمع.",
        schema: {
          type: "single_choice",
          options: [
            { value: "yes", label: "نعم" },
            { value: "no", label: "لا" },
          ],
        },
        requirements: { languages: ["en"], skills: {} },
        overlap: 1,
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const imported = await manager.request.post(`${url()}/api/v1/projects/${id}/imports`, {
      headers: { "content-type": "application/x-ndjson" },
      data: '{"data":{"text":"منشور تجريبي"}}\n{"data":{"text":"منشور آخر"}}\n',
    });
    expect(imported.status()).toBe(200);

    await manager.goto(`${url()}/console`);
    const link = manager.locator("a.project-link", { hasText: "تصنيف" });
    await link.waitFor();
    expect(await direction(link)).toBe("rtl");
    await manager.goto(`${url()}/console/projects/${id}`);
    expect(await direction(manager.locator("main h1").first())).toBe("rtl");
    // English names stay left to right.
    await manager.goto(`${url()}/console/projects/1`);
    expect(await direction(manager.locator("main h1").first())).toBe("ltr");
    await manager.context().close();

    const annotator = await signedIn("annotator@quorum.local");
    const card = annotator.locator("li.project-card", { hasText: "تصنيف" });
    await card.waitFor();
    expect(await direction(card.locator("h2"))).toBe("rtl");
    expect(await direction(card.locator(".project-card-description"))).toBe("rtl");
    await annotator.goto(`${url()}/work/${id}`);
    const title = annotator.locator("h1.label-bar-title");
    await annotator.locator("[data-task-id]").first().waitFor();
    expect(await direction(title)).toBe("rtl");
    expect(await title.evaluate((el) => el.scrollWidth > el.clientWidth), "the long name is cut to fit").toBe(true);
    expect(await startShown(title), "the name's first letter is shown").toBe(true);
    expect(await title.getAttribute("title")).toBe(NAME);
    await annotator.screenshot({ path: screenshotPath("rtl-project-labeling-bar") });
    await annotator.context().close();
    expect(pageErrors).toEqual([]);
  });
});
