/**
 * A vendor lead's console pages say what they cover and offer only what the lead can use, on the
 * demo workspace in Debian's Chromium against `quorum serve`: the wellbeing page picks a person by
 * name from the lead's own people (not a numeric id), counts days in the workspace's time zone and
 * says which, calls its all-people check-in row the lead's vendor's people, and greys out the
 * settings the lead cannot change; the cost page names the vendor whose work it covers; the
 * reports page keeps the note for analysts to those it applies to; the people page has no vendor
 * filter for one vendor; a person's page names its details card for all it holds and links to
 * their scorecard. A manager still gets the manager's versions.
 */
import { describe, expect, it } from "vitest";
import { browserAvailable, screenshotPath } from "./support/browser.js";
import { demoInBrowser } from "./support/demo-in-browser.js";

const available = browserAvailable();
const LEAD = "vendor-lead@quorum.local";
const MANAGER = "manager@quorum.local";

interface Person {
  id: number;
  name: string;
  role: string;
  vendor: string | null;
}

describe.skipIf(!available)("a vendor lead's console pages of the demo workspace in Chromium", () => {
  const { url, signedIn, pageErrors } = demoInBrowser();

  it("picks a person for the wellbeing figures by name among the lead's own people", async () => {
    const page = await signedIn(LEAD);
    const { users } = (await (await page.request.get(`${url()}/api/v1/users?role=annotator`)).json()) as {
      users: Person[];
    };
    const person = users.find((u) => u.vendor === "Lexicon Partners");
    expect(person).toBeDefined();
    await page.goto(`${url()}/console/wellbeing`);
    const picker = page.getByLabel("Person", { exact: true });
    await picker.waitFor();
    // The picker shows before the people's list arrives: wait for its options, not only for it.
    const peopleOffered = async () =>
      (await picker.locator("option").allTextContents()).filter((text) => text !== "Choose a person");
    await expect.poll(async () => (await peopleOffered()).length).toBeGreaterThan(0);
    const offered = await peopleOffered();
    // Only the lead's own people: everyone offered is one of theirs.
    const theirs = new Set(users.map((u) => u.name));
    for (const text of offered) expect(theirs.has(text.split(" · ")[0] ?? "")).toBe(true);
    await page.getByLabel("Find a person").fill(person!.name.slice(0, 5));
    expect(await picker.locator("option", { hasText: person!.name }).count()).toBe(1);
    await picker.selectOption({ label: (await picker.locator("option", { hasText: person!.name }).textContent())! });
    const exposure = page.getByTestId("person-exposure");
    await exposure.waitFor();
    expect(await page.getByTestId("person-exposure-of").textContent()).toContain(person!.name);
    expect(pageErrors).toEqual([]);
  });

  it("counts wellbeing days in the workspace's zone, names the lead's vendor's row, greys out what the lead cannot change", async () => {
    const page = await signedIn(LEAD, { path: "/console/wellbeing" });
    const zone = page.getByTestId("wellbeing-time-zone");
    await zone.waitFor();
    expect(await zone.textContent()).toContain("Europe/Berlin");
    expect(await page.getByRole("textbox", { name: /time zone/i }).count()).toBe(0);
    const summary = page.getByTestId("checkin-summary");
    await summary.waitFor();
    const rows = await summary.locator("tbody th").allTextContents();
    // One row, named for what it covers: a row of their vendor would repeat it.
    expect(rows).toEqual(["Your vendor's people"]);
    const disabled = page.getByLabel("Default budget: Items per day");
    expect(await disabled.isDisabled()).toBe(true);
    const disabledLook = await disabled.evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, cursor: style.cursor, color: style.color };
    });
    await page.screenshot({ path: screenshotPath("vendor-lead-wellbeing-polished"), fullPage: true });

    const manager = await signedIn(MANAGER, { path: "/console/wellbeing" });
    const enabled = manager.getByLabel("Default budget: Items per day");
    await enabled.waitFor();
    const enabledLook = await enabled.evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, cursor: style.cursor, color: style.color };
    });
    expect(disabledLook.cursor).toBe("not-allowed");
    expect(disabledLook.background).not.toBe(enabledLook.background);
    expect(disabledLook.color).not.toBe(enabledLook.color);
    await manager.getByTestId("checkin-summary").waitFor();
    expect(await manager.getByTestId("checkin-summary").locator("tbody th").allTextContents()).toContain("Everyone");
    expect(pageErrors).toEqual([]);
  });

  it("words the cost page by the vendor it covers and keeps the analysts' note from the lead", async () => {
    const page = await signedIn(LEAD, { path: "/console/cost" });
    const intro = page.getByText(/The cost of the work of/);
    await intro.waitFor();
    expect(await intro.textContent()).toContain("Lexicon Partners");
    expect(await page.getByText("your team's work").count()).toBe(0);

    await page.goto(`${url()}/console/reports`);
    await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
    expect(await page.getByText(/Analysts with database access/).count()).toBe(0);
    const analyst = await signedIn("analyst@quorum.local", { path: "/console/reports" });
    await analyst.getByText(/Analysts with database access/).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("gives the lead no vendor filter, and a person's page with its details named and a scorecard link", async () => {
    const page = await signedIn(LEAD, { path: "/console/people" });
    await page.getByLabel("Team").first().waitFor();
    expect(await page.getByRole("combobox", { name: "Vendor" }).count()).toBe(0);
    expect(await page.getByText("Any vendor").count()).toBe(0);

    const { users } = (await (await page.request.get(`${url()}/api/v1/users?role=annotator`)).json()) as {
      users: Person[];
    };
    const person = users.find((u) => u.vendor === "Lexicon Partners")!;
    await page.goto(`${url()}/console/people/${person.id}`);
    await page.getByRole("heading", { name: "Vendor, team, region and time zone" }).waitFor();
    await page.getByRole("link", { name: "Scorecard" }).click();
    await page.waitForURL(`${url()}/console/people/${person.id}/scorecard`);
    await page.screenshot({ path: screenshotPath("vendor-lead-person-scorecard-link"), fullPage: true });

    const manager = await signedIn(MANAGER, { path: "/console/people" });
    await manager.getByRole("combobox", { name: "Vendor" }).waitFor();
    await manager.goto(`${url()}/console/people/${person.id}`);
    await manager.getByRole("link", { name: "Scorecard" }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
