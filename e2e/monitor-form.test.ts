/**
 * Monitors made in the console, in Chromium against `quorum serve` with its demo: a manager
 * creates a threshold monitor on the Reports page's monitors card (a window the server refuses is
 * named under its field), edits its value, turns it into a change against the baseline, disables it
 * and deletes it (confirmed); an analyst reads the same card with no form and no actions.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();

describe.skipIf(!available)("monitors on the Reports page", () => {
  const demo = demoInBrowser();

  const card = (page: Page) => page.getByRole("region", { name: "Monitors" });

  it("a manager makes, changes, switches off and deletes a monitor; an analyst only reads it", async () => {
    const page = await demo.signedIn("manager@quorum.local");
    await page.goto(`${demo.url()}/console/reports`);
    const monitors = card(page);
    await monitors.getByTestId("monitors-none").waitFor();
    expect(await monitors.getByTestId("monitors-none").textContent()).not.toContain("POST /api");

    await monitors.getByRole("button", { name: "New monitor" }).click();
    const form = monitors.getByRole("form", { name: "New monitor" });
    await form.getByLabel("Name").fill("Gold slipping");
    await form.getByLabel("Metric").selectOption({ label: "Gold accuracy" });
    await form.getByLabel("Project").selectOption({ index: 1 });
    await form.getByLabel("Window (minutes)").fill("5000");
    await form.getByLabel("When it is").selectOption("below");
    await form.getByLabel("Value").fill("0.9");
    await form.getByTestId("metric-now").waitFor();
    await form.getByRole("button", { name: "Create monitor" }).click();
    const window = form.getByLabel("Window (minutes)");
    await expect.poll(() => window.getAttribute("aria-invalid")).toBe("true");
    expect(await form.locator(".field-error").first().textContent()).toContain("1440");
    await page.screenshot({ path: screenshotPath("monitor-form-refused"), fullPage: true });

    await window.fill("60");
    await form.getByRole("button", { name: "Create monitor" }).click();
    const row = monitors.getByTestId("monitor-row");
    await row.waitFor();
    expect(await row.textContent()).toContain("Gold slipping");
    expect(await row.textContent()).toContain("below 0.9");
    expect(await form.count()).toBe(0);

    // Each row's buttons name their monitor.
    await row.getByRole("button", { name: "Edit: Gold slipping", exact: true }).click();
    const edit = monitors.getByRole("form", { name: "Edit Gold slipping" });
    expect(await edit.getByLabel("Value").inputValue()).toBe("0.9");
    await edit.getByLabel("Value").fill("0.85");
    await edit.getByRole("button", { name: "Save monitor" }).click();
    await expect.poll(() => row.textContent()).toContain("below 0.85");

    const analyst = await demo.signedIn("analyst@quorum.local");
    await analyst.goto(`${demo.url()}/console/reports`);
    const readOnly = card(analyst);
    await readOnly.getByTestId("monitor-row").waitFor();
    expect(await readOnly.getByTestId("monitor-row").textContent()).toContain("below 0.85");
    expect(await readOnly.getByRole("button", { name: /New monitor|Edit|Disable|Enable|Delete/ }).count()).toBe(0);
    expect(await readOnly.getByRole("form").count()).toBe(0);

    // The same form turns it into a change against the baseline.
    await row.getByRole("button", { name: "Edit" }).click();
    await edit.getByLabel("Fires when").selectOption({ label: "Changes against the baseline" });
    await edit.getByLabel("When it", { exact: true }).selectOption("drop");
    await edit.getByLabel("By (percent)").fill("20");
    await edit.getByLabel("Baseline windows").fill("6");
    await edit.getByRole("button", { name: "Save monitor" }).click();
    await expect.poll(() => row.textContent()).toContain("drops 20% against the last 6 windows");

    await row.getByRole("button", { name: "Disable" }).click();
    await row.getByRole("button", { name: "Enable" }).waitFor();
    expect(await row.textContent()).toContain("Off");
    await page.screenshot({ path: screenshotPath("monitor-form-disabled"), fullPage: true });

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Delete" }).click();
    await monitors.getByTestId("monitors-none").waitFor();

    await analyst.reload();
    await readOnly.getByTestId("monitors-none").waitFor();
    expect(await readOnly.getByTestId("monitors-none").textContent()).toContain("Admins and managers set them up here");
    expect(await readOnly.getByRole("button", { name: /New monitor|Edit|Disable|Enable|Delete/ }).count()).toBe(0);
    expect(demo.pageErrors).toEqual([]);
  }, 120_000);
});
