/**
 * The office side of the console on the demo workspace, in Debian's Chromium against `quorum
 * serve` with its demo: a manager changes a budget's amount on its card, typed in the currency's
 * units (an analyst, who may only read cost, sees no such control); an intake request takes its
 * budget in currency units and its deadline date as the end of that day where the manager is (a
 * manager in New York sees the day they picked, never the evening before); bonus schemes show
 * their budget and pay as money and take a new scheme's amounts in currency units; the ROI page
 * prices labels as money (not raw minor units); a project's gold accuracy has one interval on its
 * overview and its Quality page; and running a scheduled report says what was sent and lists it
 * without a reload; an analyst schedules a business unit's weekly report to themselves by picking
 * "every week on Monday at 08:00" (no cron typed), its schedule said in words below level fields,
 * then moves it to Tuesday 09:00 with Edit (the same form, prefilled).
 */
import { describe, expect, it } from "vitest";
import { pickFromCron } from "../packages/web/src/lib/schedule-picker.js";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();

describe.skipIf(!available)("the office console of the demo workspace in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("lets a manager change a budget's amount in currency units, and offers analysts no such control", async () => {
    const page = await signedIn("manager@quorum.local", { path: "/console/cost/budgets" });
    const first = page.getByTestId("budget-card").first();
    // A card is named "#id" until the cost names arrive (slower than the budgets on a busy machine).
    await expect.poll(() => first.getAttribute("aria-label"), { timeout: 20_000 }).toMatch(/^[^#]/);
    const name = (await first.getAttribute("aria-label"))!;
    const card = page.getByRole("region", { name }).first();
    await card.getByRole("button", { name: "Change amount" }).click();
    const amount = card.getByLabel("Budget (USD)");
    // More decimals than dollars have is refused, naming the rule, before anything is sent.
    await amount.fill("12.345");
    await card.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => card.getByRole("alert").textContent()).toContain("at most 2 decimals");
    await amount.fill("4500.50");
    await card.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => card.getByRole("status").textContent()).toBe("Budget changed to $4,500.50");
    await expect.poll(() => card.textContent()).toContain("of $4,500.50 spent");
    await page.screenshot({ path: screenshotPath("office-budget-changed"), fullPage: true });

    await page.reload();
    await expect
      .poll(() => page.getByRole("region", { name }).textContent(), { timeout: 20_000 })
      .toContain("of $4,500.50 spent");

    const analyst = await signedIn("analyst@quorum.local", { path: "/console/cost/budgets" });
    await analyst.getByTestId("budget-card").first().waitFor();
    expect(await analyst.getByRole("button", { name: "Change amount" }).count()).toBe(0);
  });

  it("takes an intake request's budget in currency units and its deadline as the end of that day in the manager's zone", async () => {
    const page = await signedIn("manager@quorum.local", { timezoneId: "America/New_York", path: "/console/intake" });
    const form = page.getByRole("form", { name: "New request" });
    const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const [year, month, date] = day.split("-").map(Number) as [number, number, number];
    const shown = new Date(Date.UTC(year, month - 1, date)).toLocaleDateString("en", {
      timeZone: "UTC",
      month: "short",
      day: "numeric",
    });
    await form.getByLabel("Name").fill("Support ticket sentiment");
    await form.getByLabel("Deadline").fill(day);
    await form.getByLabel(/^Budget/).fill("1500");
    await form.getByRole("button", { name: "Submit request" }).click();
    await page.waitForURL(/\/console\/intake\/\d+$/);
    const head = page.locator(".page-head .muted").first();
    await expect.poll(() => head.textContent()).toContain("$1,500.00");
    expect(await head.textContent()).toContain(`${shown}, 11:59 PM`);
    await page.screenshot({ path: screenshotPath("office-intake-request"), fullPage: true });

    await page.getByRole("button", { name: "Compute feasibility" }).click();
    await page.getByRole("region", { name: "Feasibility report" }).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Accept and create the project" }).click();
    await page.waitForURL(/\/console\/projects\/\d+$/);
    const deadline = page.locator(".kpi", { hasText: "Deadline" });
    await expect.poll(() => deadline.textContent()).toContain(`${shown}, 11:59 PM`);
  });

  it("shows bonus schemes' budget and pay in their currency and takes a new scheme's amounts in currency units", async () => {
    const page = await signedIn("manager@quorum.local", { path: "/console/experiments/incentives" });
    const rows = page.getByTestId("scheme-row");
    await rows.first().waitFor();
    const money = /^\$[\d,]+\.\d\d$/;
    for (const cell of await rows.locator("td:nth-child(3), td:nth-child(4)").allTextContents())
      expect(cell).toMatch(money);

    const form = page.locator("form", { has: page.getByRole("heading", { name: "New bonus scheme" }) });
    await form.getByLabel("Project").selectOption({ label: "Ad copy side-by-side" });
    await form.getByLabel("Name").fill("Accuracy bonus: 5¢ a label at 90%");
    await form.getByLabel("Amount (in currency units)").fill("0.05");
    await form.getByLabel("Accuracy bar").fill("0.9");
    await form.getByLabel("Budget (in currency units)").fill("0.005");
    await form.getByRole("button", { name: "New bonus scheme" }).click();
    await expect
      .poll(() => form.getByRole("alert").allTextContents())
      .toContain("a positive amount in currency units with at most 2 decimals");
    await form.getByLabel("Budget (in currency units)").fill("250");
    await form.getByRole("button", { name: "New bonus scheme" }).click();
    const created = rows.filter({ hasText: "Accuracy bonus: 5¢ a label at 90%" });
    await expect.poll(() => created.locator("td:nth-child(3)").textContent()).toBe("$250.00");
    expect(await created.locator("td:nth-child(4)").textContent()).toBe("$0.00");
    await page.screenshot({ path: screenshotPath("office-incentives"), fullPage: true });
  });

  it("shows an analyst what the next labels are worth as money in the project's currency", async () => {
    const page = await signedIn("analyst@quorum.local", { path: "/console/experiments/roi" });
    // The demo's cost per accepted label is well under a dollar (tens of cents), with four decimals.
    await expect.poll(() => page.getByTestId("cost-per-label").textContent()).toMatch(/^\$0\.\d{4}$/);
    const prices = page.getByRole("table", { name: "Price per point" }).first();
    await prices.waitFor();
    const cells = await prices.locator("tbody td:nth-child(3), tbody td:nth-child(4)").allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell).toMatch(/^\$[\d,]+\.\d\d$/);
    await page.screenshot({ path: screenshotPath("office-roi"), fullPage: true });
  });

  it("gives a project's gold accuracy the same 95% interval on its overview as on its Quality page", async () => {
    const page = await signedIn("analyst@quorum.local", { path: "/console" });
    await page.locator(".project-link", { hasText: "Policy violations" }).click();
    const overview = page.locator(".kpi", { hasText: "Gold accuracy" }).locator(".kpi-sub");
    await expect.poll(() => overview.textContent()).toMatch(/gold answers/);
    const range = /(\d+)[–-](\d+)%/;
    const shown = (await overview.textContent())!.match(range)!.slice(1);
    await page.getByRole("link", { name: "Quality" }).first().click();
    const quality = page.getByTestId("gold-accuracy").locator("xpath=..").locator(".kpi-sub");
    await expect.poll(() => quality.textContent()).toMatch(range);
    expect((await quality.textContent())!.match(range)!.slice(1)).toEqual(shown);
  });

  it("says what a report run sent and lists it under Reports sent to me without a reload", async () => {
    const page = await signedIn("manager@quorum.local", { path: "/console/reports" });
    const schedules = page.getByRole("table", { name: "Scheduled reports" });
    await schedules.waitFor();
    const mine = page.locator("details.report-run");
    await page.getByRole("heading", { name: "Reports sent to me" }).waitFor();
    const before = await mine.count();
    await schedules.getByRole("button", { name: "Run now" }).first().click();
    await expect
      .poll(() => page.locator(".reports-page p[role=status]").textContent())
      .toMatch(/^Sent “\[Quorum\] Daily digest: .+” \(/);
    await expect.poll(() => mine.count()).toBe(before + 1);
    await page.screenshot({ path: screenshotPath("office-report-run"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("lets an analyst schedule a business unit's weekly report to themselves, said in words, and run it", async () => {
    const page = await signedIn("analyst@quorum.local", { path: "/console/reports" });
    const form = page.locator("form", { has: page.getByRole("button", { name: "Schedule" }) });
    const kind = form.getByLabel("Report");
    await kind.waitFor();
    // A daily digest covers the projects its recipient created: an analyst's would be empty.
    expect(await kind.locator("option").allTextContents()).toEqual(["Weekly report of a business unit"]);
    const unit = form.locator("label", { hasText: /^Business unit/ }).locator("select");
    await expect.poll(() => unit.locator("option").count()).toBeGreaterThan(1);
    await unit.selectOption({ index: 1 });
    // No cron to write: the schedule is picked. A custom pattern is still there for those who do.
    const repeats = form.locator("label", { hasText: /^Repeats/ }).locator("select");
    await repeats.selectOption({ label: "Custom (cron pattern)" });
    const cron = form.getByRole("textbox", { name: "Cron pattern" });
    await cron.fill("every morning");
    await expect.poll(() => form.locator("#report-cron-words").textContent()).toMatch(/^Not a schedule/);
    await repeats.selectOption({ label: "Every week" });
    await form.locator("label", { hasText: /^On/ }).locator("select").selectOption({ label: "Monday" });
    await form.getByLabel("At", { exact: true }).fill("08:00");
    // In the browser's own zone unless one is picked (in the form, or in the top bar).
    const ownZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    await expect
      .poll(() => form.locator("#report-cron-words").textContent())
      .toBe(`At 08:00, only on Monday · ${ownZone}`);
    // Fields in a row (labels ending level) have inputs ending level too, within 2px: nothing under
    // one field pushes its input up; the schedule in words is on a line below them all.
    const rows = new Map<number, number[]>();
    const boxes = await form
      .locator("label > input, label > select")
      .evaluateAll((fields) =>
        fields.map((field) => [
          Math.round((field.parentElement as HTMLElement).getBoundingClientRect().bottom),
          field.getBoundingClientRect().bottom,
        ]),
      );
    for (const [row = 0, bottom = 0] of boxes) rows.set(row, [...(rows.get(row) ?? []), bottom]);
    for (const bottoms of rows.values()) expect(Math.max(...bottoms) - Math.min(...bottoms)).toBeLessThanOrEqual(2);
    const words = await form.locator("#report-cron-words").boundingBox();
    expect(words?.y).toBeGreaterThan(Math.max(...[...rows.values()].flat()));
    await form.screenshot({ path: screenshotPath("office-schedule-picker") });
    await form.getByLabel("Name").fill("Weekly for leadership");
    await form.getByRole("button", { name: "Schedule" }).click();
    const row = page
      .getByRole("table", { name: "Scheduled reports" })
      .locator("tr", { hasText: "Weekly for leadership" });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain("At 08:00, only on Monday");
    // Saved as the pattern the API always took, which reads back as the same preset.
    const saved = await page.evaluate(async () => {
      const response = await fetch("/api/v1/report-schedules");
      const list = (await response.json()) as { schedules: { name: string; cron: string }[] };
      return list.schedules.find((s) => s.name === "Weekly for leadership")?.cron;
    });
    expect(saved).toBe("0 8 * * 1");
    expect(pickFromCron(saved ?? "")).toMatchObject({ frequency: "weekly", weekday: 1, time: "08:00" });
    await row.getByRole("button", { name: "Run now" }).click();
    await expect
      .poll(() => page.locator(".reports-page p[role=status]").textContent())
      .toMatch(/^Sent “\[Quorum\] Weekly for leadership: .+” \(/);
    await expect.poll(() => page.locator("details.report-run", { hasText: "Weekly for leadership" }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath("office-analyst-weekly-report"), fullPage: true });

    // Moved to Tuesday 09:00 in place, not deleted and made again: the same form, prefilled.
    await row.getByRole("button", { name: "Edit the schedule Weekly for leadership" }).click();
    const edit = page.getByRole("form", { name: "Edit the schedule Weekly for leadership" });
    await expect.poll(() => edit.getByLabel("Name").inputValue()).toBe("Weekly for leadership");
    const editRepeats = edit.locator("label", { hasText: /^Repeats/ }).locator("select");
    expect(await editRepeats.inputValue()).toBe("weekly");
    const weekday = edit.locator("label", { hasText: /^On/ }).locator("select");
    expect(await weekday.locator("option:checked").textContent()).toBe("Monday");
    expect(await edit.getByLabel("At", { exact: true }).inputValue()).toBe("08:00");
    await weekday.selectOption({ label: "Tuesday" });
    await edit.getByLabel("At", { exact: true }).fill("09:00");
    await expect.poll(() => edit.locator("p.form-line").first().textContent()).toMatch(/^At 09:00, only on Tuesday · /);
    await page.locator("section.card", { has: edit }).screenshot({ path: screenshotPath("office-schedule-edit") });
    await edit.getByRole("button", { name: "Save schedule" }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain("At 09:00, only on Tuesday");
    expect(await page.getByRole("form", { name: /^Edit the schedule/ }).count()).toBe(0);
    // Its next run moved with it: a Tuesday at 09:00 in the schedule's time zone.
    const moved = await page.evaluate(async () => {
      const response = await fetch("/api/v1/report-schedules");
      const list = (await response.json()) as {
        schedules: { name: string; cron: string; nextRunAt: string; timeZone: string }[];
      };
      const schedule = list.schedules.find((s) => s.name === "Weekly for leadership");
      if (!schedule) return undefined;
      const when = new Intl.DateTimeFormat("en-GB", {
        timeZone: schedule.timeZone,
        weekday: "long",
        hour: "2-digit",
        minute: "2-digit",
      }).format(new Date(schedule.nextRunAt));
      return { cron: schedule.cron, when };
    });
    expect(moved).toEqual({ cron: "0 9 * * 2", when: "Tuesday 09:00" });
    await page.screenshot({ path: screenshotPath("office-analyst-weekly-report-edited"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("gives finance, who read no metrics, a Reports page of their own scheduled reports", async () => {
    const page = await signedIn("finance@quorum.local");
    await page.locator("header.topbar").getByRole("link", { name: "Reports" }).click();
    await page.getByRole("heading", { name: "Scheduled reports" }).waitFor();
    await page.getByRole("heading", { name: "Reports sent to me" }).waitFor();
    expect(await page.getByRole("heading", { name: "Download a metric" }).count()).toBe(0);
    expect(await page.getByRole("heading", { name: "This page is not part of your role" }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("tells an analyst or a vendor lead who opens a page outside their role so, asking the server nothing", async () => {
    for (const [email, path] of [
      ["analyst@quorum.local", "/console/intake"],
      ["analyst@quorum.local", "/console/reviews"],
      ["vendor-lead@quorum.local", "/console/capacity"],
    ] as const) {
      const page = await signedIn(email);
      const refused: string[] = [];
      page.on("response", (response) => {
        if (response.status() === 403) refused.push(response.url());
      });
      await page.goto(`${url()}${path}`);
      await expect
        .poll(() => page.getByRole("heading", { name: "This page is not part of your role" }).count())
        .toBe(1);
      expect(await page.locator(".page-loading, [aria-busy=true]").count()).toBe(0);
      await page.getByRole("link", { name: "Go to your start page" }).click();
      await expect
        .poll(() => page.getByRole("heading", { name: "This page is not part of your role" }).count())
        .toBe(0);
      expect(refused, `${email} ${path}`).toEqual([]);
      await page.context().close();
    }
    expect(pageErrors).toEqual([]);
  });
});
