/**
 * Report schedules in Chromium against `quorum serve` with its demo: a manager pauses the demo's
 * daily digest and resumes it from the list, and the API follows; Run now shows in its "Last run";
 * an analyst picks the time zone a new schedule runs in, and the list says it beside the schedule
 * in words when it is not theirs.
 */
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();

interface Listed {
  id: number;
  name: string;
  timeZone: string;
  cron: string;
  paused: boolean;
  pausedAt: string | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastRun: { at: string; delivery: string } | null;
}

describe.skipIf(!available)("report schedules: pause, resume and time zones in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("lets a manager pause the daily digest and resume it, its next run then in the future", async () => {
    const page = await signedIn("manager@quorum.local", { timezoneId: "America/New_York" });
    const listed = async (name: string) => {
      const response = await page.request.get(`${url()}/api/v1/report-schedules`);
      return ((await response.json()) as { schedules: Listed[] }).schedules.find((s) => s.name === name);
    };
    await page.goto(`${url()}/console/reports`);
    const row = page.getByRole("table", { name: "Scheduled reports" }).locator("tr", { hasText: "Daily digest" });
    // Berlin is not the viewer's zone (New York): the list says it.
    await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("At 07:00, Europe/Berlin");

    await row.getByRole("button", { name: "Pause: Daily digest" }).click();
    await expect.poll(() => row.locator("td").nth(3).textContent()).toBe("Paused");
    expect(await listed("Daily digest")).toMatchObject({ paused: true, nextRunAt: null });
    await page.screenshot({ path: screenshotPath("report-schedule-paused"), fullPage: true });

    // Run now still works while paused, and the row's "Last run" says it without a reload.
    // The demo may have sent it this very minute: the instant, not the words, tells the runs apart.
    const lastRun = row.getByTestId("last-run");
    const before = await lastRun
      .locator("time")
      .getAttribute("datetime", { timeout: 1000 })
      .catch(() => null);
    await row.getByRole("button", { name: "Run now" }).click();
    await expect
      .poll(() => page.locator(".reports-page p[role=status]").textContent())
      .toMatch(/^Sent “\[Quorum\] Daily digest: .+” \(/);
    const ran = await listed("Daily digest");
    expect(ran).toMatchObject({ paused: true, nextRunAt: null, lastRun: { delivery: "in_app" } });
    expect(ran?.lastRunAt).not.toBe(before);
    expect(Date.now() - Date.parse(ran?.lastRunAt ?? "")).toBeLessThan(60_000);
    await expect.poll(() => lastRun.locator("time").getAttribute("datetime")).toBe(ran?.lastRunAt);

    await row.getByRole("button", { name: "Resume: Daily digest" }).click();
    await row.getByRole("button", { name: "Pause: Daily digest" }).waitFor();
    expect(await row.locator("td").nth(3).textContent()).not.toBe("Paused");
    const resumed = await listed("Daily digest");
    expect(resumed).toMatchObject({ paused: false, pausedAt: null });
    expect(Date.parse(resumed?.nextRunAt ?? "")).toBeGreaterThan(Date.now());
    expect(pageErrors).toEqual([]);
  });

  it("lets an analyst pick the zone a new schedule runs in, starting from the one picked in the top bar", async () => {
    const page = await signedIn("analyst@quorum.local", { timezoneId: "America/New_York", path: "/console/reports" });
    const form = page.locator("form", { has: page.getByRole("button", { name: "Schedule" }) });
    const zone = form.getByLabel("Time zone");
    // The browser's own zone, until one is picked in the top bar.
    await expect.poll(() => zone.inputValue()).toBe("America/New_York");
    await page.getByTestId("time-zone-picker").selectOption("Europe/Berlin");
    await expect.poll(() => zone.inputValue()).toBe("Europe/Berlin");

    const unit = form.locator("label", { hasText: /^Business unit/ }).locator("select");
    await expect.poll(() => unit.locator("option").count()).toBeGreaterThan(1);
    await unit.selectOption({ index: 1 });
    await form.locator("label", { hasText: /^On/ }).locator("select").selectOption({ label: "Monday" });
    await form.getByLabel("At", { exact: true }).fill("08:00");
    await zone.selectOption("Asia/Tokyo");
    await expect
      .poll(() => form.locator("#report-cron-words").textContent())
      .toBe("At 08:00, only on Monday · Asia/Tokyo");
    await form.getByLabel("Name").fill("Tokyo weekly");
    await form.getByRole("button", { name: "Schedule" }).click();

    const row = page.getByRole("table", { name: "Scheduled reports" }).locator("tr", { hasText: "Tokyo weekly" });
    await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("At 08:00, only on Monday, Asia/Tokyo");
    const saved = await page.evaluate(async () => {
      const response = await fetch("/api/v1/report-schedules");
      return ((await response.json()) as { schedules: Listed[] }).schedules.find((s) => s.name === "Tokyo weekly");
    });
    expect(saved).toMatchObject({ cron: "0 8 * * 1", timeZone: "Asia/Tokyo" });
    // Monday 08:00 in Tokyo is Sunday 23:00 UTC.
    expect(new Date(saved?.nextRunAt ?? "").getUTCHours()).toBe(23);
    // In the viewer's own zone, the list says no zone.
    await page.getByTestId("time-zone-picker").selectOption("Asia/Tokyo");
    await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("At 08:00, only on Monday");

    // A zone the server does not know is refused naming the field.
    const refused = await page.request.patch(`${url()}/api/v1/report-schedules/${saved?.id}`, {
      data: { timeZone: "Mars/Olympus" },
    });
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error.details[0].path).toBe("timeZone");
    await page.screenshot({ path: screenshotPath("report-schedule-zone"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
