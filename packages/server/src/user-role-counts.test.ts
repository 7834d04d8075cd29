import { insertUser, recordStatements, testTargets, updateUser } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const MANY = 400;

/**
 * `GET /users/role-counts`: how many people hold each role (the projects page's "Getting started"
 * ticks its invite steps from it), counted in the database instead of sending every user.
 */
describe.each(targets)("people counted by role on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let manager: TestSession;

  beforeAll(async () => {
    t = await openTestApp(target);
    manager = await t.userSession("manager", {}, "counts");
  });
  afterAll(() => t.close());

  it("counts the people who can work in each role, deactivated and erased ones left out", async () => {
    const empty = await t.call("GET", "/users/role-counts", { cookie: manager.cookie });
    expect(empty.status).toBe(200);
    // The test app's admin and this manager; every role is listed, zero or not.
    expect(empty.json.counts).toEqual({
      admin: 1,
      manager: 1,
      reviewer: 0,
      annotator: 0,
      analyst: 0,
      finance: 0,
      vendor_lead: 0,
    });

    const reviewer = await t.userSession("reviewer", {}, "counts");
    const gone = await t.userSession("annotator", { languages: ["en"] }, "gone");
    await updateUser(t.database.db, gone.id, { status: "deactivated" });
    const counted = await t.call("GET", "/users/role-counts", { cookie: manager.cookie });
    expect(counted.json.counts).toMatchObject({ reviewer: 1, annotator: 0 });
    await t.database.db.updateTable("users").set({ status: "erased" }).where("id", "=", reviewer.id).execute();
    expect((await t.call("GET", "/users/role-counts", { cookie: manager.cookie })).json.counts.reviewer).toBe(0);
  });

  it("answers a workspace of many people with a few bytes and one counting statement, not its users", async () => {
    const at = Date.now();
    for (let i = 0; i < MANY; i++)
      await insertUser(
        t.database.db,
        { email: `many-${i}@test.local`, name: `Many ${i}`, passwordHash: "x", role: "annotator", vendor: "Acme" },
        at,
      );
    let response: Awaited<ReturnType<typeof t.call>> | undefined;
    const statements = await recordStatements(async () => {
      response = await t.call("GET", "/users/role-counts", { cookie: manager.cookie });
    });
    expect(response?.json.counts.annotator).toBe(MANY);
    // Old code read GET /users: every user's profile, about 300 bytes each.
    expect(response?.text.length).toBeLessThan(200);
    const reads = statements.filter((s) => /from "users"/.test(s.sql) && /count\(/i.test(s.sql));
    expect(reads).toHaveLength(1);
    expect(reads[0]?.sql).toMatch(/group by "role"/);
  });

  it("counts only a vendor lead's own people for them, and nothing for a role without users.read", async () => {
    const lead = await t.userSession("vendor_lead", { vendor: "Acme" }, "counts");
    const own = await t.call("GET", "/users/role-counts", { cookie: lead.cookie });
    expect(own.json.counts).toMatchObject({ annotator: MANY, vendor_lead: 1, manager: 0, admin: 0 });
    const other = await t.userSession("vendor_lead", { vendor: "Other" }, "other");
    expect((await t.call("GET", "/users/role-counts", { cookie: other.cookie })).json.counts).toMatchObject({
      annotator: 0,
      vendor_lead: 1,
    });
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "counter");
    expect((await t.call("GET", "/users/role-counts", { cookie: annotator.cookie })).status).toBe(403);
  });
});
