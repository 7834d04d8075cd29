import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, signIn } from "./browser.js";
import { type RunningServer, startServer } from "./server.js";

/** The password of every demo login. */
export const DEMO_PASSWORD = "quorum-demo";

/**
 * For one describe block: `quorum serve` with its demo workspace and a browser, started before
 * its tests and stopped after them. `signedIn(email)` opens a page signed in (by keyboard the first
 * time for each person, then with that session's cookie: see `signIn`) at the person's start page,
 * or at `options.path` (in a context with the other `options` beside the viewport, e.g. a time
 * zone), `openPage()` one not yet signed in; errors raised in any page are gathered in `pageErrors`.
 */
export function demoInBrowser(viewport = { width: 1360, height: 900 }) {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Side by side: Chromium starts while the server copies the demo workspace and migrates.
    const [started, launched] = await Promise.allSettled([startServer({ demo: true }), launchBrowser()]);
    if (started.status === "fulfilled") server = started.value;
    if (launched.status === "fulfilled") browser = launched.value;
    if (started.status === "rejected") throw started.reason;
    if (launched.status === "rejected") throw launched.reason;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const url = () => {
    if (!server) throw new Error("the demo server has not started");
    return server.url;
  };

  /** A page in a new context, not signed in. */
  async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
    if (!browser) throw new Error("the browser has not started");
    const context = await browser.newContext({ viewport, ...options });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return page;
  }

  async function signedIn(
    email: string,
    { path = "/", ...options }: BrowserContextOptions & { path?: string } = {},
  ): Promise<Page> {
    const page = await openPage(options);
    await signIn(page, url(), email, DEMO_PASSWORD, path);
    return page;
  }

  return { url, openPage, signedIn, pageErrors };
}
