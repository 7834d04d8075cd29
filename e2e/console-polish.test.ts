/**
 * Console rough edges from a walkthrough, on the demo workspace in Debian's Chromium against
 * `quorum serve`: a new project's daily throughput says it has no judgments yet (no row of
 * zeros); the import dialog says gold is given as stored label values, with this project's
 * example; the confusion matrix wraps long label names (full name on hover) instead of cutting
 * them; the project form's deadline names the viewer's time zone and is saved as that wall time
 * there.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();
const MANAGER = "manager@quorum.local";
const OPTIONS = [
  { value: "harassment_or_bullying", label: "Harassment or targeted bullying of a person" },
  { value: "ok", label: "Fine" },
  { value: "spam", label: "Spam" },
];

describe.skipIf(!available)("console polish on the demo workspace in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();
  let projectId = 0;

  async function createProject(manager: Page): Promise<number> {
    const created = await manager.request.post(`${url()}/api/v1/projects`, {
      data: {
        name: "Comment triage (long labels)",
        description: "Sort each comment.",
        schema: { type: "single_choice", options: OPTIONS },
        requirements: { languages: ["en"], skills: {} },
        overlap: 1,
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const lines = ["one", "two", "three"].map((text) => JSON.stringify({ data: { text } })).join("\n");
    const imported = await manager.request.post(`${url()}/api/v1/projects/${id}/imports`, {
      headers: { "content-type": "application/x-ndjson" },
      data: `${lines}\n`,
    });
    expect(imported.status()).toBe(200);
    return id;
  }

  it("says a new project has no judgments yet, and gives gold in the import help as stored values", async () => {
    const manager = await signedIn(MANAGER);
    projectId = await createProject(manager);
    await manager.goto(`${url()}/console/projects/${projectId}`);
    const empty = manager.getByTestId("daily-throughput-empty");
    await empty.waitFor();
    expect(await empty.textContent()).toBe("No judgments yet");
    expect(await manager.locator("table.daily-throughput").count()).toBe(0);

    await manager.getByRole("button", { name: "Import tasks" }).click();
    const hint = manager.getByTestId("import-gold-hint");
    await hint.waitFor();
    expect(await hint.textContent()).toBe(
      'Gold answers are stored label values, not the names annotators see: for “Harassment or targeted bullying of a person” in this project, "gold": "harassment_or_bullying" (a CSV gold cell: harassment_or_bullying).',
    );
    await manager.screenshot({ path: screenshotPath("import-gold-hint") });
    await manager.context().close();
    expect(pageErrors).toEqual([]);
  });

  it("wraps long label names in the confusion matrix, full name on hover, short names uncut", async () => {
    expect(projectId).toBeGreaterThan(0);
    const annotator = await signedIn("annotator@quorum.local");
    for (const value of ["harassment_or_bullying", "ok", "spam"]) {
      const next = await annotator.request.post(`${url()}/api/v1/projects/${projectId}/assignments/next`);
      expect(next.status()).toBe(200);
      const { assignment } = (await next.json()) as { assignment: { id: number } };
      const judged = await annotator.request.post(`${url()}/api/v1/assignments/${assignment.id}/judgment`, {
        data: { value, activeMs: 4000, clientKey: `polish-${assignment.id}` },
      });
      expect(judged.status()).toBe(201);
    }
    await annotator.context().close();

    const manager = await signedIn(MANAGER, { path: `/console/projects/${projectId}/quality` });
    const headers = manager.locator("table.heatmap th.heatmap-col");
    await headers.first().waitFor();
    const seen = await headers.evaluateAll((cells) =>
      cells.map((cell) => ({
        title: cell.getAttribute("title"),
        text: cell.textContent,
        cutSideways: cell.scrollWidth > cell.clientWidth + 1,
      })),
    );
    expect(seen.map((h) => h.title)).toEqual(OPTIONS.map((o) => o.label));
    // No name is cut sideways: a long one wraps instead.
    expect(seen.map((h) => h.text)).toEqual(OPTIONS.map((o) => o.label));
    expect(seen.filter((h) => h.cutSideways)).toEqual([]);
    await manager.locator("table.heatmap").screenshot({ path: screenshotPath("confusion-long-labels") });
    await manager.context().close();
    expect(pageErrors).toEqual([]);
  });

  it("names the viewer's zone beside the deadline and saves that wall time in that zone", async () => {
    expect(projectId).toBeGreaterThan(0);
    // The browser runs in New York, but the viewer picked Tokyo for the console.
    const manager = await signedIn(MANAGER, { timezoneId: "America/New_York" });
    await manager.evaluate(() => window.localStorage.setItem("quorum.time-zone", "Asia/Tokyo"));
    await manager.goto(`${url()}/console/projects/${projectId}/edit`);
    const deadline = manager.getByLabel("Deadline", { exact: true });
    await deadline.waitFor();
    await deadline.fill("2027-01-15T17:00");
    const hint = manager.locator("#" + (await deadline.getAttribute("aria-describedby"))!.split(" ")[0]);
    expect(await hint.textContent()).toBe("Date and time in Asia/Tokyo (GMT+09:00)");
    await manager.getByRole("button", { name: "Save changes" }).first().click();
    const savedDeadline = async () => {
      const project = await manager.request.get(`${url()}/api/v1/projects/${projectId}`);
      return Date.parse(((await project.json()) as { deadline: string | null }).deadline ?? "");
    };
    await expect.poll(savedDeadline).toBe(Date.UTC(2027, 0, 15, 8, 0));
    // Read back in the same zone: the same wall time.
    await manager.reload();
    await deadline.waitFor();
    await expect.poll(() => deadline.inputValue()).toBe("2027-01-15T17:00");
    await manager.context().close();
    expect(pageErrors).toEqual([]);
  });
});
