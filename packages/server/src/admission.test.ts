import { testTargets } from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmissionGate } from "./admission.js";
import { testApp } from "./test-client.js";

describe("the admission gate", () => {
  it("admits up to the in-flight limit, queues up to the queue limit and refuses the rest at once", async () => {
    const gate = new AdmissionGate({ maxInFlight: 2, targetMs: 25, maxQueued: 1, maxWaitMs: 10_000, maxLagMs: 30 });
    expect(await gate.enter()).toBe(true);
    expect(await gate.enter()).toBe(true);
    const queued = gate.enter();
    expect(queued).toBeInstanceOf(Promise);
    expect(await gate.enter()).toBe(false);
    expect(gate.load).toEqual({ inFlight: 2, limit: 2, queued: 1, refused: 1 });
    gate.leave(1);
    expect(await queued).toBe(true);
    expect(gate.load).toEqual({ inFlight: 2, limit: 2, queued: 0, refused: 1 });
    gate.leave(1);
    gate.leave(1);
    expect(gate.load.inFlight).toBe(0);
  });

  it("refuses a queued request that waited longer than the limit, and serves waiters first come first served", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, targetMs: 25, maxQueued: 5, maxWaitMs: 30, maxLagMs: 30 });
    expect(await gate.enter()).toBe(true);
    const expired = await gate.enter();
    expect(expired).toBe(false);
    const order: number[] = [];
    const first = (gate.enter() as Promise<boolean>).then((ok) => ok && order.push(1));
    const second = (gate.enter() as Promise<boolean>).then((ok) => ok && order.push(2));
    gate.leave(1);
    await first;
    gate.leave(1);
    await second;
    expect(order).toEqual([1, 2]);
  });

  it("refuses every new request while the event loop lags behind, and admits again once it catches up", () => {
    let lag = 0;
    const gate = new AdmissionGate(
      { maxInFlight: 64, targetMs: 25, maxQueued: 10, maxWaitMs: 50, maxLagMs: 30 },
      () => lag,
    );
    expect(gate.enter()).toBe(true);
    lag = 80;
    expect(gate.enter()).toBe(false);
    expect(gate.load.refused).toBe(1);
    lag = 5;
    expect(gate.enter()).toBe(true);
  });

  it("shrinks the limit while requests take longer than the target and grows it back when they are quick", () => {
    const gate = new AdmissionGate({ maxInFlight: 64, targetMs: 25, maxQueued: 0, maxWaitMs: 0, maxLagMs: 30 });
    let clock = 0;
    // A slow period: every answer takes 200 ms; one decrease per 25 ms however many answers come.
    for (let i = 0; i < 400; i++) {
      while (gate.enter() === true);
      clock += 5;
      gate.leave(200, clock);
    }
    const shrunk = gate.load.limit;
    expect(shrunk).toBeLessThan(8);
    expect(shrunk).toBeGreaterThanOrEqual(2);
    // Quick answers while the limit is reached: it grows by about one per round of requests.
    for (let i = 0; i < 2000; i++) {
      while (gate.enter() === true);
      clock += 1;
      gate.leave(2, clock);
    }
    expect(gate.load.limit).toBeGreaterThan(40);
    expect(gate.load.limit).toBeLessThanOrEqual(64);
    // Quick answers while few requests are in flight say nothing about a higher limit.
    const idle = new AdmissionGate({ maxInFlight: 64, targetMs: 25, maxQueued: 0, maxWaitMs: 0, maxLagMs: 30 });
    for (let i = 0; i < 100; i++) {
      idle.enter();
      idle.leave(1, i);
    }
    expect(idle.load.limit).toBe(64);
  });
});

const targets = await testTargets();

describe.each(targets)("admission control over HTTP on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let close: () => Promise<void>;
  let database: Awaited<ReturnType<typeof target.open>>;

  beforeAll(async () => {
    database = await target.open();
    close = () => database.close();
    t = await testApp(database, undefined, {
      admission: { maxInFlight: 1, targetMs: 10_000, maxQueued: 1, maxWaitMs: 300, maxLagMs: 10_000 },
    });
  });
  afterAll(() => close());

  /** Holds the sessions table (SQLite: the one connection) until `release` is called, so session lookups wait. */
  async function holdSessions() {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const done = database.db.transaction().execute(async (trx) => {
      if (database.dialect === "postgres") await sql`LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    return async () => {
      release();
      await done;
    };
  }

  it("answers the excess with a fast 503 and Retry-After while the admitted request is worked on", async () => {
    const release = await holdSessions();
    const admitted = t.call("GET", "/auth/me", { cookie: t.admin });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const queued = t.call("GET", "/auth/me", { cookie: t.admin });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = performance.now();
    const refused = await t.call("GET", "/auth/me", { cookie: t.admin });
    expect(performance.now() - started).toBeLessThan(250);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.json.error).toMatchObject({ code: "overloaded", message: expect.any(String), details: [] });
    // The health check stays outside the gate: a busy server is alive.
    expect((await t.call("GET", "/health")).status).toBe(200);
    // The queued one waited its 300 ms for a slot and was refused too.
    expect((await queued).status).toBe(503);
    await release();
    expect((await admitted).status).toBe(200);
    expect((await t.call("GET", "/auth/me", { cookie: t.admin })).status).toBe(200);
  });

  it("lets a client that is slow to send its body hold no slot", async () => {
    let finishBody!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"email": "admin@test.local", '));
        finishBody = () => {
          controller.enqueue(new TextEncoder().encode('"password": "wrong-password"}'));
          controller.close();
        };
      },
    });
    const slow = t.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 3; i++) expect((await t.call("GET", "/auth/me", { cookie: t.admin })).status).toBe(200);
    finishBody();
    expect((await slow).status).toBe(401);
  });
});
