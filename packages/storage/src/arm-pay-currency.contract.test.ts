import { type ExperimentArm, RATE_CARD_DEFAULTS, type User } from "@quorum/core";
import {
  type Database,
  getExperiment,
  insertExperiment,
  insertRateCard,
  newUser,
  seedProject,
  testTargets,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as armPayCurrency from "./migrations/20261204030000-arm-pay-currency.js";

const targets = await testTargets();
const DAY = 86_400_000;
const now = 1_800_000_000_000;

describe.each(targets)("an experiment arm's pay currency, stored and backfilled on $dialect", (target) => {
  let database: Database;
  let admin: User;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now });
  });
  afterAll(() => database.close());

  const card = (projectId: number, currency: string, effectiveFrom: number) =>
    insertRateCard(
      database,
      { ...RATE_CARD_DEFAULTS, currency, effectiveFrom, projectId, payPerJudgmentMinor: 10 },
      { id: admin.id, now },
    );
  const design = (projectId: number, arms: ExperimentArm[]) =>
    insertExperiment(
      database.db,
      {
        projectId,
        name: "pay",
        hypothesis: "",
        unit: "annotator",
        salt: 1,
        arms,
        primaryMetric: "throughput",
        guardrails: [],
        plannedUnits: 10,
      },
      { id: admin.id, now },
    );
  const migrate = (step: typeof armPayCurrency.up) =>
    database.db.transaction().execute((trx) => step(trx as unknown as Parameters<typeof step>[0]));

  it("keeps the one currency of the arms' pay, and refuses arms paying in two", async () => {
    const { project } = await seedProject(database, { admin, now });
    const stored = await design(project.id, [
      { name: "a", share: 0.5 },
      { name: "b", share: 0.5, payRateMinor: 12, payCurrency: "USD" },
    ]);
    expect((await getExperiment(database.db, stored.id)).arms).toEqual([
      { name: "a", share: 0.5 },
      { name: "b", share: 0.5, payRateMinor: 12, payCurrency: "USD" },
    ]);
    await expect(
      design(project.id, [
        { name: "a", share: 0.5, payRateMinor: 12, payCurrency: "EUR" },
        { name: "b", share: 0.5, payRateMinor: 12, payCurrency: "USD" },
      ]),
    ).rejects.toMatchObject({ code: "invalid_input", details: [{ path: "arms" }] });
  });

  it("backfills arms stored without a currency from the cards in force when they were designed, where unambiguous", async () => {
    const dollars = (await seedProject(database, { admin, now })).project;
    const twoCurrencies = (await seedProject(database, { admin, now })).project;
    const unpriced = (await seedProject(database, { admin, now })).project;
    await card(dollars.id, "USD", now - DAY);
    // In force only after the experiments were designed: not what their pay meant.
    await card(dollars.id, "JPY", now + DAY);
    await card(twoCurrencies.id, "USD", now - DAY);
    await card(twoCurrencies.id, "EUR", now - DAY);
    const paid = [
      { name: "a", share: 0.5, payRateMinor: 8 },
      { name: "b", share: 0.5, payRateMinor: 10 },
    ];
    const ids = {
      dollars: (await design(dollars.id, paid)).id,
      twoCurrencies: (await design(twoCurrencies.id, paid)).id,
      unpriced: (await design(unpriced.id, paid)).id,
      unpaid: (
        await design(dollars.id, [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5, overlap: 2 },
        ])
      ).id,
    };
    await migrate(armPayCurrency.down);
    await migrate(armPayCurrency.up);
    const arms = async (id: number) => (await getExperiment(database.db, id)).arms;
    expect(await arms(ids.dollars)).toEqual(paid.map((arm) => ({ ...arm, payCurrency: "USD" })));
    expect(await arms(ids.twoCurrencies)).toEqual(paid);
    expect(await arms(ids.unpriced)).toEqual(paid);
    expect(await arms(ids.unpaid)).toEqual([
      { name: "a", share: 0.5 },
      { name: "b", share: 0.5, overlap: 2 },
    ]);
  });
});
