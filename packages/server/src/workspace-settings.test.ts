import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("the workspace's time zone on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Record<string, TestSession>;

  beforeAll(async () => {
    t = await openTestApp(target);
    roles = await signInEveryRole(t);
  });
  afterAll(() => t.close());

  it("is changed by admins and read by everyone signed in", async () => {
    const changed = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { timeZone: "Asia/Tokyo" } });
    expect(changed.status).toBe(200);
    expect(changed.json).toEqual({ timeZone: "Asia/Tokyo" });
    for (const session of Object.values(roles))
      expect((await t.call("GET", "/workspace/settings", { cookie: session.cookie })).json).toEqual({
        timeZone: "Asia/Tokyo",
      });
    expect((await t.call("GET", "/workspace/settings")).status).toBe(401);
  });

  it("refuses a zone that is not an IANA zone, naming timeZone, and keeps the one set", async () => {
    for (const timeZone of ["Mars/Olympus", "", "Europe/Berlin; drop table", 7]) {
      const refused = await t.call("PATCH", "/workspace/settings", { cookie: t.admin, body: { timeZone } });
      expect(refused.status, String(timeZone)).toBe(400);
      expect(refused.json.error.details.map((d: { path: string }) => d.path)).toEqual(["timeZone"]);
    }
    expect((await t.call("GET", "/workspace/settings", { cookie: t.admin })).json.timeZone).toBe("Asia/Tokyo");
  });

  it("is changed by no other role", async () => {
    for (const [role, session] of Object.entries(roles)) {
      if (role === "admin") continue;
      const refused = await t.call("PATCH", "/workspace/settings", {
        cookie: session.cookie,
        body: { timeZone: "Europe/Berlin" },
      });
      expect(refused.status, role).toBe(403);
    }
    expect((await t.call("GET", "/workspace/settings", { cookie: t.admin })).json.timeZone).toBe("Asia/Tokyo");
  });
});
