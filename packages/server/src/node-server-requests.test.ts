import { type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ADMISSION } from "./admission.js";
import { createApp } from "./app.js";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const JSON_BYTES = 2000;

const SECURITY_HEADERS = [
  "content-security-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "origin-agent-cluster",
  "referrer-policy",
  "x-content-type-options",
  "x-dns-prefetch-control",
  "x-download-options",
  "x-frame-options",
  "x-permitted-cross-domain-policies",
  "x-xss-protection",
];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: tests check response fields one by one
  json: any;
}

/**
 * One request over a real socket; `body` as a list of byte chunks is sent chunked (no
 * Content-Length), each chunk in its own write.
 */
function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Uint8Array[] } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunked = Array.isArray(options.body);
    const req = request(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(chunked ? { "transfer-encoding": "chunked" } : {}),
        ...options.headers,
      },
    });
    let answered = false;
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        answered = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined });
      });
    });
    // The server may answer a refused body and close while the client is still sending it.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    if (Array.isArray(options.body)) for (const chunk of options.body) req.write(chunk);
    else if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** `text` as UTF-8 in chunks of `size` bytes (cutting through multi-byte characters). */
function bytesIn(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
  return chunks;
}

/**
 * Under @hono/node-server the JSON body is read from the Node request and the security headers
 * are set on the Node response, not through web Request and Headers objects (issue 8): the same
 * answers as in process, over a real socket.
 */
describe.each(targets)("requests over a real socket on $dialect", (target) => {
  let t: TestAppWithDatabase;
  const servers: ReturnType<typeof serve>[] = [];
  /** Without admission control: the handler's `readJson` reads the body. */
  let plainUrl: string;
  /** With admission control, which reads the body before taking a slot. */
  let admittedUrl: string;

  async function listen(fetch: ReturnType<typeof createApp>["fetch"]): Promise<string> {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    t = await openTestApp(target, undefined, { limits: { jsonBytes: JSON_BYTES } });
    plainUrl = await listen(t.app.fetch);
    const admitted = createApp({
      database: t.database,
      now: () => t.clock.now,
      secureCookies: false,
      log: () => {},
      limits: { jsonBytes: JSON_BYTES },
      // Roomy limits: what is tested is the body read before a slot is taken, not the shedding
      // (a busy test machine's event-loop delay would refuse some of these requests).
      admission: { ...DEFAULT_ADMISSION, maxLagMs: 60_000, maxWaitMs: 60_000 },
    });
    admittedUrl = await listen(admitted.fetch);
  });
  afterAll(async () => {
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  const login = (email: string, password: string) => JSON.stringify({ email, password });

  it("answers with the same security headers as in process, on success, error and sign-in", async () => {
    const inProcess = await t.call("GET", "/health");
    const health = await send(plainUrl, "GET", "/health", { headers: { "x-request-id": "probe-1" } });
    const missing = await send(plainUrl, "GET", "/no-such-route");
    const signIn = await send(plainUrl, "POST", "/auth/login", { body: login("admin@test.local", "admin-password") });
    expect([health.status, missing.status, signIn.status]).toEqual([200, 404, 200]);
    for (const answer of [health, missing, signIn])
      for (const name of SECURITY_HEADERS) expect(answer.headers[name], name).toBe(inProcess.headers.get(name));
    expect(inProcess.headers.get("x-frame-options")).toBe("DENY");
    expect(health.headers["x-request-id"]).toBe("probe-1");
    expect(missing.headers["x-request-id"]).toMatch(/^[0-9a-f]{8}$/);
    expect(health.headers["content-type"]).toBe("application/json");
    expect(missing.json.error.code).toBe("not_found");
    expect(signIn.headers["set-cookie"]?.[0]).toMatch(/^quorum_session=/);
    expect(signIn.headers["strict-transport-security"]).toBeUndefined();
  });

  for (const [label, url] of [
    ["by the handler", () => plainUrl],
    ["by admission control", () => admittedUrl],
  ] as const) {
    describe(`a JSON body read ${label}`, () => {
      it("is read whole when sent chunked, multi-byte characters cut between chunks", async () => {
        const body = login("admin@test.local", "wrong-pässwörd-ü");
        const answer = await send(url(), "POST", "/auth/login", { body: bytesIn(body, 5) });
        // Read and parsed: the password is checked (and wrong), not refused as bad input.
        expect(answer.status).toBe(401);
        const right = await send(url(), "POST", "/auth/login", {
          body: bytesIn(login("admin@test.local", "admin-password"), 7),
        });
        expect(right.status).toBe(200);
      });

      it("is refused with 413 naming the limit, by Content-Length and while streaming", async () => {
        const huge = login("admin@test.local", "x".repeat(JSON_BYTES * 5));
        for (const body of [huge, bytesIn(huge, 1000)]) {
          const answer = await send(url(), "POST", "/auth/login", { body });
          expect(answer.status).toBe(413);
          expect(answer.json.error).toEqual({
            code: "payload_too_large",
            message: `The request body is larger than the limit of ${JSON_BYTES} bytes`,
            details: [{ path: "body", message: `at most ${JSON_BYTES} bytes` }],
          });
        }
        // The server goes on answering.
        expect((await send(url(), "GET", "/health")).status).toBe(200);
      });

      it("names invalid JSON and invalid UTF-8 as bad input", async () => {
        const notJson = await send(url(), "POST", "/auth/login", { body: bytesIn('{"email": "a@b.c",', 4) });
        expect(notJson.status).toBe(400);
        expect(notJson.json.error.code).toBe("invalid_input");
        expect(notJson.json.error.message).toBe("The request body is not valid JSON");
        expect(notJson.json.error.details[0].path).toBe("body");
        const notText = await send(url(), "POST", "/auth/login", {
          body: [new TextEncoder().encode('{"email": "'), new Uint8Array([0xc3]), new TextEncoder().encode('"}')],
        });
        expect(notText.status).toBe(400);
        expect(notText.json.error).toEqual({
          code: "invalid_input",
          message: "The request body is not UTF-8 text",
          details: [{ path: "body", message: "invalid UTF-8" }],
        });
      });

      it("takes an empty body as an empty object", async () => {
        const answer = await send(url(), "POST", "/auth/login", { body: "" });
        expect(answer.status).toBe(400);
        expect(answer.json.error.message).toBe("The request body is not valid");
      });
    });
  }
});
