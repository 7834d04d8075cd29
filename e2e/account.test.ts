/**
 * Your account and temporary passwords in Chromium: a manager invites someone with a temporary
 * password from the People page; the invitee, opening a page of theirs, signs in, is held at the
 * password change (nowhere else to go) and then lands on that page; from "Your account" (their
 * name in the top bar) they see who they are and change their password again; staff find the same
 * page in the console, with the policy's message on the field the server names.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const MANAGER = { email: "mona@e2e.test", name: "Mona Manager", password: "mona-password-1" };
const INVITEE = { email: "ines@e2e.test", name: "Ines Invitee" };

describe.skipIf(!available)("your account and temporary passwords in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let temporary = "";
  const pageErrors: string[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return page;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const admin = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(admin, { ...MANAGER, role: "manager" });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a manager invites someone with a temporary password, told it must be changed", async () => {
    const page = await newPage();
    await signInByKeyboard(page, server.url, MANAGER.email, MANAGER.password);
    await page.getByRole("link", { name: "People" }).click();
    await page.getByRole("button", { name: "Invite someone" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(INVITEE.email);
    await dialog.getByLabel("Name").fill(INVITEE.name);
    await dialog.getByLabel("Languages").fill("en");
    // A set-password link is the default; the temporary password says it must be changed.
    expect(await dialog.getByLabel("Send a set-password link").isChecked()).toBe(true);
    await dialog.getByLabel("Set a temporary password").check();
    expect(await dialog.textContent()).toContain("they must change it at their first sign-in");
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    temporary = (await dialog.locator("pre.secret").textContent())?.trim() ?? "";
    expect(temporary.length).toBeGreaterThanOrEqual(8);
    expect(await dialog.textContent()).toContain("must change it at their first sign-in");
    await page.screenshot({ path: screenshotPath("invite-temporary-password") });
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  it("the invitee is held at the password change, then lands on the page they opened", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/work/earnings`);
    await page.waitForURL(/\/signin\?next=/);
    await page.locator("input[name=email]").fill(INVITEE.email);
    await page.locator("input[name=password]").fill(temporary);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Choose your own password" }).waitFor();
    expect(await page.textContent("main")).toContain("was set by someone else");
    // Nowhere else to go: no top bar, and another page's address shows the same form.
    expect(await page.locator(".topbar").count()).toBe(0);
    await page.screenshot({ path: screenshotPath("password-change-required") });

    // The server's reason shows on the field it names.
    await page.getByLabel("Current password").fill(temporary);
    await page.getByLabel("New password", { exact: true }).fill(temporary);
    await page.getByLabel("Repeat the new password").fill(temporary);
    await page.getByRole("button", { name: "Change password and go on" }).click();
    await expect.poll(() => page.getByLabel("New password", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await page.textContent("main")).toContain("must differ from the current password");

    await page.getByLabel("New password", { exact: true }).fill("ines-own-secret-1");
    await page.getByLabel("Repeat the new password").fill("ines-own-secret-1");
    await page.getByRole("button", { name: "Change password and go on" }).click();
    await page.locator("header.topbar").waitFor();
    expect(new URL(page.url()).pathname).toBe("/work/earnings");

    // Their page, from their name in the top bar: who they are, and their password again.
    await page.locator("header.topbar").getByRole("link", { name: INVITEE.name }).click();
    await page.waitForURL(/\/work\/account$/);
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    const facts = await page.locator(".account-facts").textContent();
    for (const fact of [INVITEE.name, INVITEE.email, "Annotator"]) expect(facts).toContain(fact);
    await page.getByLabel("Current password").fill("ines-own-secret-1");
    await page.getByLabel("New password", { exact: true }).fill("ines-newer-secret-2");
    await page.getByLabel("Repeat the new password").fill("ines-newer-secret-2");
    await page.getByRole("button", { name: "Change password", exact: true }).click();
    await page.getByText("Your password is changed").waitFor();
    await page.screenshot({ path: screenshotPath("your-account-workspace") });
    await page.context().close();

    // The new password is the one that works now, straight to work.
    const again = await newPage();
    await signInByKeyboard(again, server.url, INVITEE.email, "ines-newer-secret-2");
    await again.waitForURL(/\/work$/);
    await again.context().close();
    expect(pageErrors).toEqual([]);
  });

  it("staff find Your account in the console, with the policy's message on the field", async () => {
    const page = await newPage();
    await signInByKeyboard(page, server.url, MANAGER.email, MANAGER.password);
    await page
      .locator("header.topbar")
      .getByRole("link", { name: /Mona Manager/ })
      .click();
    await page.waitForURL(/\/console\/account$/);
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    expect(await page.locator(".account-facts").textContent()).toContain("Manager");
    await page.getByLabel("Current password").fill(MANAGER.password);
    await page.getByLabel("New password", { exact: true }).fill("password");
    await page.getByLabel("Repeat the new password").fill("password");
    await page.getByRole("button", { name: "Change password", exact: true }).click();
    await expect.poll(() => page.getByLabel("New password", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".account-page").textContent()).toMatch(/at least 8 characters|most common/);
    await page.screenshot({ path: screenshotPath("your-account-console") });
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });
});
