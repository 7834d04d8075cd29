/**
 * A vendor lead's and finance's pages on the demo workspace, in Debian's Chromium against `quorum
 * serve` with its demo. For the vendor lead: a person's scorecard speaks of the person ("Gold answers they missed", "Their answer"),
 * not to the lead as if they had missed them; the wellbeing settings, which only admins and
 * managers change, are shown read-only with a note instead of as a form with no way to save; and
 * the cost page does not tell the lead to add rate cards (they cannot) when nothing is unpriced;
 * the support inbox holds their people's threads (waiting, answered, resolved) and no one else's,
 * read-only, and shows staff's answer once given.
 * For finance in German: the top bar (its links and the time zone of daily figures) is German
 * throughout, not German with English links.
 */
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();
const LEAD = "vendor-lead@quorum.local";

describe.skipIf(!available)("a vendor lead's and finance's pages of the demo workspace in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("shows a person's missed gold answers as theirs, not the lead's", async () => {
    const page = await signedIn(LEAD);
    // One of the lead's people with missed gold answers, found through the API the page uses.
    const { users } = (await (await page.request.get(`${url()}/api/v1/users?role=annotator`)).json()) as {
      users: { id: number; name: string }[];
    };
    let person: { id: number; name: string } | undefined;
    for (const user of users) {
      const coaching = await (await page.request.get(`${url()}/api/v1/users/${user.id}/coaching`)).json();
      if (coaching.groups.length > 0) {
        person = user;
        break;
      }
    }
    expect(person).toBeDefined();
    await page.goto(`${url()}/console/people/${person!.id}/scorecard`);
    const coaching = page.getByTestId("coaching");
    await coaching.getByRole("heading", { name: "Gold answers they missed" }).waitFor();
    const text = (await coaching.textContent()) ?? "";
    expect(text).toContain("Their answer:");
    expect(text).not.toMatch(/you missed|Your answer/);
    await page.screenshot({ path: screenshotPath("vendor-lead-scorecard"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("shows the wellbeing settings read-only, saying who changes them", async () => {
    const page = await signedIn(LEAD, { path: "/console/wellbeing" });
    await page.getByTestId("wellbeing-read-only").waitFor();
    expect(await page.getByTestId("wellbeing-read-only").textContent()).toBe(
      "Only admins and managers change these settings.",
    );
    const budget = page.getByLabel("Default budget: Items per day");
    expect(await budget.isDisabled()).toBe(true);
    expect(await page.getByLabel("Session cap (minutes)").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Save" }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath("vendor-lead-wellbeing"), fullPage: true });

    // A manager still edits them.
    const manager = await signedIn("manager@quorum.local", { path: "/console/wellbeing" });
    await manager.getByRole("button", { name: "Save" }).waitFor();
    expect(await manager.getByLabel("Default budget: Items per day").isDisabled()).toBe(false);
    expect(await manager.getByTestId("wellbeing-read-only").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("does not ask the lead to add a rate card when every judgment is priced", async () => {
    const page = await signedIn(LEAD, { path: "/console/cost" });
    await expect.poll(() => page.getByTestId("cost-total").textContent()).toMatch(/\$/);
    const unpriced = page.locator(".kpi", { hasText: "Unpriced judgments" });
    expect(await unpriced.locator(".kpi-value").textContent()).toBe("0");
    expect(await unpriced.textContent()).not.toContain("add one");
    expect(await page.getByTestId("unpriced-hint").count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("shows the lead their people's support threads and not others', read-only, with staff's answer once given", async () => {
    const page = await signedIn(LEAD);
    // The lead's people, and the threads staff see from people outside the lead's vendor.
    const { users } = (await (await page.request.get(`${url()}/api/v1/users?role=annotator`)).json()) as {
      users: { id: number; name: string }[];
    };
    const ours = new Set(users.map((u) => u.name));
    const manager = await signedIn("manager@quorum.local");
    type Thread = { id: number; projectId: number; annotatorName: string; text: string; status: string };
    const all = (await (await manager.request.get(`${url()}/api/v1/support/threads`)).json()).threads as Thread[];
    const theirs = all.filter((t) => !ours.has(t.annotatorName));
    // The demo draws questions from one pool, so a text may be asked by one of ours too: those prove nothing.
    const ourTexts = new Set(all.filter((t) => ours.has(t.annotatorName)).map((t) => t.text.slice(0, 40)));
    const onlyTheirs = theirs.filter((t) => !ourTexts.has(t.text.slice(0, 40)));
    expect(theirs.length).toBeGreaterThan(0);

    await page.goto(`${url()}/console/support?status=`);
    const rows = page.locator(".support-table tbody tr");
    await rows.first().waitFor();
    const shown = await rows.allTextContents();
    // Waiting, answered and resolved threads, every one from the lead's people.
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const row of shown) expect([...ours].some((name) => row.includes(name))).toBe(true);
    for (const thread of onlyTheirs) expect(shown.join("\n")).not.toContain(thread.text.slice(0, 40));
    for (const status of ["Waiting for an answer", "Answered", "Resolved"]) expect(shown.join("\n")).toContain(status);
    await page.screenshot({ path: screenshotPath("vendor-lead-support-inbox"), fullPage: true });

    // The waiting one opens beside the list for reading: the lead does not answer for staff.
    const waiting = all.find((t) => ours.has(t.annotatorName) && t.status === "open")!;
    await page.getByRole("button", { name: waiting.text }).click();
    const thread = page.locator("article.support-thread");
    await expect.poll(() => thread.textContent()).toContain(waiting.text);
    expect(await thread.getByLabel("Your reply").count()).toBe(0);
    const posted = await page.request.post(
      `${url()}/api/v1/projects/${waiting.projectId}/questions/${waiting.id}/messages`,
      { data: { body: "From the lead" } },
    );
    expect(posted.status()).toBe(403);

    // Staff answer it in their inbox; the lead then reads the answer in the thread.
    await manager.goto(`${url()}/console/support`);
    await manager.getByRole("button", { name: waiting.text }).click();
    const answer = "Yes: label a mixed-language post by what it does, in either language.";
    await manager.getByLabel("Your reply").fill(answer);
    await manager.getByRole("button", { name: "Send reply" }).click();
    await expect.poll(() => manager.locator("article.support-thread").textContent()).toContain(answer);
    await page.reload();
    await page.getByRole("button", { name: waiting.text }).click();
    await expect.poll(() => page.locator("article.support-thread").textContent()).toContain(answer);
    await page.screenshot({ path: screenshotPath("vendor-lead-support-thread"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("gives finance the top bar in the language chosen, every link and the time zone picker", async () => {
    const page = await signedIn("finance@quorum.local");
    await page.getByLabel("Language", { exact: true }).selectOption("de");
    const nav = page.getByRole("navigation", { name: "Konsole" });
    await nav.getByRole("link", { name: "Kosten", exact: true }).waitFor();
    expect((await nav.getByRole("link").allTextContents()).map((text) => text.trim())).toEqual([
      "Kosten",
      "Berichte",
      "API",
    ]);
    const picker = page.getByTestId("time-zone-picker");
    expect(await picker.getAttribute("aria-label")).toBe("Zeitzone der Tageswerte");
    expect(await picker.locator("option").first().textContent()).toBe("Zeitzone des Arbeitsbereichs");
    await page.screenshot({ path: screenshotPath("finance-top-bar-de") });
    expect(pageErrors).toEqual([]);
  });
});
