/**
 * The workspace's time zone in Chromium against `quorum serve --no-demo`: an admin finds a zone by
 * searching, saves it, is told so, and sees it again after a reload (the API reads it back too);
 * they set the default currency and the intake form starts from it; a
 * manager has no Settings link, is told the page is not for their role when opening it by its
 * address, and the API refuses their change.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, screenshotPath, signInByKeyboard } from "./support/browser.js";
import { apiSession, invitePerson, type RunningServer, startServer } from "./support/server.js";

const available = browserAvailable();
const MANAGER = { email: "manager@e2e.test", password: "manager-password-1" };

describe.skipIf(!available)("the workspace's time zone in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof apiSession>>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    admin = await apiSession(server.url, server.admin.email, server.admin.password);
    await invitePerson(admin, { ...MANAGER, name: "Morgan Manager", role: "manager" });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lets an admin search for a zone, save it, and find it set after a reload", async () => {
    const before = await admin<{ timeZone: string }>("GET", "/workspace/settings");
    expect(before.timeZone).not.toBe("Europe/Lisbon");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(page, server.url, server.admin.email, server.admin.password);
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.waitForURL(/\/console\/settings$/);
    await expect.poll(() => page.getByTestId("workspace-time-zone").textContent()).toBe(`Now: ${before.timeZone}`);

    const form = page.getByRole("form", { name: "Time zone" });
    await form.getByLabel("Search time zones").fill("lisbon");
    // The search narrows the select to the one zone it finds, and picks it.
    expect(await form.getByLabel("Time zone", { exact: true }).locator("option").allTextContents()).toEqual([
      "Europe/Lisbon",
    ]);
    await form.getByRole("button", { name: "Save time zone" }).click();
    await expect
      .poll(() => form.getByRole("status").textContent())
      .toBe("Saved: the workspace's days now follow Europe/Lisbon.");
    expect((await admin<{ timeZone: string }>("GET", "/workspace/settings")).timeZone).toBe("Europe/Lisbon");

    await page.reload();
    await expect.poll(() => page.getByTestId("workspace-time-zone").textContent()).toBe("Now: Europe/Lisbon");
    expect(await page.getByRole("combobox", { name: "Time zone", exact: true }).inputValue()).toBe("Europe/Lisbon");
    await page.screenshot({ path: screenshotPath("workspace-time-zone"), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it("lets an admin set the default currency, which a money form then starts from", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await signInByKeyboard(page, server.url, server.admin.email, server.admin.password);
    await page.goto(`${server.url}/console/settings`);
    await expect.poll(() => page.getByTestId("workspace-currency").textContent()).toBe("Now: USD");
    const form = page.getByRole("form", { name: "Default currency" });
    await form.getByLabel("Currency", { exact: true }).selectOption("EUR");
    await form.getByRole("button", { name: "Save currency" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toBe("Saved: new money forms now start in EUR.");
    const settings = await admin<{ timeZone: string; currency: string }>("GET", "/workspace/settings");
    expect(settings).toEqual({ timeZone: "Europe/Lisbon", currency: "EUR" });

    // A fresh load of the intake form starts in the workspace's currency.
    await page.goto(`${server.url}/console/intake`);
    await expect.poll(() => page.getByLabel("Currency", { exact: true }).inputValue()).toBe("EUR");
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it("shows a manager no settings, and the API refuses their change", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInByKeyboard(page, server.url, MANAGER.email, MANAGER.password);
    await page.getByRole("link", { name: "Projects", exact: true }).waitFor();
    expect(await page.getByRole("link", { name: "Settings", exact: true }).count()).toBe(0);
    await page.goto(`${server.url}/console/settings`);
    await page.getByText("This page is not part of your role").waitFor();
    expect(await page.getByRole("button", { name: "Save time zone" }).count()).toBe(0);
    expect(await page.getByRole("combobox", { name: "Time zone", exact: true }).count()).toBe(0);

    const manager = await apiSession(server.url, MANAGER.email, MANAGER.password);
    await expect(manager("PATCH", "/workspace/settings", { timeZone: "Asia/Tokyo" })).rejects.toThrow(/403/);
    expect((await admin<{ timeZone: string }>("GET", "/workspace/settings")).timeZone).toBe("Europe/Lisbon");
    await context.close();
  }, 60_000);
});
