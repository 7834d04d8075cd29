import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInAnnotators, signInEveryRole } from "./test-fixtures.js";

const targets = await testTargets();
const HOUR = 3_600_000;

describe.each(targets)("the currency of an experiment arm's pay over HTTP on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof openTestApp>>;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let annotator: TestSession;
  /** Priced in USD; without a card; priced in USD and EUR at once. */
  let usd: number;
  let unpriced: number;
  let mixed: number;
  let usdCardId: number;

  const project = (name: string) =>
    createProjectWithTasks(
      t,
      { name, schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 1 },
      Array.from({ length: 30 }, (_, i) => JSON.stringify({ data: { text: `${name} ${i}` } })),
    ).then((created) => created.id);

  async function card(projectId: number, currency: string, payPerJudgmentMinor: number, from = t.clock.now - HOUR) {
    const created = await t.call("POST", "/rate-cards", {
      cookie: roles.finance.cookie,
      body: { currency, effectiveFrom: new Date(from).toISOString(), projectId, payPerJudgmentMinor },
    });
    expect(created.status, created.text).toBe(201);
    return created.json.rateCard.id as number;
  }

  const design = (projectId: number, pay: Record<string, unknown>[], unit = "annotator") =>
    t.call("POST", "/experiments", {
      cookie: roles.manager.cookie,
      body: {
        projectId,
        name: "Pay",
        unit,
        arms: pay.map((arm, i) => ({ name: `arm ${i}`, share: 1 / pay.length, ...arm })),
        primaryMetric: "throughput",
        plannedUnits: 10,
      },
    });

  async function work(projectId: number, leases: number) {
    for (let k = 0; k < leases; k++) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
      expect(next.status, next.text).toBe(200);
      const lease = next.json.assignment;
      const judged = await t.call("POST", `/assignments/${lease.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: "ok", activeMs: 5000, clientKey: `p${lease.id}` },
      });
      expect(judged.status, judged.text).toBe(201);
    }
  }

  const paid = async (projectId: number, since: number) =>
    (
      await t.database.db
        .selectFrom("cost_ledger")
        .select(["amount_minor", "currency"])
        .where("project_id", "=", projectId)
        .where("kind", "=", "judgment")
        .where("at", ">=", since)
        .execute()
    ).map((row) => `${Number(row.amount_minor)} ${row.currency}`);

  beforeAll(async () => {
    t = await openTestApp(target);
    roles = await signInEveryRole(t);
    [annotator] = (await signInAnnotators(t, 1, "pay", { languages: ["en"] })) as [TestSession];
    usd = await project("Priced in dollars");
    unpriced = await project("Not priced");
    mixed = await project("Priced in two currencies");
    usdCardId = await card(usd, "USD", 10);
    await card(mixed, "USD", 10);
    await card(mixed, "EUR", 10);
  });
  afterAll(() => t.close());

  it("refuses an arm's pay in another currency than the project's cards in force, naming the field", async () => {
    const euros = await design(usd, [{}, { payRateMinor: 12, payCurrency: "EUR" }]);
    expect(euros.status, euros.text).toBe(400);
    expect(euros.json.error.details).toEqual([
      { path: "arms[1].payCurrency", message: expect.stringContaining("USD") },
    ]);
    const code = await design(usd, [{}, { payRateMinor: 12, payCurrency: "usd" }]);
    expect(code.status).toBe(400);
    // Zod's own path for a malformed field.
    expect(code.json.error.details[0].path).toBe("arms.1.payCurrency");
    const alone = await design(usd, [{}, { payCurrency: "USD" }]);
    expect(alone.status).toBe(400);
    expect(alone.json.error.details[0].path).toBe("arms[1].payCurrency");
  });

  it("refuses a pay when no card prices the project, or its cards are in two currencies, with or without a currency", async () => {
    for (const projectId of [unpriced, mixed])
      for (const arm of [{ payRateMinor: 12 }, { payRateMinor: 12, payCurrency: "USD" }]) {
        const refused = await design(projectId, [{}, arm]);
        expect(refused.status, refused.text).toBe(400);
        expect(refused.json.error.details[0].path).toBe("arms[1].payCurrency");
      }
    // An arm without pay needs no card.
    expect((await design(unpriced, [{}, {}])).status).toBe(201);
  });

  it("stores the pay's currency, the cards' one currency when an older client leaves it out", async () => {
    const given = await design(usd, [{}, { payRateMinor: 12, payCurrency: "USD" }]);
    expect(given.status, given.text).toBe(201);
    const defaulted = await design(usd, [{}, { payRateMinor: 12 }]);
    expect(defaulted.status, defaulted.text).toBe(201);
    const read = await t.call("GET", `/experiments/${defaulted.json.experiment.id}`, { cookie: roles.analyst.cookie });
    expect(read.json.experiment.arms).toEqual([
      { name: "arm 0", share: 0.5 },
      { name: "arm 1", share: 0.5, payRateMinor: 12, payCurrency: "USD" },
    ]);
    expect(read.json.armPay).toEqual([null, "applies"]);
  });

  it("pays the arm's rate while the cards are in its currency, and the card's own rate once they change currency", async () => {
    const created = await design(usd, [{ payRateMinor: 12 }, { payRateMinor: 14 }], "task");
    expect(created.status, created.text).toBe(201);
    const id = created.json.experiment.id;
    expect((await t.call("POST", `/experiments/${id}/start`, { cookie: roles.manager.cookie })).status).toBe(200);
    const before = t.clock.now;
    await work(usd, 6);
    expect(new Set(await paid(usd, before))).toEqual(new Set(["12 USD", "14 USD"]));

    // Finance moves the project to euros: the USD card ends, a EUR card paying 9 cents starts.
    const change = t.clock.now + HOUR;
    const ended = await t.call("PATCH", `/rate-cards/${usdCardId}`, {
      cookie: roles.finance.cookie,
      body: { effectiveTo: new Date(change).toISOString() },
    });
    expect(ended.status, ended.text).toBe(200);
    await card(usd, "EUR", 9, change);
    t.clock.now = change + HOUR;
    await work(usd, 4);
    expect(await paid(usd, change)).toEqual(["9 EUR", "9 EUR", "9 EUR", "9 EUR"]);

    const results = await t.call("GET", `/experiments/${id}/results`, { cookie: roles.manager.cookie });
    expect(results.status, results.text).toBe(200);
    expect(results.json.armPay).toEqual(["currency_differs", "currency_differs"]);
  });
});
