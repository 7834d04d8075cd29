import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "./test-client.js";

const targets = await testTargets();

describe.each(targets)("request limits and bad input on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let close: () => Promise<void>;
  let projectId: number;

  beforeAll(async () => {
    const database = await target.open();
    close = () => database.close();
    t = await testApp(database, undefined, { limits: { importBytes: 50_000 } });
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Limits", schema: { type: "single_choice", options: ["ok", "spam"] } },
    });
    projectId = project.json.id;
  });
  afterAll(() => close());

  const expectErrorShape = (response: { json: { error: unknown } }, code: string) =>
    expect(response.json.error).toMatchObject({ code, message: expect.any(String), details: expect.any(Array) });

  it("refuses a JSON body over 1 MiB on the anonymous sign-in with 413, by length and while streaming", async () => {
    const huge = JSON.stringify({ email: "admin@test.local", password: "x".repeat(1_100_000) });
    const declared = await t.call("POST", "/auth/login", {
      raw: huge,
      headers: { "content-type": "application/json", "content-length": String(huge.length) },
    });
    expect(declared.status).toBe(413);
    expectErrorShape(declared, "payload_too_large");
    const chunks = new TextEncoder().encode(huge);
    const streamed = await t.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < chunks.length; at += 65_536) controller.enqueue(chunks.slice(at, at + 65_536));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe("payload_too_large");
  });

  it("streams imports under their own limit and answers 413 in the import error shape, importing nothing", async () => {
    const line = `${JSON.stringify({ data: { text: "x".repeat(100) } })}\n`;
    const response = await t.call("POST", `/projects/${projectId}/imports`, { cookie: t.admin, raw: line.repeat(600) });
    expect(response.status).toBe(413);
    expectErrorShape(response, "payload_too_large");
    expect(response.json.imported).toBe(0);
    expect(response.json.errors).toEqual([{ line: 0, path: "body", message: "at most 50000 bytes" }]);
    const fits = await t.call("POST", `/projects/${projectId}/imports`, { cookie: t.admin, raw: line.repeat(10) });
    expect(fits.status).toBe(200);
    expect(fits.json.imported).toBe(10);
  });

  it("answers 400, not 500, to NUL characters in names and query strings", async () => {
    const user = await t.call("POST", "/users", {
      cookie: t.admin,
      body: { email: "nul@test.local", name: "Ma\u0000ria", password: "password-123", role: "annotator" },
    });
    expect(user.status).toBe(400);
    expect(user.json.error.details).toEqual([{ path: "name", message: "must not contain NUL characters" }]);
    const project = await t.call("PATCH", `/projects/${projectId}`, {
      cookie: t.admin,
      body: { description: "a\u0000b" },
    });
    expect(project.status).toBe(400);
    const batch = await t.call("POST", `/projects/${projectId}/imports?batch=b%00`, {
      cookie: t.admin,
      raw: '{"data":{"text":"x"}}',
    });
    expect(batch.status).toBe(400);
    expect(batch.json.errors[0]).toMatchObject({ line: 0, path: "query.batch" });
    const id = await t.call("POST", `/projects/${projectId}/imports`, {
      cookie: t.admin,
      raw: '{"data":{"text":"x"},"id":"doc\\u0000"}',
    });
    expect(id.status).toBe(400);
    expect(id.json.errors).toEqual([{ line: 1, path: "id", message: "must not contain NUL characters" }]);
  });

  it("answers 400 to task data nested 5,000 deep and to JSON bodies nested too deep", async () => {
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const jsonl = await t.call("POST", `/projects/${projectId}/imports`, {
      cookie: t.admin,
      raw: `{"data":{"text":${deep}}}`,
    });
    expect(jsonl.status).toBe(400);
    expect(jsonl.json.errors).toEqual([{ line: 1, path: "data", message: "nests deeper than 64 levels" }]);
    const labelStudio = await t.call("POST", `/projects/${projectId}/imports?format=label-studio`, {
      cookie: t.admin,
      raw: `[{"data":{"text":${deep}}}]`,
    });
    expect(labelStudio.status).toBe(400);
    const body = await t.call("POST", "/projects", {
      cookie: t.admin,
      raw: `{"name":"Deep","schema":{"type":"single_choice","options":["a","b"]},"goldPolicy":${deep}}`,
      headers: { "content-type": "application/json" },
    });
    expect(body.status).toBe(400);
    expectErrorShape(body, "invalid_input");
  });

  it("answers 400 to an Origin that is not a URL on a cookie-authenticated write", async () => {
    for (const origin of ["null", "not a url", "http://"]) {
      const response = await t.call("POST", "/projects", {
        cookie: t.admin,
        headers: { origin, host: "quorum.test" },
        body: { name: "X", schema: { type: "single_choice", options: ["a", "b"] } },
      });
      expect(response.status, origin).toBe(400);
      expect(response.json.error.details[0].path).toBe("headers.origin");
    }
    const crossSite = await t.call("POST", "/projects", {
      cookie: t.admin,
      headers: { origin: "https://evil.example", host: "quorum.test" },
      body: { name: "X", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await t.call("POST", "/projects", {
      cookie: t.admin,
      headers: { origin: "http://quorum.test", host: "quorum.test" },
      body: { name: "X", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    expect(sameSite.status).toBe(201);
  });

  it("parses ids strictly: 0x1, 1e3, 01 and +1 are not ids", async () => {
    for (const id of ["0x1", "1e3", "01", "+1", "1.0", " 1"]) {
      const response = await t.call("GET", `/projects/${encodeURIComponent(id)}`, { cookie: t.admin });
      expect(response.status, id).toBe(400);
      expectErrorShape(response, "invalid_input");
    }
    expect((await t.call("GET", `/projects/${projectId}`, { cookie: t.admin })).status).toBe(200);
    for (const query of ["after=0x10", "limit=1e2", "after=1.5"]) {
      const response = await t.call("GET", `/projects/${projectId}/tasks?${query}`, { cookie: t.admin });
      expect(response.status, query).toBe(400);
      expect(response.json.error.details[0].path).toMatch(/^query\./);
    }
  });

  it("gives a vendor lead without a vendor their (empty) people instead of a 500", async () => {
    const lead = await t.userSession("vendor_lead", { vendor: null }, "novendor");
    const users = await t.call("GET", "/users", { cookie: lead.cookie });
    expect(users.status).toBe(200);
    expect(users.json.users.map((u: { id: number }) => u.id)).toEqual([lead.id]);
    const stats = await t.call("GET", `/projects/${projectId}/stats`, { cookie: lead.cookie });
    expect(stats.status).toBe(200);
    expect(stats.json.annotators).toEqual([]);
  });
});
