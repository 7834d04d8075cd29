import { testTargets } from "@quorum/storage";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdmissionGate, type AdmissionLimits, DEFAULT_ADMISSION, shedsEarly } from "./admission.js";
import { simulateSaturatedLoop } from "./admission-model.js";
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
    const gate = new AdmissionGate({ maxInFlight: 1, targetMs: 5, maxQueued: 5, maxWaitMs: 30, maxLagMs: 30 });
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

  it("refuses every new request while the event loop lags far behind, and admits again once it catches up", () => {
    let lag = 0;
    const gate = new AdmissionGate(
      { maxInFlight: 64, targetMs: 25, maxQueued: 10, maxWaitMs: 50, maxLagMs: 30 },
      () => lag,
      Math.random,
      () => 0,
    );
    expect(gate.enter()).toBe(true);
    lag = 80;
    expect(gate.enter()).toBe(false);
    expect(gate.load.refused).toBe(1);
    lag = 5;
    expect(gate.enter()).toBe(true);
  });

  it("admits a page's burst at once while few requests arrive a second, however far behind the event loop is", () => {
    let clock = 0;
    const gate = new AdmissionGate(
      { maxInFlight: 8, targetMs: 25, maxQueued: 0, maxWaitMs: 0, maxLagMs: 30, minShedRate: 20 },
      () => 1_000,
      Math.random,
      () => clock,
    );
    // A dozen at once, past the limit of 8 and with the loop a second behind: all admitted.
    for (let i = 0; i < 12; i++) expect(gate.enter()).toBe(true);
    // Answered slowly, as pages are on a machine that other work keeps busy: the limit holds.
    for (let i = 0; i < 12; i++) {
      clock += 10;
      gate.leave(300);
    }
    expect(gate.load).toEqual({ inFlight: 0, limit: 8, queued: 0, refused: 0 });
    // The 20th arrival within the second is load: the event-loop delay refuses it.
    for (let i = 0; i < 7; i++) expect(gate.enter()).toBe(true);
    expect(gate.enter()).toBe(false);
    expect(gate.load.refused).toBe(1);
    // Once arrivals have fallen below the rate again (two seconds on), all are admitted again.
    clock += 2_000;
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

  /** Ten draws spread evenly over [0, 1), over and over: a share p of requests refuses exactly 10p of every ten. */
  const evenDraws = () => {
    let i = 0;
    return () => (i++ % 10) / 10 + 0.05;
  };
  const refusedOfTen = (gate: AdmissionGate) => {
    let refused = 0;
    for (let i = 0; i < 10; i++) if (gate.enter() === false) refused++;
    return refused;
  };

  it("refuses a share of new requests that grows with the event-loop delay instead of all at once", () => {
    let lag = 0;
    const limits = { maxInFlight: 1000, targetMs: 25, maxQueued: 10, maxWaitMs: 50, maxLagMs: 30 };
    const gate = new AdmissionGate(
      limits,
      () => lag,
      evenDraws(),
      () => 0,
    );
    const shares = [10, 15, 21, 30, 39, 45, 90].map((ms) => {
      lag = ms;
      return refusedOfTen(gate);
    });
    expect(shares).toEqual([0, 0, 2, 5, 8, 10, 10]);
  });

  it("refuses early as the queue fills, and every request once it is full", () => {
    const gate = new AdmissionGate(
      { maxInFlight: 1, targetMs: 1, maxQueued: 10, maxWaitMs: 10_000, maxLagMs: 30 },
      () => 0,
      evenDraws(),
      () => 0,
    );
    expect(gate.enter()).toBe(true);
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) outcomes.push(gate.enter() instanceof Promise ? "queued" : "refused");
    // Up to half the queue every request waits; then a growing share is refused; none past ten.
    expect(outcomes.slice(0, 6)).toEqual(Array(6).fill("queued"));
    expect(outcomes.slice(6).filter((o) => o === "queued").length).toBe(4);
    expect(outcomes.slice(6, 12)).toContain("refused");
    expect(gate.load.queued).toBe(10);
    for (let i = 0; i < 11; i++) gate.leave(1);
    expect(gate.load).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("refuses at once a request the queue ahead would keep waiting longer than the limit", () => {
    const gate = new AdmissionGate(
      { maxInFlight: 1, targetMs: 25, maxQueued: 100, maxWaitMs: 100, maxLagMs: 30 },
      () => 0,
      () => 0.99,
    );
    expect(gate.enter()).toBe(true);
    // A slot is held 25 ms on average (the target, until answers say otherwise): four fit in 100 ms.
    const queued = Array.from({ length: 4 }, () => gate.enter());
    for (const entry of queued) expect(entry).toBeInstanceOf(Promise);
    expect(gate.enter()).toBe(false);
    // Answers that take longer lengthen the expected wait: with one waiting, no second may queue.
    for (let i = 0; i < 3; i++) gate.leave(200, i);
    expect(gate.load.queued).toBe(1);
    expect(gate.enter()).toBe(false);
    gate.leave(1);
    gate.leave(1);
    expect(gate.load).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("raises the refused share while the queueing delay stays above its target, until it is back, then lowers it", () => {
    let lag = 0;
    let clock = 0;
    // maxLagMs far away: only the steered share refuses here.
    const limits = {
      maxInFlight: 1000,
      targetMs: 25,
      maxQueued: 10,
      maxWaitMs: 50,
      maxLagMs: 10_000,
      delayTargetMs: 10,
    };
    const gate = new AdmissionGate(
      limits,
      () => lag,
      evenDraws(),
      () => clock,
    );
    const after = (ms: number) => {
      for (const end = clock + ms; clock < end; ) {
        clock += 10;
        gate.enter();
        gate.leave(undefined);
      }
      return Math.round(gate.shedShare() * 100) / 100;
    };
    expect(after(100)).toBe(0);
    // Twice the target: a tenth per target of rise at once, then one more tenth each 100 ms it stays.
    lag = 20;
    expect(after(10)).toBe(0.21);
    expect(after(190)).toBe(0.4);
    expect(after(300)).toBe(0.7);
    // Back at the target it holds (less the tenth for the fall), whatever it took to get there.
    lag = 10;
    expect(after(500)).toBe(0.6);
    // Below the target it falls, to nothing.
    lag = 0;
    expect(after(300)).toBe(0.2);
    expect(after(1000)).toBe(0);
    // A long pause counts for at most four targets: its share falls as soon as the pause ends.
    lag = 2_000;
    expect(after(100)).toBe(0.8);
    lag = 0;
    expect(after(10)).toBe(0.39);
    expect(after(400)).toBe(0);
  });

  it("holds the delay to a third of maxLagMs unless told otherwise, so raising one raises the other", () => {
    let clock = 0;
    const steered = (limits: Partial<AdmissionLimits>) => {
      const gate = new AdmissionGate(
        { ...DEFAULT_ADMISSION, ...limits },
        () => 100,
        Math.random,
        () => clock,
      );
      for (let i = 0; i < 100; i++) {
        clock += 10;
        gate.enter();
      }
      return gate.shedShare();
    };
    // A loop 100 ms behind for a second: within a third of 2 s, far over 50 ms.
    expect(steered({ maxLagMs: 2_000 })).toBe(0);
    expect(steered({ maxLagMs: 2_000, delayTargetMs: 50 })).toBe(1);
    expect(steered({ maxLagMs: 2_000, delayTargetMs: 0 })).toBe(0);
  });

  it("counts the wait of the longest-waiting queued request as delay", () => {
    let clock = 0;
    const gate = new AdmissionGate(
      { maxInFlight: 1, targetMs: 1, maxQueued: 10, maxWaitMs: 10_000, maxLagMs: 10_000, delayTargetMs: 10 },
      () => 3,
      () => 0.99,
      () => clock,
    );
    expect(gate.enter()).toBe(true);
    expect(gate.queueDelayMs()).toBe(3);
    gate.enter();
    clock = 25;
    gate.enter();
    expect(gate.queueDelayMs()).toBe(28);
    gate.leave(1);
    expect(gate.queueDelayMs()).toBe(3);
    gate.leave(1);
    gate.leave(1);
    expect(gate.load).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("holds the delay of admitted requests near its target under two and four times what one process can take", () => {
    // In 10 ms steps each admitted request adds 1 ms of work; refusals are free here.
    const run = (overload: number) => {
      const { offered, delays } = simulateSaturatedLoop({
        gate: (lag, random, now) => new AdmissionGate(DEFAULT_ADMISSION, lag, random, now),
        stepMs: 10,
        steps: 2000,
        windowMs: 50,
        costMs: 1,
        refusalMs: 0,
        arrivals: () => 10 * overload,
      });
      return { admitted: delays.length / offered, p99: delays[Math.floor(delays.length * 0.99)] };
    };
    // Settled: about the share that must be is refused, and the admitted wait a few targets at worst
    // (with the rule on the delay alone, they waited 137 ms at two times in the open-loop bench).
    for (const overload of [2, 4]) {
      const { admitted, p99 } = run(overload);
      expect(admitted).toBeGreaterThan(0.9 / overload);
      expect(admitted).toBeLessThanOrEqual(1 / overload);
      expect(p99).toBeLessThan(4 * (DEFAULT_ADMISSION.maxLagMs / 3));
    }
    // Below capacity nothing is refused.
    expect(run(0.7).admitted).toBe(1);
  });

  it("never refuses a sign-in early, however far behind the event loop is", () => {
    const gate = new AdmissionGate(
      { maxInFlight: 2, targetMs: 25, maxQueued: 0, maxWaitMs: 0, maxLagMs: 30 },
      () => 1_000,
      Math.random,
      () => 0,
    );
    expect(gate.enter()).toBe(false);
    expect(gate.enter(true)).toBe(true);
    expect(gate.enter(true)).toBe(true);
    // It still takes a slot: a flood of sign-ins is bounded by the limit like anything else.
    expect(gate.enter(true)).toBe(false);
  });

  it("never refuses a judgment or a sign-in early; a next task may be", () => {
    expect(shedsEarly("POST", "/api/v1/assignments/42/judgment")).toBe(false);
    expect(shedsEarly("POST", "/api/v1/auth/login")).toBe(false);
    expect(shedsEarly("GET", "/api/v1/auth/oidc/callback")).toBe(false);
    expect(shedsEarly("POST", "/api/v1/projects/3/assignments/next")).toBe(true);
    expect(shedsEarly("POST", "/api/v1/assignments/next")).toBe(true);
    expect(shedsEarly("GET", "/api/v1/assignments/42/judgment")).toBe(true);
  });

  it("completes more next-task + judgment pairs past saturation when judgments are never refused early", () => {
    // Pairs at twice what the loop can do; each admitted next is followed by its judgment.
    const run = (urgent: boolean) =>
      simulateSaturatedLoop({
        gate: (lag, random, now) => new AdmissionGate(DEFAULT_ADMISSION, lag, random, now),
        stepMs: 10,
        steps: 2000,
        windowMs: 50,
        costMs: 1,
        refusalMs: 0.3,
        arrivals: () => 10,
        followUp: { urgent },
      });
    const shed = run(false);
    const kept = run(true);
    // The loop does 10 requests a step, 5 pairs: 5,000 pairs in the settled half at most.
    expect(kept.completed).toBeGreaterThan(1.3 * shed.completed);
    // Every admitted next got its judgment in (but for the last step's, whose judgments never came).
    expect(kept.delays.length - 2 * kept.completed).toBeLessThanOrEqual(10);
    expect(kept.delays[Math.floor(kept.delays.length * 0.99)]).toBeLessThan(4 * (DEFAULT_ADMISSION.maxLagMs / 3));
  });

  it("tells the refused to come back after the time the queue takes to drain, spread over two seconds", () => {
    let draw = 0;
    const gate = new AdmissionGate(
      { maxInFlight: 1, targetMs: 1000, maxQueued: 1000, maxWaitMs: 1_000_000, maxLagMs: 30 },
      () => 0,
      () => draw,
    );
    expect(gate.retryAfterSeconds()).toBe(1);
    expect(gate.enter()).toBe(true);
    expect(gate.retryAfterSeconds()).toBe(1);
    for (let i = 0; i < 4; i++) gate.enter();
    expect(gate.retryAfterSeconds()).toBe(5);
    draw = 0.7;
    expect(gate.retryAfterSeconds()).toBe(6);
    draw = 0;
    for (let i = 0; i < 100; i++) gate.enter();
    expect(gate.retryAfterSeconds()).toBe(30);
    for (let i = 0; i < 105; i++) gate.leave(1000);
    expect(gate.load).toMatchObject({ inFlight: 0, queued: 0 });
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
      admission: {
        maxInFlight: 1,
        targetMs: 10_000,
        maxQueued: 1,
        maxWaitMs: 300,
        maxLagMs: 10_000,
      },
    });
  });
  afterAll(() => close());

  /** Holds the sessions table (SQLite: the one connection) until `release` is called, so session lookups wait. */
  async function holdSessions(held = database) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const done = held.db.transaction().execute(async (trx) => {
      if (held.dialect === "postgres") await sql`LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE`.execute(trx);
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
    // A slot is expected to be held the target time (10 s here) until answers say otherwise.
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.json.error).toMatchObject({ code: "overloaded", message: expect.any(String), details: [] });
    // The health check stays outside the gate: a busy server is alive.
    expect((await t.call("GET", "/health")).status).toBe(200);
    // The queued one waited its 300 ms for a slot and was refused too.
    expect((await queued).status).toBe(503);
    await release();
    expect((await admitted).status).toBe(200);
    expect((await t.call("GET", "/auth/me", { cookie: t.admin })).status).toBe(200);
  });

  it("answers a burst beyond its budget with fast 503s carrying Retry-After, and the admitted in full", async () => {
    const own = await target.open();
    const burst = await testApp(own, undefined, {
      admission: {
        maxInFlight: 2,
        targetMs: 1_000,
        maxQueued: 4,
        maxWaitMs: 5_000,
        maxLagMs: 10_000,
      },
    });
    const release = await holdSessions(own);
    const started = performance.now();
    const calls = Array.from({ length: 20 }, () =>
      burst.call("GET", "/auth/me", { cookie: burst.admin }).then((response) => ({
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        ms: performance.now() - started,
      })),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await release();
    const answers = await Promise.all(calls);
    const refused = answers.filter((a) => a.status === 503);
    const admitted = answers.filter((a) => a.status === 200);
    expect(refused.length + admitted.length).toBe(20);
    // Two in flight and at most four waiting; the queue's second half is refused early at random.
    expect(admitted.length).toBeGreaterThanOrEqual(4);
    expect(admitted.length).toBeLessThanOrEqual(6);
    for (const answer of refused) {
      expect(answer.ms).toBeLessThan(250);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    for (const answer of admitted) expect(answer.ms).toBeGreaterThanOrEqual(250);
    await own.close();
  });

  it("answers a console page's burst in full while few requests arrive, past its budget and however they queue", async () => {
    const own = await target.open();
    const quiet = await testApp(own, undefined, {
      admission: { maxInFlight: 2, targetMs: 1_000, maxQueued: 0, maxWaitMs: 0, maxLagMs: 10_000, minShedRate: 50 },
    });
    const release = await holdSessions(own);
    const calls = Array.from({ length: 12 }, () => quiet.call("GET", "/auth/me", { cookie: quiet.admin }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await release();
    expect((await Promise.all(calls)).map((response) => response.status)).toEqual(Array(12).fill(200));
    await own.close();
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
