import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Cookie,
  chromium,
  type Page,
} from "playwright-core";
import { ROOT } from "./server.js";

/**
 * Debian's Chromium headless shell (package chromium-headless-shell): the same Blink and V8 as its
 * Chromium without the browser's windowing layers, as Playwright itself runs headless tests. A
 * browser test file costs about half the CPU in it (bench/test-file-cost.ts).
 */
const HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";

/** The Chromium the browser tests drive: QUORUM_CHROMIUM, else the headless shell when installed, else Debian's Chromium. */
export const CHROMIUM =
  process.env.QUORUM_CHROMIUM || (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium");
export const SCREENSHOTS = join(ROOT, "test-artifacts/screenshots");

/**
 * Whether Debian's Chromium is installed. Missing on CI (CI or QUORUM_REQUIRE_BROWSER set) is
 * an error; elsewhere the browser tests are skipped with a loud warning. We never download a browser.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} is missing: install it with apt-get -o DPkg::Lock::Timeout=300 install -y chromium chromium-headless-shell`;
  if (process.env.CI || process.env.QUORUM_REQUIRE_BROWSER) throw new Error(`Browser tests cannot run: ${message}`);
  console.warn(`\n${"!".repeat(78)}\n!! SKIPPING the browser tests: ${message}\n${"!".repeat(78)}\n`);
  return false;
}

/** The Chromium of this test worker, shared by its test files (`isolate: false` keeps this module). */
let chromiumOfWorker: Promise<Browser> | undefined;

/**
 * Chromium for one test file: the worker's browser, launched by its first file and shared with
 * the files after it (each launch costs a second of CPU), seen through a view whose `close()`
 * closes the contexts this file opened instead of the browser. Every test still opens its pages
 * in contexts of its own (own cookies, storage, cache). Playwright ends the browser when the worker
 * exits; a browser that disconnected (crashed) is launched again.
 */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  chromiumOfWorker ??= launchChromium();
  let browser = await chromiumOfWorker;
  if (!browser.isConnected()) {
    chromiumOfWorker = launchChromium();
    browser = await chromiumOfWorker;
  }
  return fileView(browser);
}

function launchChromium(): Promise<Browser> {
  const launched = chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  launched.catch(() => {
    chromiumOfWorker = undefined;
  });
  return launched;
}

/** `browser` for one test file: contexts it opens are its own, `close()` closes them and no more. */
function fileView(browser: Browser): Browser {
  const opened = new Set<BrowserContext>();
  const track = (context: BrowserContext) => {
    opened.add(context);
    context.on("close", () => opened.delete(context));
    return context;
  };
  return new Proxy(browser, {
    get(target, property) {
      if (property === "newContext")
        return async (options?: BrowserContextOptions) => track(await target.newContext(options));
      if (property === "newPage")
        return async (options?: BrowserContextOptions) => {
          const context = track(await target.newContext(options));
          const page = await context.newPage();
          page.on("close", () => void context.close().catch(() => {}));
          return page;
        };
      if (property === "contexts") return () => [...opened];
      if (property === "close")
        return async () => {
          await Promise.all([...opened].map((context) => context.close().catch(() => {})));
        };
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOTS, `${name}.png`);
}

/**
 * Signs in through the sign-in page by keyboard only (the email field has the focus) and waits for
 * the app: at the person's start page, or at `path` when given (the sign-in page's `?next=`, as
 * when a signed-out person opens an address, so their start page is not loaded on the way).
 */
export async function signInByKeyboard(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
  path = "/",
): Promise<void> {
  await page.goto(`${baseUrl}/signin${path === "/" ? "" : `?next=${encodeURIComponent(path)}`}`);
  await page.locator("input[name=email]").waitFor();
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.locator(".topbar, .label-bar").first().waitFor();
  if (path !== "/") await page.waitForURL(`${baseUrl}${path}`);
}

/** Session cookies of earlier sign-ins, by server address, email and password. */
const sessions = new Map<string, Cookie[]>();

/**
 * Signs `page` in as `email` where signing in is not what a test checks, and opens `path` (the
 * app's front page, which takes the person to their start page, unless given): by keyboard through
 * the sign-in page (`signInByKeyboard`) the first time for each server and person, and after that
 * by giving the page's context that sign-in's session cookie and opening `path` straight. That
 * saves a load of the sign-in page and a password hash per test (about a third of what a sign-in
 * costs Chromium and the server), and a test that goes on at another page loads no start page on
 * the way (a console start page costs Chromium about as much as the page the test reads). Should
 * the session have ended (the app shows the sign-in form), the person signs in by keyboard again.
 * `path` must be a page with the app's top bar or labeling bar (not, say, a "not found" page).
 * Tests of the sign-in form call `signInByKeyboard`.
 */
export async function signIn(page: Page, baseUrl: string, email: string, password: string, path = "/"): Promise<void> {
  const key = `${baseUrl} ${email} ${password}`;
  const cookies = sessions.get(key);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(`${baseUrl}${path}`);
    const app = page.locator(".topbar, .label-bar");
    await app.or(page.locator("input[name=email]")).first().waitFor();
    if ((await app.count()) > 0) return;
    sessions.delete(key);
    await page.context().clearCookies();
  }
  await signInByKeyboard(page, baseUrl, email, password, path);
  sessions.set(
    key,
    (await page.context().cookies(baseUrl)).filter((cookie) => cookie.name === "quorum_session"),
  );
}

/**
 * Signs in with a temporary password (an invite's or a reset's): the app holds the person at the
 * password change, where they choose `chosen`; then waits for the page they were going to.
 */
export async function signInChangingTemporaryPassword(
  page: Page,
  baseUrl: string,
  email: string,
  temporary: string,
  chosen: string,
): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(temporary);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Choose your own password" }).waitFor();
  await page.getByLabel("Current password").fill(temporary);
  await page.getByLabel("New password", { exact: true }).fill(chosen);
  await page.getByLabel("Repeat the new password").fill(chosen);
  await page.getByRole("button", { name: "Change password and go on" }).click();
  await page.locator(".topbar, .label-bar").first().waitFor();
}
