import type { Page } from "playwright-core";
import { expect } from "vitest";
import { pickByKey } from "./keyboard.js";

/**
 * Takes the exam open on `page` with the keyboard only (a number key chooses the option, Enter
 * submits) until it is decided, answering each item with `keyOf` its text. Returns the ids of
 * the items shown, in order; fails if one repeats or the exam runs past `maxItems`.
 */
export async function takeExamByKeyboard(
  page: Page,
  keyOf: (text: string) => string,
  options: { maxItems?: number; onFirstItem?: () => Promise<unknown> } = {},
): Promise<string[]> {
  const seen: string[] = [];
  for (let n = 0; n < (options.maxItems ?? 40); n++) {
    const item = page.locator("[data-exam-item-id]");
    await item.waitFor();
    const id = (await item.getAttribute("data-exam-item-id")) ?? "";
    expect(seen).not.toContain(id);
    seen.push(id);
    const text = ((await item.locator(".field-text").textContent()) ?? "").trim();
    await pickByKey(page, keyOf(text));
    if (n === 0) await options.onFirstItem?.();
    await page.keyboard.press("Enter");
    // The next item, or the result.
    await page.waitForFunction((previous) => {
      const shown = document.querySelector("[data-exam-item-id]");
      return (
        document.querySelector("[data-exam-status]") !== null ||
        (shown && shown.getAttribute("data-exam-item-id") !== previous)
      );
    }, id);
    if ((await page.locator("[data-exam-status]").count()) > 0) break;
  }
  return seen;
}
