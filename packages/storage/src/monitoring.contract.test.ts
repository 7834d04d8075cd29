import type { User } from "@quorum/core";
import {
  acquireWorkerLease,
  activityBuckets,
  activityByHour,
  claimDueDeliveries,
  type Database,
  evaluateMonitors,
  insertMonitor,
  insertWebhook,
  listAlerts,
  listDeliveries,
  newMonitorMemory,
  newUser,
  recordCompletionEvents,
  recordDeliveryAttempt,
  recordEvent,
  recordPauseEvents,
  rollupAgainstRaw,
  seedProject,
  taskCountsBy,
  testTargets,
  textTasks,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const H = 3_600_000;
const NOW = 1_800_000_000_000 - (1_800_000_000_000 % H) + 30 * 60_000;

describe.each(targets)("monitoring storage on $dialect", (target) => {
  let database: Database;
  let admin: User;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now: NOW });
  });
  afterAll(() => database.close());

  async function addActivity(projectId: number, hour: number, annotatorId: number, judgments: number, gold = 0) {
    await database.db
      .insertInto("activity_hourly")
      .values({
        project_id: projectId,
        hour,
        annotator_id: annotatorId,
        judgments,
        active_ms: judgments * 2000,
        gold_answered: gold,
        gold_correct: gold,
      })
      .onConflict((oc) =>
        oc.columns(["project_id", "hour", "annotator_id"]).doUpdateSet((eb) => ({
          judgments: eb("activity_hourly.judgments", "+", judgments),
          active_ms: eb("activity_hourly.active_ms", "+", judgments * 2000),
        })),
      )
      .execute();
  }

  it("reads the roll-up by hour and by day, per vendor, without other projects", async () => {
    const { project, annotators } = await seedProject(database, {
      admin,
      annotators: [{ vendor: "Acme" }, { vendor: "Beta" }, {}],
    });
    const other = await seedProject(database, { admin, annotators: 1 });
    const [acme, beta, own] = annotators.map((a) => a.id) as [number, number, number];
    await addActivity(project.id, NOW - 30 * 60_000 - 25 * H, acme, 5);
    await addActivity(project.id, NOW - 30 * 60_000 - H, acme, 10, 2);
    await addActivity(project.id, NOW - 30 * 60_000 - H, beta, 7);
    await addActivity(project.id, NOW - 30 * 60_000, own, 3);
    await addActivity(other.project.id, NOW - 30 * 60_000, other.annotators[0]!.id, 100);

    const hourly = await activityByHour(database.db, { projectId: project.id, vendor: null }, NOW - 2 * H, NOW + H);
    expect(hourly.map((h) => h.sums.judgments).sort()).toEqual([17, 3].sort());
    const acmeOnly = await activityByHour(database.db, { projectId: project.id, vendor: "Acme" }, 0, NOW + H);
    expect(acmeOnly.map((h) => h.sums.judgments).sort()).toEqual([10, 5]);
    expect(acmeOnly.find((h) => h.sums.judgments === 10)?.sums).toMatchObject({ goldAnswered: 2, goldCorrect: 2 });

    const byVendorDay = await activityBuckets(
      database.db,
      { projectId: project.id, vendor: null },
      { from: 0, to: NOW + H, grain: "day", groupBy: "vendor" },
    );
    const total = (group: string) =>
      byVendorDay.filter((b) => b.group === group).reduce((s, b) => s + b.sums.judgments, 0);
    expect([total("Acme"), total("Beta"), total("")]).toEqual([15, 7, 3]);
    for (const bucket of byVendorDay) expect(bucket.bucket % (24 * H)).toBe(0);
  });

  it("counts tasks by status and language, gold left out", async () => {
    const { project } = await seedProject(database, {
      admin,
      tasks: [...textTasks(3), { data: { text: "de", language: "de" } }, { data: { text: "g" }, gold: 1 }],
    });
    await database.db
      .updateTable("tasks")
      .set({ status: "done" })
      .where("project_id", "=", project.id)
      .where("language", "=", "de")
      .execute();
    const [all] = await taskCountsBy(database.db, { projectId: project.id, language: null }, "none");
    expect(all?.counts.open).toBeGreaterThanOrEqual(3);
    expect(all?.counts.done).toBe(1);
    const byLanguage = await taskCountsBy(database.db, { projectId: project.id, language: null }, "language");
    expect(byLanguage.find((g) => g.group === "de")?.counts).toEqual({ open: 0, full: 0, done: 1 });
  });

  it("checks the roll-up against the stored judgments in one snapshot", async () => {
    const { project, annotators } = await seedProject(database, { admin, tasks: textTasks(2), annotators: 1 });
    const annotator = annotators[0]!;
    const tasks = await database.db.selectFrom("tasks").select("id").where("project_id", "=", project.id).execute();
    for (const [i, task] of tasks.entries()) {
      const assignment = await database.db
        .insertInto("assignments")
        .values({
          project_id: project.id,
          task_id: task.id,
          annotator_id: annotator.id,
          status: "submitted",
          created_at: NOW - 60_000,
          expires_at: NOW,
          finished_at: NOW - 1000,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto("judgments")
        .values({
          project_id: project.id,
          assignment_id: assignment.id,
          task_id: task.id,
          annotator_id: annotator.id,
          value: "1",
          guideline_version: 0,
          active_ms: 1000,
          client_key: `k${i}`,
          gold_correct: null,
          created_at: NOW - 1000,
        })
        .execute();
    }
    await addActivity(project.id, NOW - 30 * 60_000, annotator.id, 1);
    const read = await rollupAgainstRaw(database.db, { projectId: project.id, vendor: null }, NOW - 2 * H, NOW + 1);
    expect(read).toEqual({ rollup: 1, raw: 2, lastJudgmentAt: NOW - 1000, lastRollupHour: NOW - 30 * 60_000 });
  });

  it("lets one holder at a time hold a worker lease until it lapses", async () => {
    const lease = { name: "test-lease", ttlMs: 1000 };
    const results = await Promise.all(
      ["a", "b", "c"].map((holder) => acquireWorkerLease(database.db, { ...lease, holder, now: NOW })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ["a", "b", "c"][results.indexOf(true)]!;
    const loser = winner === "a" ? "b" : "a";
    expect(await acquireWorkerLease(database.db, { ...lease, holder: winner, now: NOW + 500 })).toBe(true);
    expect(await acquireWorkerLease(database.db, { ...lease, holder: loser, now: NOW + 1400 })).toBe(false);
    expect(await acquireWorkerLease(database.db, { ...lease, holder: loser, now: NOW + 1500 })).toBe(true);
  });

  it("raises one alert on a throughput drop, keeps it open, resolves it when the pace is back", async () => {
    const { project, annotators } = await seedProject(database, { admin, annotators: 1 });
    const annotator = annotators[0]!.id;
    const webhook = await insertWebhook(
      database.db,
      {
        url: "http://127.0.0.1:9/x",
        secret: "s",
        events: ["alert.raised"],
        projectId: null,
        description: "",
        createdBy: admin.id,
      },
      NOW,
    );
    const monitor = await insertMonitor(
      database.db,
      {
        name: "Pace",
        metric: "throughput",
        scope: { projectId: project.id, vendor: null, language: null },
        schedule: "realtime",
        windowMinutes: 1,
        condition: { type: "change", direction: "drop", percent: 50, baselinePeriods: 10 },
        emails: [],
        enabled: true,
        createdBy: admin.id,
      },
      NOW,
    );
    const hour = Math.floor(NOW / H) * H;
    // Ten judgments a minute for the half hour so far, sampled every 30 s.
    const memory = newMonitorMemory();
    await addActivity(project.id, hour, annotator, 290);
    let t = hour + 29 * 60_000;
    for (let i = 0; i < 2; i++) {
      await addActivity(project.id, hour, annotator, 5);
      t += 30_000;
      const summary = await evaluateMonitors(database, { now: t, memory });
      expect(summary.raised).toEqual([]);
    }
    // No judgment for the next 30 s: the last minute ran at half the pace. Two evaluators race; one alert is raised.
    t += 30_000;
    // (The worker lease keeps a second evaluator out; this checks the alert index alone.)
    const raced = await Promise.all([
      evaluateMonitors(database, { now: t, memory }),
      evaluateMonitors(database, { now: t, memory: structuredClone(memory) }),
    ]);
    expect(raced.flatMap((s) => s.raised.map((r) => r.alert.monitorId))).toEqual([monitor.id]);
    t += 30_000;
    expect((await evaluateMonitors(database, { now: t, memory })).raised).toEqual([]);
    const open = await listAlerts(database.db, { status: "open", projectId: project.id, limit: 10 });
    expect(open).toHaveLength(1);
    expect(open[0]?.message).toBe(
      "Pace: Throughput 300 judgments/hour is down 50% against the baseline 600 (alert at a drop of 50%)",
    );
    // The pace comes back.
    await addActivity(project.id, hour, annotator, 10);
    t += 30_000;
    const back = await evaluateMonitors(database, { now: t, memory });
    expect(back.resolved.map((a) => a.monitorId)).toEqual([monitor.id]);
    expect(await listAlerts(database.db, { status: "open", projectId: project.id, limit: 10 })).toEqual([]);
    const deliveries = await listDeliveries(database.db, webhook.id, { limit: 10 });
    expect(deliveries.map((d) => d.eventType)).toEqual(["alert.raised"]);
  });

  it("claims each due delivery once across concurrent senders and retries it when due", async () => {
    const webhook = await insertWebhook(
      database.db,
      {
        url: "http://127.0.0.1:9/y",
        secret: "s",
        events: ["import.finished"],
        projectId: null,
        description: "",
        createdBy: admin.id,
      },
      NOW,
    );
    for (let i = 0; i < 6; i++)
      await recordEvent(database.db, {
        type: "import.finished",
        projectId: 1,
        data: { batchId: i, imported: 1, actorId: admin.id },
        now: NOW,
      });
    const claims = await Promise.all(
      [0, 1, 2].map(() => claimDueDeliveries(database, { now: NOW, limit: 4, lockMs: 30_000 })),
    );
    const mine = claims.flat().filter((c) => c.url === webhook.url);
    expect(mine).toHaveLength(6);
    expect(new Set(mine.map((c) => c.id)).size).toBe(6);
    const first = mine[0]!;
    await recordDeliveryAttempt(database.db, {
      deliveryId: first.id,
      attempt: first.attempt,
      startedAt: NOW,
      statusCode: 500,
      error: "HTTP 500",
      durationMs: 3,
      outcome: { status: "pending", nextAttemptAt: NOW + 10_000 },
      now: NOW,
    });
    const early = await claimDueDeliveries(database, { now: NOW + 9_999, limit: 10, lockMs: 30_000 });
    expect(early.map((c) => c.id)).not.toContain(first.id);
    const due = await claimDueDeliveries(database, { now: NOW + 10_000, limit: 10, lockMs: 30_000 });
    expect(due.find((c) => c.id === first.id)?.attempt).toBe(2);
    // The other claims lapse after 30 s and go out again.
    const lapsed = await claimDueDeliveries(database, { now: NOW + 30_001, limit: 10, lockMs: 30_000 });
    expect(lapsed.filter((c) => c.url === webhook.url)).toHaveLength(5);
  });

  it("tells task, batch and project completion once each", async () => {
    const { project, taskIds } = await seedProject(database, { admin, tasks: textTasks(2) });
    await insertWebhook(
      database.db,
      {
        url: "http://127.0.0.1:9/z",
        secret: "s",
        events: ["task.completed"],
        projectId: project.id,
        description: "",
        createdBy: admin.id,
      },
      NOW,
    );
    const wanted = new Set(["task.completed", "batch.completed", "project.completed"] as const);
    const complete = async (taskId: number) => {
      await database.db
        .updateTable("tasks")
        .set({ status: "done" })
        .where("project_id", "=", project.id)
        .where("id", "=", taskId)
        .execute();
      return recordCompletionEvents(database, { projectId: project.id, taskId, wanted, now: NOW });
    };
    expect(await complete(taskIds[0]!)).toEqual(["task.completed"]);
    expect(await complete(taskIds[1]!)).toEqual(["task.completed", "batch.completed", "project.completed"]);
    expect(
      await recordCompletionEvents(database, { projectId: project.id, taskId: taskIds[1]!, wanted, now: NOW }),
    ).toEqual([]);
  });

  it("tells each pause once, automatic or by hand", async () => {
    const { project, annotators } = await seedProject(database, { admin, annotators: 2 });
    for (const [i, action] of ["pause", "paused", "retrain"].entries())
      await database.db
        .insertInto("quality_actions")
        .values({
          project_id: project.id,
          annotator_id: annotators[i % 2]!.id,
          action,
          reason: "accuracy",
          actor_id: action === "paused" ? admin.id : null,
          created_at: NOW,
          reversed_by: null,
          reversed_at: null,
        })
        .execute();
    expect(await recordPauseEvents(database.db, { since: NOW - 1000, now: NOW })).toBe(2);
    expect(await recordPauseEvents(database.db, { since: NOW - 1000, now: NOW + 1 })).toBe(0);
  });
});
