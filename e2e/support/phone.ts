import type { Page } from "playwright-core";
import { expect } from "vitest";
import { screenshotPath } from "./browser.js";

/** A phone of today (an iPhone 12–15 in CSS pixels), touch only. */
export const PHONE = { width: 390, height: 844 };
export const PHONE_CONTEXT = { isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/** A finger's tap target (Apple's 44 pt, WCAG 2.5.5), text readable at arm's length, and iOS's zoom threshold. */
const MIN_TARGET = 44;
const MIN_TEXT = 14;
const MIN_INPUT_TEXT = 16;

interface PhoneProblems {
  overflow: number;
  smallTargets: string[];
  zoomingInputs: string[];
  smallText: string[];
  keyWording: string[];
}

/**
 * Words that tell someone to press a key: "press F", "Ctrl+Enter submits", "Number keys choose",
 * "(C)". Written as sources, so `phoneProblems` can rebuild them inside the page.
 */
const KEY_WORDING: [source: string, flags: string][] = [
  [String.raw`\bpress(es|ed|ing)?\b`, "i"],
  [String.raw`\b(keys?|keyboard|shortcuts?)\b`, "i"],
  [String.raw`\b(Ctrl|Esc|Enter)\b|⌘`, ""],
  [String.raw`\(\s*[A-Z?]\s*\)`, ""],
];

/**
 * What a phone user would trip on in the page as shown: how far it reaches past the window's
 * right edge, controls shorter than a fingertip, inputs whose text is small enough for iOS to
 * zoom the page on focus, and text under 14 px. Only what is on screen counts (not hidden
 * elements, nor the visually hidden labels for screen readers).
 */
function phoneProblems(page: Page): Promise<PhoneProblems> {
  return page.evaluate(
    ({ minTarget, minText, minInputText, keyWording }) => {
      const shown = (el: Element) => {
        const box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) return false;
        const style = getComputedStyle(el);
        return style.visibility !== "hidden" && style.opacity !== "0";
      };
      const name = (el: Element) =>
        `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`;
      const smallTargets: string[] = [];
      const zoomingInputs: string[] = [];
      const controls = "button, select, textarea, input:not([type=checkbox]):not([type=radio]), a.btn, .topnav-link";
      for (const el of document.querySelectorAll(controls)) {
        if (!shown(el)) continue;
        const height = el.getBoundingClientRect().height;
        if (height < minTarget - 0.5) smallTargets.push(`${name(el)} ${Math.round(height)} px tall`);
        const size = Number.parseFloat(getComputedStyle(el).fontSize);
        if (el.matches("select, textarea, input") && size < minInputText) zoomingInputs.push(`${name(el)} ${size} px`);
      }
      const smallText = new Set<string>();
      for (const el of document.querySelectorAll("body *")) {
        const text = [...el.childNodes]
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent ?? "")
          .join("")
          .trim();
        if (!text || !shown(el)) continue;
        const size = Number.parseFloat(getComputedStyle(el).fontSize);
        if (size < minText) smallText.add(`${el.tagName.toLowerCase()} "${text.slice(0, 30)}" ${size} px`);
      }
      // Key wording in the app's own words: the task's fields, the guidelines and reports are the project's.
      const keyPatterns = keyWording.map(([source, flags]) => new RegExp(source, flags));
      const theirs = ".task-fields, .task-search, .ranking-text, .guidelines-body, .report-body";
      const saysKeys = new Set<string>();
      for (const el of document.querySelectorAll("body *")) {
        if (!shown(el) || el.closest(theirs)) continue;
        const own = [...el.childNodes]
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent ?? "")
          .join("")
          .trim();
        const placeholder = el.getAttribute("placeholder") ?? "";
        for (const text of [own, placeholder]) {
          if (text && keyPatterns.some((pattern) => pattern.test(text)))
            saysKeys.add(`${el.tagName.toLowerCase()} "${text.slice(0, 60)}"`);
        }
        if (el.tagName === "KBD") saysKeys.add(`kbd "${el.textContent ?? ""}"`);
      }
      return {
        overflow: Math.max(0, document.documentElement.scrollWidth - innerWidth),
        smallTargets,
        zoomingInputs,
        smallText: [...smallText],
        keyWording: [...saysKeys],
      };
    },
    { minTarget: MIN_TARGET, minText: MIN_TEXT, minInputText: MIN_INPUT_TEXT, keyWording: KEY_WORDING },
  );
}

/** Controls a screen reader would announce by their role alone, and how many main landmarks the page has. */
async function accessibilityGaps(page: Page): Promise<{ unnamedControls: string[]; mainLandmarks: number }> {
  const tree = await page.locator("body").ariaSnapshot();
  const unnamedControls = tree
    .split("\n")
    .filter((line) =>
      /^\s*- (button|link|textbox|combobox|checkbox|radio|switch|slider|spinbutton|searchbox)(\s*\[|:|$)/.test(line),
    )
    .map((line) => line.trim());
  return { unnamedControls, mainLandmarks: tree.split("\n").filter((line) => /^\s*- main(\s|:|$)/.test(line)).length };
}

/**
 * Asserts the screen now shown works on a phone (see `phoneProblems`: nothing wider than the
 * window, fingertip controls, readable text, no wording that asks for a key) and has the basics for a
 * screen reader (every control named, one main landmark), keeping a screenshot as `phone-<name>`.
 */
export async function expectFitsPhone(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(`phone-${name}`), fullPage: true });
  const problems = await phoneProblems(page);
  expect(problems, name).toEqual({ overflow: 0, smallTargets: [], zoomingInputs: [], smallText: [], keyWording: [] });
  expect(await accessibilityGaps(page), name).toEqual({ unnamedControls: [], mainLandmarks: 1 });
}
