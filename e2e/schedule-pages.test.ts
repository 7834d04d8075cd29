/**
 * Priority, reports and time zones on the demo workspace, in Debian's Chromium against `quorum
 * serve` with its demo: the annotator starts working without picking a project and lands on the
 * most urgent one's task; a manager sees the batches table (the urgent German batch), daily
 * throughput in the workspace's zone or the one they choose, the reports page with the daily
 * digest already run, and downloads a metric as CSV. Writes a screenshot of each page.
 */
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();

describe.skipIf(!available)("priority, reports and time zones in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("starts an annotator on the best task anywhere with one button", async () => {
    const page = await signedIn("annotator@quorum.local");
    const start = page.getByTestId("start-anywhere");
    await start.waitFor();
    await start.click();
    await page.waitForURL(/\/work\/\d+$/);
    const projectId = Number(new URL(page.url()).pathname.split("/").pop());
    await page.locator(".answer-pane").waitFor();
    // The lease the button took is resumed by the project's page (which also fetches one ahead).
    const held = await page.request.get(`${url()}/api/v1/projects/${projectId}/assignments`);
    expect((await held.json()).assignments.length).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: screenshotPath("work-anywhere"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("shows a manager the batches, daily throughput in the chosen zone, and the reports page", async () => {
    const page = await signedIn("manager@quorum.local");
    const projects = await (await page.request.get(`${url()}/api/v1/projects`)).json();
    const relevance = projects.projects.find((p: { name: string }) => /relevance/i.test(p.name));
    await page.goto(`${url()}/console/projects/${relevance.id}`);
    const batches = page.locator("table[aria-label=Batches] tbody tr");
    await expect.poll(() => batches.count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => page.getByLabel("Priority of de-DE query sample").inputValue()).toBe("2");
    await expect.poll(() => page.locator(".daily-throughput caption").textContent()).toBe("Days in Europe/Berlin");
    await page.getByTestId("time-zone-picker").selectOption("UTC");
    await expect.poll(() => page.locator(".daily-throughput caption").textContent()).toBe("Days in UTC");
    await page.screenshot({ path: screenshotPath("project-batches"), fullPage: true });

    await page.getByRole("link", { name: "Reports", exact: true }).click();
    await page.waitForURL(/\/console\/reports$/);
    await expect.poll(() => page.locator("table[aria-label='Scheduled reports'] tbody tr").count()).toBe(1);
    await expect.poll(() => page.locator(".report-run summary").count()).toBeGreaterThan(0);
    const href = await page.getByTestId("download-csv").getAttribute("href");
    expect(href).toContain("timeZone=UTC");
    const csv = await page.request.get(`${url()}${href}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split("\n")[0]).toBe("metric,unit,group,group_label,at,value,local_day");
    await page.screenshot({ path: screenshotPath("reports"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("takes a batch deadline picked by a manager as the end of that day in their time zone", async () => {
    const page = await signedIn("manager@quorum.local", { timezoneId: "America/New_York" });
    const projects = await (await page.request.get(`${url()}/api/v1/projects`)).json();
    const relevance = projects.projects.find((p: { name: string }) => /relevance/i.test(p.name));
    await page.goto(`${url()}/console/projects/${relevance.id}`);
    const deadline = page.getByLabel("Deadline of de-DE query sample");
    await deadline.fill("2027-01-20");
    const row = page.locator("table[aria-label=Batches] tbody tr", { has: deadline });
    const saved = page.waitForResponse((r) => r.request().method() === "PATCH" && /\/batches\/\d+$/.test(r.url()));
    await row.getByRole("button", { name: "Save" }).click();
    expect((await saved).status()).toBe(200);
    const { batches } = await (await page.request.get(`${url()}/api/v1/projects/${relevance.id}/batches`)).json();
    const batch = batches.find((b: { name: string }) => b.name === "de-DE query sample");
    // 23:59:59.999 on 20 January in New York (UTC−5), not midnight UTC (the 19th's evening there).
    expect(batch.deadline).toBe("2027-01-21T04:59:59.999Z");
    await page.reload();
    await expect.poll(() => page.getByLabel("Deadline of de-DE query sample").inputValue()).toBe("2027-01-20");
    expect(pageErrors).toEqual([]);
  });
});
