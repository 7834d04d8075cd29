import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInAnnotators, signInEveryRole } from "./test-fixtures.js";

const targets = await testTargets();
const HOUR = 3_600_000;

describe.each(targets)("pay elasticity compares pay in one currency on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof openTestApp>>;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let annotator: TestSession;
  /** The stopped experiment priced in dollars, and the later one whose arms' currency is not known. */
  let inDollars = 0;
  let unknown = 0;

  const project = (name: string) =>
    createProjectWithTasks(
      t,
      { name, schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 1 },
      Array.from({ length: 30 }, (_, i) => JSON.stringify({ data: { text: `${name} ${i}` } })),
    ).then((created) => created.id);

  async function card(projectId: number, currency: string, from: number) {
    const created = await t.call("POST", "/rate-cards", {
      cookie: roles.finance.cookie,
      body: { currency, effectiveFrom: new Date(from).toISOString(), projectId, payPerJudgmentMinor: 10 },
    });
    expect(created.status, created.text).toBe(201);
    return created.json.rateCard.id as number;
  }

  /** A started experiment paying 10 and 20 cents per judgment by task, with 12 judgments done. */
  async function payExperiment(projectId: number) {
    const created = await t.call("POST", "/experiments", {
      cookie: roles.manager.cookie,
      body: {
        projectId,
        name: `Pay ${projectId}`,
        unit: "task",
        arms: [
          { name: "low", share: 0.5, payRateMinor: 10 },
          { name: "high", share: 0.5, payRateMinor: 20 },
        ],
        primaryMetric: "throughput",
        plannedUnits: 10,
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.json.experiment.id as number;
    expect((await t.call("POST", `/experiments/${id}/start`, { cookie: roles.manager.cookie })).status).toBe(200);
    for (let k = 0; k < 12; k++) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
      expect(next.status, next.text).toBe(200);
      const lease = next.json.assignment;
      const judged = await t.call("POST", `/assignments/${lease.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: "ok", activeMs: 4000 + 1000 * (k % 3), clientKey: `e${projectId}-${lease.id}` },
      });
      expect(judged.status, judged.text).toBe(201);
    }
    return id;
  }

  const stop = async (id: number) =>
    expect((await t.call("POST", `/experiments/${id}/stop`, { cookie: roles.manager.cookie })).status).toBe(200);

  /** Ends the project's USD card now and prices it in euros from then on. */
  async function moveToEuros(projectId: number, usdCardId: number) {
    const change = t.clock.now;
    const ended = await t.call("PATCH", `/rate-cards/${usdCardId}`, {
      cookie: roles.finance.cookie,
      body: { effectiveTo: new Date(change).toISOString() },
    });
    expect(ended.status, ended.text).toBe(200);
    await card(projectId, "EUR", change);
  }

  const elasticities = async (projectId: number) => {
    const read = await t.call("GET", `/projects/${projectId}/pay-elasticity`, { cookie: roles.analyst.cookie });
    expect(read.status, read.text).toBe(200);
    return read.json.experiments;
  };

  beforeAll(async () => {
    t = await openTestApp(target);
    roles = await signInEveryRole(t);
    [annotator] = (await signInAnnotators(t, 1, "pay", { languages: ["en"] })) as [TestSession];
  });
  afterAll(() => t.close());

  it("estimates in the currency of the cards that paid a stopped experiment, though the cards changed since", async () => {
    const projectId = await project("Stopped in dollars");
    const usdCard = await card(projectId, "USD", t.clock.now - HOUR);
    const id = await payExperiment(projectId);
    inDollars = id;
    t.clock.now += HOUR;
    await stop(id);
    t.clock.now += HOUR;
    await moveToEuros(projectId, usdCard);
    t.clock.now += HOUR;
    const [experiment] = await elasticities(projectId);
    expect(experiment).toMatchObject({ id, currency: "USD", excludedArms: [] });
    expect(experiment.arms.map((a: { arm: string }) => a.arm)).toEqual(["low", "high"]);
    expect(typeof experiment.elasticity).toBe("number");
  });

  it("leaves out, with the reason, arms whose pay the cards in force no longer pay, rather than mix currencies", async () => {
    const projectId = await project("Running into euros");
    const usdCard = await card(projectId, "USD", t.clock.now - HOUR);
    const id = await payExperiment(projectId);
    t.clock.now += HOUR;
    await moveToEuros(projectId, usdCard);
    const [experiment] = await elasticities(projectId);
    expect(experiment).toMatchObject({
      id,
      currency: "EUR",
      arms: [],
      elasticity: null,
      ci95: null,
      excludedArms: [
        { arm: "low", payMinor: 10, payCurrency: "USD", reason: "currency_differs" },
        { arm: "high", payMinor: 20, payCurrency: "USD", reason: "currency_differs" },
      ],
    });
  });

  it("leaves out arms stored before arms carried a currency, saying the currency is not known", async () => {
    const projectId = await project("Designed before currencies");
    await card(projectId, "USD", t.clock.now - HOUR);
    const id = await payExperiment(projectId);
    t.clock.now += HOUR;
    await stop(id);
    await t.database.db.updateTable("experiments").set({ pay_currency: null }).where("id", "=", id).execute();
    unknown = id;
    const [experiment] = await elasticities(projectId);
    expect(experiment).toMatchObject({ id, currency: "USD", elasticity: null });
    expect(experiment.excludedArms).toEqual([
      { arm: "low", payMinor: 10, payCurrency: null, reason: "currency_unknown" },
      { arm: "high", payMinor: 20, payCurrency: null, reason: "currency_unknown" },
    ]);
  });

  it("tells an intake assessment which newer finished experiment its elasticity passed over, and why", async () => {
    const created = await t.call("POST", "/intake-requests", {
      cookie: t.admin,
      body: {
        name: "Sentiment",
        volume: 200,
        schema: { type: "single_choice", options: ["positive", "negative"] },
        languages: ["en"],
        qualityTarget: 0.9,
        overlap: 1,
        deadline: t.clock.now + 10 * 24 * HOUR,
        budgetMinor: 100_000,
        currency: "USD",
      },
    });
    expect(created.status, created.text).toBe(201);
    const assessed = await t.call("POST", `/intake-requests/${created.json.id}/feasibility`, { cookie: t.admin });
    expect(assessed.status, assessed.text).toBe(200);
    const { payResponse } = assessed.json.feasibility;
    expect(payResponse.elasticity).toMatchObject({
      currency: "USD",
      excluded: [],
      source: { experimentId: inDollars },
    });
    expect(payResponse.leftOut).toEqual([
      {
        experimentId: unknown,
        name: `Pay ${(await t.call("GET", `/experiments/${unknown}`, { cookie: t.admin })).json.experiment.projectId}`,
        excluded: [
          { arm: "low", payMinor: 10, payCurrency: null, reason: "currency_unknown" },
          { arm: "high", payMinor: 20, payCurrency: null, reason: "currency_unknown" },
        ],
      },
    ]);
  });
});
