import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { daySlot } from "@quorum/core";
import { getProject, syncProjectRiskAlerts, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMonitoringWorker, type MonitoringWorker } from "./monitoring/monitoring-worker.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

interface SseEvent {
  event: string;
  data: string;
}

/** Opens GET /api/v1/events over real HTTP and collects the server-sent events as they arrive. */
async function openStream(baseUrl: string, cookie: string, query = "") {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/events${query}`, { headers: { cookie }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  const reading = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) events.push({ event, data });
          for (const wake of waiters.splice(0)) wake();
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    events,
    /** Resolves with the first event matching `test`, or rejects after `ms`. */
    async waitFor(test: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = events.find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching event within ${ms} ms: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

describe.each(targets)("the console's live stream over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let server: ReturnType<typeof serve>;
  let baseUrl: string;
  let worker: MonitoringWorker;

  beforeAll(async () => {
    t = await openTestApp(target);
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The real loops, fast: evaluate every 200 ms.
    worker = createMonitoringWorker({
      database: t.database,
      now: () => t.clock.now,
      log: () => {},
      evaluateEveryMs: 200,
    });
    worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
  });

  it("streams a raised alert to those who read alerts, and progress to staff", async () => {
    const roles = await signInEveryRole(t);
    expect((await fetch(`${baseUrl}/api/v1/events`)).status).toBe(401);
    const refused = await fetch(`${baseUrl}/api/v1/events`, { headers: { cookie: roles.annotator.cookie } });
    expect(refused.status).toBe(403);

    const analyst = await openStream(baseUrl, roles.analyst.cookie);
    const lead = await openStream(baseUrl, roles.vendor_lead.cookie);
    try {
      expect(analyst.status).toBe(200);
      expect(analyst.contentType).toContain("text/event-stream");
      await analyst.waitFor((e) => e.event === "ready");
      await lead.waitFor((e) => e.event === "ready");

      const { id: projectId } = await createProjectWithTasks(
        t,
        { name: "Live", schema: { type: "single_choice", options: ["a", "b"] }, overlap: 1 },
        ['{"data":{"text":"x"}}', '{"data":{"text":"y"}}'],
      );
      const monitor = await t.call("POST", "/monitors", {
        cookie: t.admin,
        body: {
          name: "Anything waiting",
          metric: "open_backlog",
          projectId,
          condition: { type: "threshold", operator: "above", value: 0 },
        },
      });
      expect(monitor.status).toBe(201);

      const alert = JSON.parse((await analyst.waitFor((e) => e.event === "alert")).data);
      expect(alert).toMatchObject({
        type: "alert.raised",
        projectId,
        data: { monitorName: "Anything waiting", metric: "open_backlog", value: 2 },
      });
      const imported = JSON.parse(
        (await analyst.waitFor((e) => e.event === "event" && e.data.includes("import.finished"))).data,
      );
      expect(imported).toMatchObject({ type: "import.finished", projectId, data: { imported: 2 } });

      // Work moves: the stream reports the project's progress.
      const [annotator] = await Promise.all([t.userSession("annotator", {}, "live")]);
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
      await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: "a", activeMs: 1000, clientKey: "live-1" },
      });
      const progress = JSON.parse(
        (await lead.waitFor((e) => e.event === "progress" && JSON.parse(e.data).projectId === projectId, 8000)).data,
      );
      expect(progress).toMatchObject({ projectId, judgmentsThisHour: 1, tasks: { open: 1, full: 0, done: 1 } });
      // The vendor lead may not read alerts: none reached their stream.
      expect(lead.events.filter((e) => e.event === "alert")).toEqual([]);
    } finally {
      await analyst.close();
      await lead.close();
    }
  });

  it("writes the days inside an alert's message for each reader's zone and locale", async () => {
    const analyst = await t.userSession("analyst", {}, "in-tokyo");
    const manager = await t.userSession("manager", {}, "in-the-workspace");
    const tokyo = await openStream(baseUrl, analyst.cookie, "?timeZone=Asia/Tokyo&locale=de");
    const workspace = await openStream(baseUrl, manager.cookie);
    try {
      await tokyo.waitFor((e) => e.event === "ready");
      await workspace.waitFor((e) => e.event === "ready");
      const { id } = await createProjectWithTasks(
        t,
        { name: "Dated", schema: { type: "single_choice", options: ["a", "b"] } },
        ['{"data":{"text":"x"}}'],
      );
      // Late on December 7 in UTC: already the 8th in Tokyo.
      const deadline = Date.UTC(2026, 11, 7, 20, 30);
      const project = (await getProject(t.database.db, id))!;
      await syncProjectRiskAlerts(
        t.database,
        project,
        [
          {
            kind: "deadline_at_risk",
            severity: "high",
            language: null,
            driver: "Throughput is short.",
            action: `To finish by ${daySlot(deadline)} with 85% confidence, hurry.`,
            figures: {},
          },
        ],
        t.clock.now,
      );
      const raised = (e: SseEvent) => e.event === "alert" && JSON.parse(e.data).data.risk === "deadline_at_risk";
      const inTokyo = JSON.parse((await tokyo.waitFor(raised)).data);
      expect(inTokyo.data.message).toContain("To finish by 8. Dez.");
      const asRaised = JSON.parse((await workspace.waitFor(raised)).data);
      expect(asRaised.data.message).toContain("To finish by Dec 7");
      expect(asRaised.data.messageParts).toContainEqual({ day: deadline });
      expect(
        (await fetch(`${baseUrl}/api/v1/events?timeZone=Mars/Olympus`, { headers: { cookie: manager.cookie } })).status,
      ).toBe(400);
    } finally {
      await tokyo.close();
      await workspace.close();
    }
  });
});
