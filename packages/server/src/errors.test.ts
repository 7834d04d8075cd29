import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("errors and all-or-nothing writes on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let projectId: number;

  beforeAll(async () => {
    t = await openTestApp(target);
    ({ id: projectId } = await createProjectWithTasks(t, {
      name: "Mod",
      schema: { type: "single_choice", options: ["ok", "spam"] },
      overlap: 1,
    }));
  });
  afterAll(() => t.close());

  it("answers bad JSON with 400 and the error envelope", async () => {
    const response = await t.call("POST", "/projects", {
      cookie: t.admin,
      raw: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: "invalid_input", details: [{ path: "body" }] });
  });

  it("names the field of a bad schema", async () => {
    const response = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Bad", schema: { type: "single_choice", options: ["a", "a"] } },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.details).toEqual([{ path: "schema.options[1]", message: 'duplicate option "a"' }]);
    const missing = await t.call("POST", "/projects", { cookie: t.admin, body: { schema: { type: "rating" } } });
    expect(missing.json.error.details.map((d: { path: string }) => d.path)).toContain("name");
  });

  it("names every bad quality-control field at once", async () => {
    const response = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name: "Policies",
        schema: { type: "single_choice", options: ["a", "b"] },
        goldPolicy: { share: 0.9 },
        overlapPolicy: { mode: "dynamic", min: 4, max: 2 },
        qualityRules: { action: "fire" },
      },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.details.map((d: { path: string }) => d.path)).toEqual([
      "goldPolicy.share",
      "overlapPolicy.max",
      "qualityRules.action",
    ]);
  });

  it("rejects a whole import naming each bad line and field, and writes nothing", async () => {
    const file = [
      '{"data":{"text":"fine"}}',
      '{"data":{"text":"bad gold"},"gold":"maybe"}',
      "not json",
      '{"data":{"text":"fine too"}}',
    ].join("\n");
    const response = await t.call("POST", `/projects/${projectId}/imports?format=jsonl`, {
      cookie: t.admin,
      raw: file,
    });
    expect(response.status).toBe(400);
    expect(response.json.imported).toBe(0);
    expect(response.json.errors.map((e: { line: number; path: string }) => `${e.line}:${e.path}`)).toEqual([
      "2:gold",
      "3:record",
    ]);
    const stats = await t.call("GET", `/projects/${projectId}/stats`, { cookie: t.admin });
    expect(stats.json.tasks.total).toBe(0);
  });

  it("lists at most 100 problems of a very bad file", async () => {
    const file = Array.from({ length: 500 }, () => "{").join("\n");
    const response = await t.call("POST", `/projects/${projectId}/imports?format=jsonl`, {
      cookie: t.admin,
      raw: file,
    });
    expect(response.status).toBe(400);
    expect(response.json.errors).toHaveLength(100);
  });

  it("rejects an invalid answer with the schema's words and stores nothing", async () => {
    await t.call("POST", `/projects/${projectId}/imports`, { cookie: t.admin, raw: '{"data":{"text":"x"}}' });
    const annotator = await t.userSession("annotator");
    const lease = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
    const bad = await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: "maybe", activeMs: 10, clientKey: "k" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0]).toEqual({ path: "value", message: 'must be one of "ok", "spam"' });
    const missing = await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: "ok" },
    });
    expect(missing.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["activeMs", "clientKey"]);
    const good = await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: "ok", activeMs: 10, clientKey: "k" },
    });
    expect(good.status).toBe(201);
    const again = await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: "ok", activeMs: 10, clientKey: "k" },
    });
    expect(again.status).toBe(200);
    expect(again.json.judgment.id).toBe(good.json.judgment.id);
  });

  it("stops serving a project the moment a manager pauses it, and resumes when reactivated", async () => {
    const { id } = await createProjectWithTasks(
      t,
      { name: "Pausable", schema: { type: "single_choice", options: ["a", "b"] }, overlap: 1 },
      ['{"data":{"text":"x"}}', '{"data":{"text":"y"}}'],
    );
    const annotator = await t.userSession("annotator");
    expect((await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie })).status).toBe(200);
    await t.call("PATCH", `/projects/${id}`, { cookie: t.admin, body: { status: "paused" } });
    expect((await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie })).status).toBe(404);
    await t.call("PATCH", `/projects/${id}`, { cookie: t.admin, body: { status: "active" } });
    expect((await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie })).status).toBe(200);
  });

  it("answers an expired lease with a clear 409", async () => {
    const { id } = await createProjectWithTasks(
      t,
      { name: "Short leases", schema: { type: "rating", min: 1, max: 5 }, overlap: 1, leaseSeconds: 60 },
      ['{"data":{"text":"x"}}'],
    );
    const annotator = await t.userSession("annotator");
    const lease = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie });
    t.clock.now += 61_000;
    const late = await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: 3, activeMs: 10, clientKey: "late" },
    });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("lease_expired");
  });

  it("rate-limits failed sign-ins", async () => {
    const attempts = [];
    for (let i = 0; i < 12; i++)
      attempts.push(
        (await t.call("POST", "/auth/login", { body: { email: "admin@test.local", password: "wrong" } })).status,
      );
    expect(attempts.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(attempts[11]).toBe(429);
  });

  it("serves the OpenAPI document and a docs page", async () => {
    const doc = await t.call("GET", "/openapi.json");
    expect(doc.json.openapi).toBe("3.1.0");
    expect(doc.json.paths["/projects/{id}/assignments/next"].post).toBeDefined();
    expect(
      doc.json.paths["/projects"].post.requestBody.content["application/json"].schema.properties.name,
    ).toBeDefined();
    const page = await t.app.request("/api/docs");
    const html = await page.text();
    // No inline script: Swagger UI and its start-up are files served from the package.
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(["/api/docs/swagger-ui-bundle.js", "/api/docs/init.js"]);
    for (const src of [...scripts, "/api/docs/swagger-ui.css"]) {
      const asset = await t.app.request(src);
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(src.endsWith("init.js") ? 100 : 10_000);
    }
    // A table of contents by tag, and request examples in the document.
    expect(html).toContain('<a href="#/Projects">Projects</a>');
    expect(doc.json.paths["/projects"].post.requestBody.content["application/json"].example.name).toBeTruthy();
  });
});
