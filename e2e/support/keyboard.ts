import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Presses `key` until exactly one answer choice shows picked. The answer pad's key listener
 * attaches in an effect just after a task or item renders, and Chromium handles a key press
 * before that effect on a busy machine: the press is then lost, not late.
 */
export async function pickByKey(page: Page, key: string): Promise<void> {
  const picked = page.locator(".choice-selected");
  await expect
    .poll(async () => {
      if ((await picked.count()) === 0) await page.keyboard.press(key);
      return picked.count();
    })
    .toBe(1);
}
