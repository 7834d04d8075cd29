import { parseCsv } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "./test-client.js";

const targets = await testTargets();

describe.each(targets)("audit log on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let close: () => Promise<void>;
  let adminId: number;
  let managerId: number;
  let personId: number;
  let projectId: number;

  beforeAll(async () => {
    const database = await target.open();
    close = () => database.close();
    t = await testApp(database);
    adminId = (await t.call("GET", "/auth/me", { cookie: t.admin })).json.user.id;
    const manager = await t.userSession("manager", { name: '=HYPERLINK("http://evil.example")' }, "audit");
    managerId = manager.id;
    // A day of changes that matter, by an admin and a manager.
    const person = await t.userSession("annotator", {}, "audited");
    personId = person.id;
    t.clock.now += 1000;
    await t.call("PATCH", `/users/${personId}`, { cookie: t.admin, body: { role: "reviewer" } });
    await t.call("PATCH", `/users/${personId}`, { cookie: manager.cookie, body: { password: "sturdy-otter-31" } });
    const token = await t.call("POST", "/auth/tokens", { cookie: manager.cookie, body: { name: "etl" } });
    await t.call("DELETE", `/auth/tokens/${token.json.id}`, { cookie: manager.cookie });
    await t.call("POST", "/auth/password", {
      cookie: manager.cookie,
      body: { currentPassword: "password-123", newPassword: "quiet-meadow-88" },
    });
    const project = await t.call("POST", "/projects", {
      cookie: manager.cookie,
      body: { name: "Audited", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    projectId = project.json.id;
    await t.call("PATCH", `/projects/${projectId}`, { cookie: manager.cookie, body: { goldPolicy: { share: 0.1 } } });
    await t.call("GET", `/projects/${projectId}/export?format=csv`, { cookie: manager.cookie });
    await t.call("PATCH", `/users/${personId}`, { cookie: t.admin, body: { status: "deactivated" } });
  });
  afterAll(() => close());

  const actions = (entries: { action: string }[]) => entries.map((e) => e.action);

  it("records who changed users, roles, passwords, tokens, policies and exports, newest first", async () => {
    const log = await t.call("GET", "/audit-log", { cookie: t.admin });
    expect(log.status).toBe(200);
    expect(actions(log.json.entries)).toEqual([
      "user.update",
      "data.export",
      "project.update",
      "project.create",
      "auth.password.change",
      "auth.token.revoke",
      "auth.token.create",
      "user.password.reset",
      "user.update",
      "user.create",
      "user.create",
    ]);
    const [deactivated, , policy] = log.json.entries;
    expect(deactivated).toMatchObject({
      actorId: adminId,
      actorEmail: "admin@test.local",
      details: { userId: personId, before: { status: "active" }, after: { status: "deactivated" } },
    });
    expect(policy).toMatchObject({ actorId: managerId, projectId, details: { goldPolicy: { share: 0.1 } } });
    const roleChange = log.json.entries.find(
      (e: { action: string; details: { after?: { role?: string } } }) => e.details.after?.role === "reviewer",
    );
    expect(roleChange).toMatchObject({ actorId: adminId, details: { before: { role: "annotator" } } });
    expect(log.text).not.toContain("sturdy-otter-31");
    expect(log.text).not.toContain("quiet-meadow-88");
    expect(Date.parse(deactivated.createdAt)).toBe(t.clock.now);
  });

  it("pages by keyset and filters by action prefix, actor, project and time", async () => {
    const seen: string[] = [];
    let before: number | null = null;
    do {
      const page: { json: { entries: { action: string }[]; next: number | null } } = await t.call(
        "GET",
        `/audit-log?limit=4${before === null ? "" : `&before=${before}`}`,
        { cookie: t.admin },
      );
      expect(page.json.entries.length).toBeLessThanOrEqual(4);
      seen.push(...actions(page.json.entries));
      before = page.json.next;
    } while (before !== null);
    expect(seen).toHaveLength(11);

    const auth = await t.call("GET", "/audit-log?action=auth.", { cookie: t.admin });
    expect(actions(auth.json.entries)).toEqual(["auth.password.change", "auth.token.revoke", "auth.token.create"]);
    const byManager = await t.call("GET", `/audit-log?actorId=${managerId}&action=user.password.reset`, {
      cookie: t.admin,
    });
    expect(byManager.json.entries).toHaveLength(1);
    const inProject = await t.call("GET", `/audit-log?projectId=${projectId}`, { cookie: t.admin });
    expect(actions(inProject.json.entries)).toEqual(["data.export", "project.update", "project.create"]);
    const future = new Date(t.clock.now + 1).toISOString();
    expect((await t.call("GET", `/audit-log?since=${future}`, { cookie: t.admin })).json.entries).toEqual([]);
    expect((await t.call("GET", "/audit-log?action=DROP TABLE", { cookie: t.admin })).status).toBe(400);
  });

  it("exports as CSV with every matching entry, formulas neutralised", async () => {
    const file = await t.call("GET", "/audit-log?format=csv", { cookie: t.admin });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("text/csv");
    const rows: string[][] = [];
    for await (const record of parseCsv([file.text])) rows.push(record.fields);
    expect(rows[0]).toEqual([
      "id",
      "created_at",
      "actor_id",
      "actor_email",
      "actor_name",
      "action",
      "project_id",
      "details",
    ]);
    expect(rows).toHaveLength(12);
    expect(rows.flat()).toContain('\'=HYPERLINK("http://evil.example")');
  });

  it("is for admins only", async () => {
    const manager = await t.userSession("manager", {}, "audit-reader");
    expect((await t.call("GET", "/audit-log", { cookie: manager.cookie })).status).toBe(403);
  });
});
