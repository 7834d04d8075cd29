/**
 * Where a first-day manager gets lost, in Chromium against `quorum serve --no-demo`: an address of
 * a project, person or vendor that does not exist says so and links back to its list (a retry
 * cannot help), an annotator's unknown project links back to their projects, and a session that
 * ended while a page was open brings the sign-in page saying so (an export link too, instead of a
 * failed download), then returns to the page asked for.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signIn } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();

describe.skipIf(!available)("pages for addresses that lead nowhere, in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let projectId = 0;
  const contexts: BrowserContext[] = [];

  async function signedIn(email: string, password: string, path = "/"): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, email, password, path);
    return page;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    const project = await admin<{ id: number }>("POST", "/projects", {
      name: "Sentiment",
      schema: { type: "single_choice", options: ["positive", "negative"] },
    });
    projectId = project.id;
    await invitePerson(admin, {
      email: "rita@e2e.test",
      name: "Rita",
      role: "reviewer",
      password: "rita-strong-pass-1",
    });
    await invitePerson(admin, {
      email: "ann@e2e.test",
      name: "Ann",
      role: "annotator",
      password: "ann-strong-pass-1",
    });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it("a console address of nothing names what is missing and links back to its list, without 'Try again'", async () => {
    const page = await signedIn(server.admin.email, server.admin.password);
    const cases = [
      { path: "/console/projects/999", message: "Project not found", back: "Back to projects", list: "/console" },
      {
        path: "/console/projects/999/quality",
        message: "Project not found",
        back: "Back to projects",
        list: "/console",
      },
      { path: "/console/people/999", message: "Person not found", back: "Back to people", list: "/console/people" },
      { path: "/console/vendors/999", message: "Vendor not found", back: "Back to vendors", list: "/console/vendors" },
    ];
    for (const { path, message, back, list } of cases) {
      await page.goto(`${server.url}${path}`);
      const alert = page.getByRole("alert").filter({ hasText: message });
      await alert.waitFor();
      expect(await alert.getByRole("button", { name: "Try again" }).count(), path).toBe(0);
      await alert.getByRole("link", { name: back }).click();
      await page.waitForURL(`${server.url}${list}`);
    }
  }, 120_000);

  it("an annotator's unknown project links back to their projects, without 'Try again'", async () => {
    // Signed in at their start page first: this page has no top bar to tell that the app is up.
    const page = await signedIn("ann@e2e.test", "ann-strong-pass-1");
    await page.goto(`${server.url}/work/999`);
    await page.getByText("Project not found").waitFor();
    await page.screenshot({ path: screenshotPath("lost-pages-annotator-project") });
    expect(await page.getByRole("button", { name: "Try again" }).count()).toBe(0);
    await page.getByRole("link", { name: "Back to projects" }).click();
    await page.waitForURL(`${server.url}/work`);
  }, 60_000);

  it("a session that ended meanwhile: the sign-in page says so, then returns to the page asked for", async () => {
    const page = await signedIn(server.admin.email, server.admin.password, "/console");
    await page.getByRole("link", { name: "Sentiment", exact: true }).waitFor();
    await page.context().clearCookies();
    await page.getByRole("link", { name: "Sentiment", exact: true }).click();
    await page.waitForURL(/\/signin\?next=/);
    await page.getByRole("status").filter({ hasText: "Your session has ended. Sign in again to go on." }).waitFor();
    await page.screenshot({ path: screenshotPath("lost-pages-session-ended") });
    await page.locator("input[name=email]").fill(server.admin.email);
    await page.locator("input[name=password]").fill(server.admin.password);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/console/projects/${projectId}`);
    // A first visit to the sign-in page says nothing of the kind.
    const fresh = await browser.newContext();
    contexts.push(fresh);
    const first = await fresh.newPage();
    await first.goto(`${server.url}/console`);
    await first.locator("input[name=email]").waitFor();
    expect(await first.getByText("Your session has ended").count()).toBe(0);
  }, 60_000);

  it("an export clicked after the session ended brings the sign-in page, not a failed download", async () => {
    const page = await signedIn(server.admin.email, server.admin.password, `/console/projects/${projectId}`);
    await page.locator(".menu summary").click();
    await page.getByRole("menuitem", { name: "JSONL" }).waitFor();
    await page.context().clearCookies();
    const downloads: string[] = [];
    page.on("download", (download) => downloads.push(download.suggestedFilename()));
    await page.getByRole("menuitem", { name: "JSONL" }).click();
    await page.waitForURL(/\/signin\?next=/);
    await page.getByRole("status").filter({ hasText: "Your session has ended." }).waitFor();
    expect(downloads).toEqual([]);
  }, 60_000);

  it("a form the role may not save (a reviewer's new project or project settings) says so instead of showing the form", async () => {
    const page = await signedIn("rita@e2e.test", "rita-strong-pass-1");
    for (const path of ["/console/projects/new", `/console/projects/${projectId}/edit`]) {
      await page.goto(`${server.url}${path}`);
      await page.getByText("This page is not part of your role").waitFor();
      expect(await page.getByRole("button", { name: /Create project|Save changes/ }).count(), path).toBe(0);
    }
    // The project itself is theirs to read.
    await page.goto(`${server.url}/console/projects/${projectId}`);
    await page.getByRole("heading", { name: "Sentiment" }).waitFor();
  }, 60_000);
});
