import { analyzeExperiment, annotatorArm, type ExperimentUnit } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import {
  createProjectWithTasks,
  openTestApp,
  signInAnnotators,
  signInEveryRole,
  type TestAppWithDatabase,
} from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("experiments, incentives and ROI over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let annotators: TestSession[];
  let projectId: number;
  let experimentId: number;
  let schemeId: number;

  const design = () => ({
    projectId,
    name: "Guidelines v2",
    hypothesis: "Worked examples raise gold accuracy",
    unit: "annotator",
    arms: [
      { name: "control", share: 0.5, guidelineVersion: 1 },
      { name: "v2", share: 0.5, guidelineVersion: 2 },
    ],
    primaryMetric: "gold_accuracy",
    guardrails: [{ metric: "throughput", margin: 0.5 }],
    plannedUnits: 12,
  });

  /** Each annotator works `leases` leases; arm v2 (guideline 2) answers controls right, the control arm half of them. */
  async function work(leases: number) {
    for (const [i, person] of annotators.entries()) {
      for (let k = 0; k < leases; k++) {
        const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie });
        if (next.status === 204) break;
        expect(next.status, next.text).toBe(200);
        const lease = next.json.assignment;
        const right = lease.guidelineVersion === 2 || (i + k) % 2 === 0;
        const judged = await t.call("POST", `/assignments/${lease.id}/judgment`, {
          cookie: person.cookie,
          body: {
            value: right ? "ok" : "spam",
            activeMs: lease.guidelineVersion === 2 ? 1100 : 1000,
            clientKey: `e${lease.id}`,
          },
        });
        expect(judged.status, judged.text).toBe(201);
      }
    }
  }

  beforeAll(async () => {
    t = await openTestApp(target);
    roles = await signInEveryRole(t);
    annotators = await signInAnnotators(t, 10, "exp", { languages: ["en"] });
    const lines = [
      ...Array.from({ length: 80 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } })),
      ...Array.from({ length: 40 }, (_, i) => JSON.stringify({ data: { text: `g${i}` }, gold: "ok" })),
    ];
    ({ id: projectId } = await createProjectWithTasks(
      t,
      {
        name: "Experimented",
        guidelines: "# v1",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 1,
        goldPolicy: { share: 0.5, onboarding: 0 },
      },
      lines,
    ));
    const v2 = await t.call("POST", `/projects/${projectId}/guidelines`, {
      cookie: roles.manager.cookie,
      body: { body: "# v2 with worked examples" },
    });
    expect(v2.status, v2.text).toBeLessThan(300);
    const card = await t.call("POST", "/rate-cards", {
      cookie: roles.finance.cookie,
      body: {
        currency: "USD",
        effectiveFrom: new Date(t.clock.now - 86_400_000).toISOString(),
        projectId,
        payPerJudgmentMinor: 10,
      },
    });
    expect(card.status, card.text).toBe(201);
  });
  afterAll(() => t.close());

  it("refuses a bad design, naming the field", async () => {
    const cookie = roles.manager.cookie;
    const shares = await t.call("POST", "/experiments", {
      cookie,
      body: {
        ...design(),
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.4 },
        ],
      },
    });
    expect(shares.status).toBe(400);
    expect(shares.json.error.details[0].path).toBe("arms");
    const version = await t.call("POST", "/experiments", {
      cookie,
      body: {
        ...design(),
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5, guidelineVersion: 9 },
        ],
      },
    });
    expect(version.status).toBe(400);
    expect(version.json.error.details[0].path).toBe("arms[1].guidelineVersion");
    const unit = await t.call("POST", "/experiments", { cookie, body: { ...design(), unit: "batch" } });
    expect(unit.status).toBe(400);
    expect(JSON.stringify(unit.json.error.details)).toContain("unit");
    const variant = await t.call("POST", "/experiments", {
      cookie,
      body: {
        ...design(),
        arms: [
          { name: "a", share: 0.5 },
          { name: "b", share: 0.5, toolVariant: "dark_mode" },
        ],
      },
    });
    expect(variant.status).toBe(400);
    expect(JSON.stringify(variant.json.error.details)).toContain("arms.1.toolVariant");
    const retention = await t.call("POST", "/experiments", {
      cookie,
      body: { ...design(), unit: "task", primaryMetric: "retention" },
    });
    expect(retention.status).toBe(400);
    expect(retention.json.error.details[0].path).toBe("primaryMetric");
  });

  it("plans the sample size with the design effect of clustered observations", async () => {
    const plan = await t.call("POST", "/experiments/plan", {
      cookie: roles.manager.cookie,
      body: {
        baselineMean: 0.8,
        standardDeviation: 0.4,
        observationsPerUnit: 10,
        intraclassCorrelation: 0.05,
        minimumDetectableLift: 0.05,
      },
    });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.json).toMatchObject({ designEffect: 1.45, unitsPerArm: 228, observationsPerArm: 2277 });
  });

  it("runs a guideline experiment: arms serve their own guideline, results equal core's analysis of the same units", async () => {
    const created = await t.call("POST", "/experiments", { cookie: roles.manager.cookie, body: design() });
    expect(created.status, created.text).toBe(201);
    experimentId = created.json.experiment.id;
    expect(created.json.experiment.status).toBe("draft");
    // Annotators without history are split by a salted hash; the salt is random per experiment, and
    // ten units can land 9 to 1. Pin a salt that deals them 5 and 5, so each arm has units to read.
    const ids = annotators.map((person) => person.id);
    let salt = 0;
    while (ids.filter((id) => annotatorArm(id, salt, [0.5, 0.5]) === 0).length !== 5) salt += 1;
    await t.database.db.updateTable("experiments").set({ salt }).where("id", "=", experimentId).execute();
    const started = await t.call("POST", `/experiments/${experimentId}/start`, { cookie: roles.manager.cookie });
    expect(started.status, started.text).toBe(200);
    expect((await t.call("POST", `/experiments/${experimentId}/start`, { cookie: roles.manager.cookie })).status).toBe(
      409,
    );
    await work(8);
    // Each arm's judgments record the guideline version the arm served.
    const versions = await t.database.db
      .selectFrom("judgments")
      .innerJoin("experiment_exposures", (join) =>
        join
          .onRef("experiment_exposures.unit_id", "=", "judgments.annotator_id")
          .on("experiment_id", "=", experimentId),
      )
      .select(["experiment_exposures.arm", "judgments.guideline_version"])
      .where("judgments.project_id", "=", projectId)
      .distinct()
      .execute();
    expect(versions.map((v) => [Number(v.arm), Number(v.guideline_version)]).sort()).toEqual([
      [0, 1],
      [1, 2],
    ]);

    const results = await t.call("GET", `/experiments/${experimentId}/results`, { cookie: roles.analyst.cookie });
    expect(results.status, results.text).toBe(200);
    expect(results.json.exposed.reduce((a: number, b: number) => a + b, 0)).toBe(10);
    expect(results.json.srm.mismatch).toBe(false);
    const accuracy = results.json.metrics.find((m: { metric: string }) => m.metric === "gold_accuracy");
    const [control, treatment] = accuracy.arms;
    expect(control.arm).toBe("control");
    expect(treatment.mean).toBe(1);
    expect(control.mean).toBeLessThan(0.8);
    expect(accuracy.effects[0].lift).toBeGreaterThan(0);
    // Money metrics' means are minor units of the currency the project's ledger is read in.
    const ledger = await t.database.db
      .selectFrom("cost_ledger")
      .select("currency")
      .where("project_id", "=", projectId)
      .executeTakeFirst();
    expect(results.json.currency).toBe(ledger?.currency ?? null);

    const units = await t.call("GET", `/experiments/${experimentId}/units`, { cookie: roles.analyst.cookie });
    const goldUnits = units.json.metrics
      .find((m: { metric: string }) => m.metric === "gold_accuracy")
      .units.filter((u: ExperimentUnit) => u.denominator > 0)
      .sort((a: ExperimentUnit, b: ExperimentUnit) => (a.arm === b.arm ? 0 : a.arm === "control" ? -1 : 1));
    const core = analyzeExperiment(goldUnits, { plannedShares: [0.5, 0.5] });
    expect(accuracy.effects[0].lift).toBeCloseTo(core.effects[0]!.lift, 12);
    expect(accuracy.effects[0].ci95[0]).toBeCloseTo(core.effects[0]!.interval[0], 12);
    expect(accuracy.effects[0].ci95[1]).toBeCloseTo(core.effects[0]!.interval[1], 12);
    expect(accuracy.effects[0].pValue).toBeCloseTo(core.effects[0]!.pValue, 12);
    // The peeking-safe interval contains the fixed-horizon one.
    expect(accuracy.effects[0].sequential[0]).toBeLessThanOrEqual(accuracy.effects[0].ci95[0]);
    expect(results.json.decisions[0].summary).toMatch(/v2/);

    const stopped = await t.call("POST", `/experiments/${experimentId}/stop`, { cookie: roles.manager.cookie });
    expect(stopped.json.experiment.status).toBe("stopped");
    const after = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotators[0]!.cookie });
    expect([200, 204]).toContain(after.status);
  });

  it("flags a sample-ratio mismatch on a constructed imbalance and refuses to decide", async () => {
    const created = await t.call("POST", "/experiments", {
      cookie: roles.manager.cookie,
      body: { ...design(), name: "Imbalanced" },
    });
    const id = created.json.experiment.id;
    const rows = Array.from({ length: 300 }, (_, i) => ({
      project_id: projectId,
      experiment_id: id,
      unit_id: 100_000 + i,
      arm: i < 100 ? 0 : 1,
      exposed_at: t.clock.now,
    }));
    await t.database.db.insertInto("experiment_exposures").values(rows).execute();
    const results = await t.call("GET", `/experiments/${id}/results`, { cookie: roles.manager.cookie });
    expect(results.status, results.text).toBe(200);
    expect(results.json.exposed).toEqual([100, 200]);
    expect(results.json.srm.mismatch).toBe(true);
    expect(results.json.srm.pValue).toBeLessThan(0.001);
    expect(results.json.decisions[0].verdict).toBe("check_assignment");
  });

  it("shows experiments to managers and analysts only", async () => {
    for (const path of [`/experiments/${experimentId}/results`, `/experiments/${experimentId}/units`, "/experiments"]) {
      for (const role of ["annotator", "reviewer", "vendor_lead", "finance"] as const) {
        const response = await t.call("GET", path, { cookie: roles[role].cookie });
        expect(response.status, `${role} ${path}`).toBe(403);
      }
      expect((await t.call("GET", path, { cookie: annotators[0]!.cookie })).status).toBe(403);
    }
    const start = await t.call("POST", `/experiments/${experimentId}/stop`, { cookie: roles.analyst.cookie });
    expect(start.status).toBe(403);
  });

  it("settles a bonus scheme into bonus ledger rows once, within its budget", async () => {
    const bad = await t.call("POST", "/bonus-schemes", {
      cookie: roles.manager.cookie,
      body: {
        projectId,
        name: "Accurate",
        currency: "USD",
        budgetMinor: 500,
        rule: { kind: "accuracy", amountMinor: 5 },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("rule.accuracyBar");
    const created = await t.call("POST", "/bonus-schemes", {
      cookie: roles.manager.cookie,
      body: {
        projectId,
        name: "Accurate",
        currency: "USD",
        budgetMinor: 500,
        rule: { kind: "accuracy", amountMinor: 5, accuracyBar: 0.9, minGold: 1 },
      },
    });
    expect(created.status, created.text).toBe(201);
    schemeId = created.json.bonusScheme.id;
    t.clock.now += 1000;
    await work(6);
    t.clock.now += 1000;
    // The accuracy bar reads only controls whose grade the annotators are told (else the bonus would
    // tell them which answers were controls): this project tells them of its hidden ones.
    const told = await t.call("PATCH", `/projects/${projectId}`, {
      cookie: t.admin,
      body: { goldPolicy: { share: 0.5, onboarding: 0, feedback: { hidden: true } } },
    });
    expect(told.status, told.text).toBe(200);
    const until = new Date(t.clock.now).toISOString();
    const first = await t.call("POST", `/bonus-schemes/${schemeId}/settle`, {
      cookie: roles.manager.cookie,
      body: { until },
    });
    expect(first.status, first.text).toBe(200);
    expect(first.json.rows).toBeGreaterThan(0);
    const again = await t.call("POST", `/bonus-schemes/${schemeId}/settle`, {
      cookie: roles.manager.cookie,
      body: { until },
    });
    expect(again.json).toMatchObject({ rows: 0, paidMinor: 0 });
    const ledger = await t.database.db
      .selectFrom("cost_ledger")
      .select(["amount_minor", "annotator_id", "component"])
      .where("kind", "=", "bonus")
      .where("source_key", "like", `bonus:${schemeId}:%`)
      .execute();
    expect(ledger).toHaveLength(first.json.rows);
    expect(ledger.every((row) => row.component === "bonus")).toBe(true);
    const paid = ledger.reduce((sum, row) => sum + Number(row.amount_minor), 0);
    expect(paid).toBe(first.json.paidMinor);
    expect(paid).toBeLessThanOrEqual(500);
    expect(again.json.bonusScheme.spentMinor).toBe(paid);
    const listed = await t.call("GET", `/bonus-schemes?projectId=${projectId}`, { cookie: roles.analyst.cookie });
    expect(listed.json.bonusSchemes[0].spentMinor).toBe(paid);
    expect((await t.call("GET", "/bonus-schemes", { cookie: annotators[0]!.cookie })).status).toBe(403);
    const closed = await t.call("POST", `/bonus-schemes/${schemeId}/close`, { cookie: roles.manager.cookie });
    expect(closed.json.bonusScheme.status).toBe("closed");
  });

  it("records model evaluations against frozen dataset versions and fits the learning curve", async () => {
    const cookie = roles.manager.cookie;
    const versions: number[] = [];
    for (const name of ["v1", "v2", "v3"]) {
      const frozen = await t.call("POST", `/projects/${projectId}/dataset-versions`, { cookie, body: { name } });
      expect(frozen.status, frozen.text).toBe(201);
      versions.push(frozen.json.datasetVersion.id);
    }
    const taken = await t.call("POST", `/projects/${projectId}/dataset-versions`, { cookie, body: { name: "v1" } });
    expect(taken.json.error.details[0].path).toBe("name");
    for (const [body, path] of [
      [{ datasetVersionId: versions[0], metric: "accuracy", value: 1.5, labels: 100 }, "value"],
      [{ datasetVersionId: 999_999, metric: "accuracy", value: 0.5, labels: 100 }, "datasetVersionId"],
      [{ datasetVersionId: versions[0], metric: "accuracy", value: 0.5, labels: 0 }, "labels"],
      [{ datasetVersionId: versions[0], metric: "", value: 0.5, labels: 10 }, "metric"],
    ] as const) {
      const refused = await t.call("POST", "/model-evaluations", { cookie, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.details[0].path).toBe(path);
    }
    const points = [
      [1000, 0.8],
      [2000, 0.85],
      [4000, 0.88],
      [8000, 0.9],
    ] as const;
    for (const [i, [labels, value]] of points.entries()) {
      const added = await t.call("POST", "/model-evaluations", {
        cookie,
        body: { datasetVersionId: versions[Math.min(i, 2)], metric: "accuracy", value, labels },
      });
      expect(added.status, added.text).toBe(201);
    }
    expect(
      (
        await t.call("POST", "/model-evaluations", {
          cookie: roles.analyst.cookie,
          body: { datasetVersionId: versions[0], metric: "accuracy", value: 0.5, labels: 10 },
        })
      ).status,
    ).toBe(403);
    const roi = await t.call("GET", `/projects/${projectId}/roi`, { cookie: roles.analyst.cookie });
    expect(roi.status, roi.text).toBe(200);
    expect(roi.json.datasetVersions).toHaveLength(3);
    const accuracy = roi.json.metrics[0];
    expect(accuracy.metric).toBe("accuracy");
    expect(accuracy.fit.b).toBeGreaterThan(0);
    expect(accuracy.curve.length).toBeGreaterThan(10);
    expect(roi.json.prices.costPerAcceptedLabel).toBeGreaterThan(0);
    expect((await t.call("GET", `/projects/${projectId}/roi`, { cookie: annotators[0]!.cookie })).status).toBe(403);
  });
});
