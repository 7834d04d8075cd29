import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseSignatureHeader } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "./monitoring/mailer.js";
import { createMonitoringWorker, type MonitoringWorker } from "./monitoring/monitoring-worker.js";
import type { TestSession } from "./test-client.js";
import {
  createProjectWithTasks,
  openTestApp,
  signInAnnotators,
  signInEveryRole,
  type TestAppWithDatabase,
} from "./test-fixtures.js";

const targets = await testTargets();
const HOUR = 3_600_000;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1: answers each request with the next status of `statuses` (then 200). */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(statuses.shift() ?? 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/quorum`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function verifySignature(secret: string, request: Received): boolean {
  const parsed = parseSignatureHeader(String(request.headers["x-quorum-signature"]));
  if (!parsed) return false;
  const expected = createHmac("sha256", secret).update(`${parsed.timestamp}.${request.body}`).digest("hex");
  return expected === parsed.signature;
}

const project = (name: string, overlap = 1) => ({
  name,
  schema: { type: "single_choice", options: ["a", "b"] },
  overlap,
});
const tasks = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ data: { text: `t${i}` } }));

describe.each(targets)("monitors, alerts and webhooks over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  const clock = { now: 1_800_000_000_000 + 20 * 60_000 };
  let worker: MonitoringWorker;
  const logs: string[] = [];

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    worker = createMonitoringWorker({
      database: t.database,
      now: () => clock.now,
      log: (line) => logs.push(line),
      random: () => 0.5,
    });
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  async function judge(projectId: number, annotator: TestSession, key: string) {
    const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
    expect(next.status).toBe(200);
    const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: "a", activeMs: 4000, clientKey: key },
    });
    expect(judged.status).toBe(201);
  }

  it("fires a signed webhook within a minute of a throughput drop, and retries after a receiver error", async () => {
    const receiver = await startReceiver([500]);
    try {
      const { id: projectId } = await createProjectWithTasks(t, project("Pace"), tasks(300));
      const annotators = await signInAnnotators(t, 3, "pace");
      const hook = await t.call("POST", "/webhooks", {
        cookie: t.admin,
        body: { url: receiver.url, events: ["alert.raised"], description: "ops channel" },
      });
      expect(hook.status).toBe(201);
      const { secret } = hook.json;
      expect(secret).toMatch(/^whsec_/);
      const monitor = await t.call("POST", "/monitors", {
        cookie: t.admin,
        body: {
          name: "Throughput drop",
          metric: "throughput",
          projectId,
          windowMinutes: 1,
          condition: { type: "change", direction: "drop", percent: 50, baselinePeriods: 10 },
        },
      });
      expect(monitor.status).toBe(201);

      // Twelve minutes of steady work (six judgments every 30 s), evaluated every 30 s as the server does.
      let key = 0;
      for (let step = 0; step < 24; step++) {
        for (const annotator of annotators) for (let j = 0; j < 2; j++) await judge(projectId, annotator, `k${key++}`);
        clock.now += 30_000;
        const summary = await worker.evaluateOnce();
        expect(summary?.raised).toEqual([]);
        await worker.deliverOnce();
      }
      expect(receiver.received).toEqual([]);

      // The annotators stop.
      const droppedAt = clock.now;
      while (receiver.received.length === 0 && clock.now - droppedAt < 5 * 60_000) {
        clock.now += 30_000;
        await worker.evaluateOnce();
        await worker.deliverOnce();
      }
      expect(receiver.received).toHaveLength(1);
      expect(clock.now - droppedAt).toBeLessThanOrEqual(60_000);
      const [first] = receiver.received;
      expect(verifySignature(secret, first!)).toBe(true);
      expect(verifySignature("another-secret-entirely", first!)).toBe(false);
      expect(first!.headers["x-quorum-event"]).toBe("alert.raised");
      const envelope = JSON.parse(first!.body);
      expect(envelope).toMatchObject({
        type: "alert.raised",
        projectId,
        data: { monitorName: "Throughput drop", metric: "throughput", scope: { projectId } },
      });
      expect(envelope.data.message).toMatch(/^Throughput drop: Throughput .* is down \d+% against the baseline 720/);

      // The receiver answered 500: the delivery waits 10 s, then goes out again with the same event.
      const log = await t.call("GET", `/webhooks/${hook.json.webhook.id}/deliveries`, { cookie: t.admin });
      expect(log.json.deliveries[0]).toMatchObject({
        status: "pending",
        attempts: 1,
        lastStatusCode: 500,
        nextAttemptAt: new Date(clock.now + 10_000).toISOString(),
      });
      clock.now += 9_000;
      await worker.deliverOnce();
      expect(receiver.received).toHaveLength(1);
      clock.now += 1_000;
      await worker.deliverOnce();
      expect(receiver.received).toHaveLength(2);
      expect(JSON.parse(receiver.received[1]!.body).id).toBe(envelope.id);
      expect(verifySignature(secret, receiver.received[1]!)).toBe(true);
      const after = await t.call("GET", `/webhooks/${hook.json.webhook.id}/deliveries`, { cookie: t.admin });
      expect(after.json.deliveries[0]).toMatchObject({ status: "delivered", attempts: 2, eventType: "alert.raised" });
      expect(after.json.deliveries[0].log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);

      // One alert in the inbox, not one per evaluation.
      clock.now += 30_000;
      await worker.evaluateOnce();
      await worker.deliverOnce();
      expect(receiver.received).toHaveLength(2);
      const inbox = await t.call("GET", `/alerts?status=open&projectId=${projectId}`, { cookie: t.admin });
      expect(inbox.json.alerts).toHaveLength(1);
      expect(inbox.json.alerts[0]).toMatchObject({ monitorName: "Throughput drop", status: "open" });
      const listed = await t.call("GET", `/monitors?projectId=${projectId}`, { cookie: t.admin });
      expect(listed.json.monitors[0]).toMatchObject({ status: "alerting", openAlertId: inbox.json.alerts[0].id });
      const analyst = await t.userSession("analyst", {}, "inbox");
      const acknowledge = `/alerts/${inbox.json.alerts[0].id}/acknowledge`;
      expect((await t.call("POST", acknowledge, { cookie: analyst.cookie })).status).toBe(403);
      const seen = await t.call("POST", acknowledge, { cookie: t.admin });
      expect(seen.json.alert).toMatchObject({ status: "open", acknowledgedAt: new Date(clock.now).toISOString() });
      await t.call("DELETE", `/webhooks/${hook.json.webhook.id}`, { cookie: t.admin });
      await t.call("DELETE", `/monitors/${monitor.json.monitor.id}`, { cookie: t.admin });
    } finally {
      await receiver.close();
    }
  });

  it("tells imports, completed tasks, batches and projects, and pauses to subscribers", async () => {
    const receiver = await startReceiver();
    try {
      const hook = await t.call("POST", "/webhooks", {
        cookie: t.admin,
        body: {
          url: receiver.url,
          events: ["import.finished", "task.completed", "batch.completed", "project.completed", "annotator.paused"],
        },
      });
      const { id: projectId, batchId } = await createProjectWithTasks(t, project("Small"), tasks(2));
      const [annotator] = await signInAnnotators(t, 1, "small");
      await judge(projectId, annotator!, "s1");
      await judge(projectId, annotator!, "s2");
      const paused = await t.call("POST", `/projects/${projectId}/annotators/${annotator!.id}/status`, {
        cookie: t.admin,
        body: { status: "paused", reason: "spot check" },
      });
      expect(paused.status).toBe(204);
      await worker.evaluateOnce();
      await worker.deliverOnce();
      const events = receiver.received.map((r) => JSON.parse(r.body));
      expect(events.map((e) => e.type)).toEqual([
        "import.finished",
        "task.completed",
        "task.completed",
        "batch.completed",
        "project.completed",
        "annotator.paused",
      ]);
      expect(events[0].data).toMatchObject({ batchId, imported: 2 });
      expect(events[3].data).toMatchObject({ batchId, taskCount: 2 });
      expect(events[5].data).toMatchObject({ annotatorId: annotator!.id, reason: "spot check", automatic: false });
      for (const request of receiver.received) expect(verifySignature("wrong", request)).toBe(false);
      await t.call("DELETE", `/webhooks/${hook.json.webhook.id}`, { cookie: t.admin });
    } finally {
      await receiver.close();
    }
  });

  it("e-mails an alert to the monitor's addresses when SMTP is configured", async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let text = "";
        stream.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
        });
        stream.on("end", () => {
          mails.push(text);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const { port } = smtp.server.address() as AddressInfo;
    const mailing = createMonitoringWorker({
      database: t.database,
      now: () => clock.now,
      log: (line) => logs.push(line),
      mailer: createMailer(`smtp://127.0.0.1:${port}`, "Quorum <quorum@test.local>"),
      holder: "mailing-process",
    });
    try {
      const { id: projectId } = await createProjectWithTasks(t, project("Backlog"), tasks(3));
      const created = await t.call("POST", "/monitors", {
        cookie: t.admin,
        body: {
          name: "Backlog too large",
          metric: "open_backlog",
          projectId,
          condition: { type: "threshold", operator: "above", value: 2 },
          emails: ["ops@test.local"],
        },
      });
      expect(created.status).toBe(201);
      // The other worker holds the evaluator lease until it lapses (3 × 30 s).
      expect(await mailing.evaluateOnce()).toBeUndefined();
      clock.now += 91_000;
      const summary = await mailing.evaluateOnce();
      expect(summary?.raised.map((r) => r.monitor.name)).toEqual(["Backlog too large"]);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toContain("Subject: [Quorum] Alert: Backlog too large");
      expect(mails[0]).toContain("ops@test.local");
      expect(mails[0]).toContain("Open backlog 3 tasks is above the threshold 2");
      await t.call("DELETE", `/monitors/${created.json.monitor.id}`, { cookie: t.admin });
    } finally {
      await mailing.stop();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});

describe.each(targets)("metrics and monitor rules over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  const clock = { now: 1_800_000_000_000 + 30 * 60_000 };
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let projectId: number;
  let acme: TestSession[];
  let other: TestSession;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
    ({ id: projectId } = await createProjectWithTasks(t, project("Metrics"), tasks(10)));
    acme = await signInAnnotators(t, 2, "acme", { vendor: "Acme" });
    other = (await signInAnnotators(t, 1, "beta", { vendor: "Beta" }))[0]!;
    for (const [i, person] of [...acme, other, acme[0]!].entries()) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie });
      await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: person.cookie,
        body: { value: "a", activeMs: 3000 * (i + 1), clientKey: `m${i}` },
      });
    }
  });
  afterAll(() => t.close());
  afterEach(() => {
    clock.now = 1_800_000_000_000 + 30 * 60_000;
  });

  it("lists the registry to staff and no one else", async () => {
    const registry = await t.call("GET", "/metrics", { cookie: roles.analyst.cookie });
    expect(registry.status).toBe(200);
    const throughput = registry.json.metrics.find((m: { name: string }) => m.name === "throughput");
    expect(throughput).toMatchObject({ unit: "judgments/hour", source: "activity_hourly", grains: ["hour", "day"] });
    expect(throughput.dimensions).toEqual(["project", "annotator", "vendor"]);
    expect((await t.call("GET", "/metrics", { cookie: roles.annotator.cookie })).status).toBe(403);
    expect((await t.call("GET", "/metrics/judgments", { cookie: roles.annotator.cookie })).status).toBe(403);
  });

  it("reports values per annotator with checks, and holds a vendor lead to their vendor", async () => {
    const query = `projectId=${projectId}&groupBy=annotator&from=${new Date(clock.now - HOUR).toISOString()}`;
    const all = await t.call("GET", `/metrics/judgments?${query}`, { cookie: roles.manager.cookie });
    expect(all.status).toBe(200);
    const totals = Object.fromEntries(
      all.json.series.map((s: { group: { key: string }; total: number }) => [Number(s.group.key), s.total]),
    );
    expect(totals).toEqual({ [acme[0]!.id]: 2, [acme[1]!.id]: 1, [other.id]: 1 });
    expect(all.json.series[0].points).toHaveLength(2);
    expect(all.json.checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ["rollup_matches_raw", "ok"],
      ["freshness", "ok"],
    ]);
    expect(all.json.checks[0].details).toMatchObject({ rollup: 4, raw: 4 });
    const csv = await t.call("GET", `/metrics/judgments?${query}&format=csv`, { cookie: roles.analyst.cookie });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = csv.text.trim().split("\n");
    expect(lines[0]).toBe("metric,unit,group,group_label,at,value,local_day");
    expect(lines.filter((l) => l.startsWith(`judgments,judgments,${acme[0]!.id},annotator acme0,`))).toHaveLength(2);

    const lead = await t.call("GET", `/metrics/judgments?${query}`, { cookie: roles.vendor_lead.cookie });
    expect(lead.json.series.map((s: { group: { key: string } }) => Number(s.group.key)).sort()).toEqual(
      acme.map((a) => a.id).sort(),
    );
    expect(lead.text).not.toContain(`"label":"annotator beta0"`);
    const handling = await t.call("GET", `/metrics/average_handling_time?projectId=${projectId}&groupBy=vendor`, {
      cookie: roles.vendor_lead.cookie,
    });
    expect(handling.json.series.map((s: { group: { key: string }; total: number }) => [s.group.key, s.total])).toEqual([
      ["Acme", (3 + 6 + 12) / 3],
    ]);
  });

  it("gives task metrics as one value now, and refuses what a metric cannot do", async () => {
    const backlog = await t.call("GET", `/metrics/open_backlog?projectId=${projectId}`, {
      cookie: roles.analyst.cookie,
    });
    expect(backlog.json.series[0].points).toEqual([{ at: new Date(clock.now).toISOString(), value: 6 }]);
    const bad = await t.call("GET", `/metrics/open_backlog?groupBy=annotator`, { cookie: roles.analyst.cookie });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("query.groupBy");
    expect((await t.call("GET", "/metrics/nothing", { cookie: roles.analyst.cookie })).status).toBe(404);
  });

  it("checks a monitor against its metric and names the bad field", async () => {
    const create = (body: Record<string, unknown>, cookie = roles.manager.cookie) =>
      t.call("POST", "/monitors", {
        cookie,
        body: {
          name: "m",
          metric: "throughput",
          condition: { type: "threshold", operator: "below", value: 1 },
          ...body,
        },
      });
    const snapshotChange = await create({
      metric: "open_backlog",
      condition: { type: "change", direction: "rise", percent: 10 },
    });
    expect(snapshotChange.status).toBe(400);
    expect(snapshotChange.json.error.details.map((d: { path: string }) => d.path)).toEqual(["condition.type"]);
    expect((await create({ metric: "latency" })).json.error.details[0].path).toBe("metric");
    expect((await create({ projectId: 999_999 })).json.error.details[0].path).toBe("projectId");
    expect((await create({ condition: { type: "forecast", baselinePeriods: 2 } })).status).toBe(400);
    expect((await create({}, roles.analyst.cookie)).status).toBe(403);

    const made = await create({ vendor: "Acme", schedule: "daily" });
    expect(made.status).toBe(201);
    const id = made.json.monitor.id;
    const patched = await t.call("PATCH", `/monitors/${id}`, {
      cookie: roles.manager.cookie,
      body: { condition: { type: "forecast", z: 2 } },
    });
    expect(patched.json.monitor).toMatchObject({
      vendor: "Acme",
      schedule: "daily",
      condition: { type: "forecast", z: 2 },
    });
    for (const role of ["reviewer", "vendor_lead", "annotator", "analyst"] as const)
      expect((await t.call("DELETE", `/monitors/${id}`, { cookie: roles[role].cookie })).status).toBe(403);
    expect((await t.call("GET", `/monitors/${id}`, { cookie: roles.analyst.cookie })).status).toBe(200);
    expect((await t.call("DELETE", `/monitors/${id}`, { cookie: roles.manager.cookie })).status).toBe(204);
    expect((await t.call("GET", `/monitors/${id}`, { cookie: roles.analyst.cookie })).status).toBe(404);
  });

  it("keeps subscriptions and their secrets to admins and managers", async () => {
    const made = await t.call("POST", "/webhooks", {
      cookie: roles.manager.cookie,
      body: { url: "https://example.invalid/hook", events: ["batch.completed"], secret: "a-secret-of-16-chars" },
    });
    expect(made.status).toBe(201);
    expect(made.json.secret).toBe("a-secret-of-16-chars");
    const path = `/webhooks/${made.json.webhook.id}`;
    for (const role of ["reviewer", "vendor_lead", "annotator", "analyst"] as const) {
      expect((await t.call("GET", path, { cookie: roles[role].cookie })).status).toBe(403);
      expect((await t.call("GET", `${path}/deliveries`, { cookie: roles[role].cookie })).status).toBe(403);
      expect((await t.call("DELETE", path, { cookie: roles[role].cookie })).status).toBe(403);
    }
    const listed = await t.call("GET", "/webhooks", { cookie: roles.admin.cookie });
    expect(listed.text).not.toContain("a-secret-of-16-chars");
    const bad = await t.call("POST", "/webhooks", {
      cookie: roles.manager.cookie,
      body: { url: "ftp://example.invalid/x", events: ["nope"] },
    });
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["events.0", "url"]);
    expect((await t.call("DELETE", path, { cookie: roles.manager.cookie })).status).toBe(204);
    expect((await t.call("GET", path, { cookie: roles.manager.cookie })).status).toBe(404);
  });

  it("documents every event payload in the OpenAPI document", async () => {
    const doc = await t.call("GET", "/openapi.json");
    expect(Object.keys(doc.json.webhooks).sort()).toEqual(
      [
        "alert.raised",
        "alert.updated",
        "alert.resolved",
        "annotator.paused",
        "batch.completed",
        "budget.threshold",
        "import.finished",
        "project.completed",
        "task.completed",
      ].sort(),
    );
    const alert = doc.json.webhooks["alert.raised"].post.requestBody.content["application/json"].schema;
    expect(alert.properties.data.required).toContain("monitorName");
    expect(doc.json.paths["/monitors"].post.requestBody).toBeDefined();
    expect(doc.json.paths["/webhooks"].post.requestBody).toBeDefined();
  });
});
