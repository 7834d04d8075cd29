import type { AddressInfo } from "node:net";
import { testTargets } from "@quorum/storage";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "./monitoring/mailer.js";
import { createReportScheduler } from "./reports/report-scheduler.js";
import type { TestSession } from "./test-client.js";
import { openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
const at = (iso: string) => Date.parse(iso);

/** A local SMTP server that refuses every recipient, so each e-mail fails. */
async function refusingSmtp() {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(_address, _session, callback) {
      callback(new Error("Mailbox unavailable"));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}

/** A local SMTP server that keeps each message's raw text. */
async function localSmtp() {
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
  return { mails, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}

describe.each(targets)("scheduled reports on $dialect", (target) => {
  let t: TestAppWithDatabase;
  const clock = { now: at("2026-12-01T10:00:00Z") };
  let manager: TestSession;
  let projectId: number;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    manager = await t.userSession("manager", {}, "mia");
    const created = await t.call("POST", "/projects", {
      cookie: manager.cookie,
      body: { name: "Relevance DE", businessUnit: "Search", overlap: 1, schema: { type: "rating", min: 0, max: 4 } },
    });
    projectId = created.json.id;
    await t.call("POST", `/projects/${projectId}/imports`, {
      cookie: manager.cookie,
      raw: ['{"data":{"q":"a"}}', '{"data":{"q":"b"}}'].join("\n"),
    });
    const annotator = await t.userSession("annotator", {}, "ann");
    const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
    await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value: 3, activeMs: 4000, clientKey: "one" },
    });
  });
  afterAll(() => t.close());

  it("runs a manager's daily digest when due (07:00 Berlin), e-mails it and logs the run once", async () => {
    const smtp = await localSmtp();
    const scheduler = createReportScheduler({
      database: t.database,
      now: () => clock.now,
      log: () => {},
      mailer: createMailer(smtp.url, "Quorum <quorum@test.local>"),
    });
    try {
      const created = await t.call("POST", "/report-schedules", {
        cookie: manager.cookie,
        body: { name: "Daily digest", kind: "daily_digest", timeZone: "Europe/Berlin", emails: ["ops@test.local"] },
      });
      expect(created.status).toBe(201);
      expect(created.json.schedule).toMatchObject({
        cron: "0 7 * * *",
        recipientId: manager.id,
        nextRunAt: "2026-12-02T06:00:00.000Z",
      });
      expect(await scheduler.runDue(at("2026-12-02T05:59:00Z"))).toEqual([]);
      const [run, ...others] = await scheduler.runDue(at("2026-12-02T06:00:00Z"));
      expect(others).toEqual([]);
      expect(run).toMatchObject({ delivery: "emailed", periodFrom: at("2026-11-30T23:00:00Z") });
      expect(run!.body).toContain("- Relevance DE: 1 judgment,");
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]).toContain("Subject: [Quorum] Daily digest: 2026-12-01");
      expect(smtp.mails[0]).toContain("ops@test.local");
      expect(smtp.mails[0]).toContain(manager.email);
      // Claimed: the same minute again runs nothing; the next run is the next morning.
      expect(await scheduler.runDue(at("2026-12-02T06:00:30Z"))).toEqual([]);
      const listed = await t.call("GET", "/report-schedules", { cookie: manager.cookie });
      expect(listed.json.schedules[0]).toMatchObject({ nextRunAt: "2026-12-03T06:00:00.000Z" });
      const runs = await t.call("GET", `/report-schedules/${created.json.schedule.id}/runs`, { cookie: t.admin });
      expect(runs.json.runs.map((r: { delivery: string }) => r.delivery)).toEqual(["emailed"]);
      expect(
        (await t.call("DELETE", `/report-schedules/${created.json.schedule.id}`, { cookie: t.admin })).status,
      ).toBe(204);
    } finally {
      scheduler.stop();
      await smtp.close();
    }
  });

  it("keeps a report in the app when no SMTP is configured, runs one on request, and lists it for its recipient", async () => {
    const bu = await t.database.db
      .selectFrom("business_units")
      .select("id")
      .where("name", "=", "Search")
      .executeTakeFirstOrThrow();
    const created = await t.call("POST", "/report-schedules", {
      cookie: manager.cookie,
      body: { name: "Search weekly", kind: "weekly_business_unit", businessUnitId: bu.id, recipientId: manager.id },
    });
    expect(created.json.schedule).toMatchObject({ cron: "0 7 * * 1", timeZone: "UTC" });
    clock.now = at("2026-12-07T08:00:00Z");
    const run = await t.call("POST", `/report-schedules/${created.json.schedule.id}/run`, { cookie: manager.cookie });
    expect(run.status).toBe(201);
    expect(run.json.run).toMatchObject({
      delivery: "in_app",
      subject: "[Quorum] Search weekly: 2026-11-30 – 2026-12-06",
      periodFrom: "2026-11-30T00:00:00.000Z",
      periodTo: "2026-12-07T00:00:00.000Z",
    });
    expect(run.json.run.body).toContain("Relevance DE: 1 judgment,");
    const mine = await t.call("GET", "/me/reports", { cookie: manager.cookie });
    expect(mine.json.runs.map((r: { subject: string }) => r.subject)).toContain(run.json.run.subject);
    const someoneElse = await t.userSession("manager", {}, "other");
    expect((await t.call("GET", "/me/reports", { cookie: someoneElse.cookie })).json.runs).toEqual([]);
    await t.call("DELETE", `/report-schedules/${created.json.schedule.id}`, { cookie: t.admin });
  });

  it("fires from croner's own timer when a schedule is due", async () => {
    const created = await t.call("POST", "/report-schedules", {
      cookie: manager.cookie,
      body: { name: "Every minute", kind: "daily_digest", cron: "* * * * *" },
    });
    clock.now = at(created.json.schedule.nextRunAt);
    const scheduler = createReportScheduler({
      database: t.database,
      now: () => clock.now,
      log: () => {},
      tick: "* * * * * *",
    });
    scheduler.start();
    try {
      // The scheduler ticks every second; a loaded machine may take several before its run is stored.
      const deadline = Date.now() + 20_000;
      let runs: unknown[] = [];
      while (runs.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        runs = (await t.call("GET", `/report-schedules/${created.json.schedule.id}/runs`, { cookie: t.admin })).json
          .runs;
      }
      expect(runs).toHaveLength(1);
    } finally {
      scheduler.stop();
    }
  });

  it("refuses a bad cron pattern, time zone or a weekly report without its business unit, naming the field", async () => {
    for (const [body, field] of [
      [{ name: "x", kind: "daily_digest", cron: "every morning" }, "cron"],
      [{ name: "x", kind: "daily_digest", timeZone: "Mars/Olympus" }, "timeZone"],
      [{ name: "x", kind: "weekly_business_unit" }, "businessUnitId"],
    ] as const) {
      const refused = await t.call("POST", "/report-schedules", { cookie: manager.cookie, body });
      expect(refused.status, field).toBe(400);
      expect(refused.json.error.details[0].path, field).toBe(field);
    }
    const annotator = await t.userSession("annotator", {}, "nosy");
    const kept = await t.call("POST", "/report-schedules", {
      cookie: manager.cookie,
      body: { name: "Kept", kind: "daily_digest" },
    });
    for (const role of ["reviewer", "analyst", "vendor_lead", "finance"] as const) {
      const other = await t.userSession(role, role === "vendor_lead" ? { vendor: "Acme" } : {}, `del-${role}`);
      const refused = await t.call("DELETE", `/report-schedules/${kept.json.schedule.id}`, { cookie: other.cookie });
      // Analysts and finance schedule their own reports: another person's schedule is not theirs to see.
      expect(refused.status, role).toBe(role === "analyst" || role === "finance" ? 404 : 403);
    }
    expect((await t.call("GET", "/report-schedules", { cookie: manager.cookie })).json.schedules).toContainEqual(
      expect.objectContaining({ id: kept.json.schedule.id }),
    );
    expect(
      (await t.call("DELETE", `/report-schedules/${kept.json.schedule.id}`, { cookie: annotator.cookie })).status,
    ).toBe(403);
    expect(
      (
        await t.call("POST", "/report-schedules", {
          cookie: annotator.cookie,
          body: { name: "x", kind: "daily_digest" },
        })
      ).status,
    ).toBe(403);
  });

  it("lets analysts and finance schedule a business unit's weekly report to themselves, and see and run only their own", async () => {
    const bu = await t.database.db
      .selectFrom("business_units")
      .select("id")
      .where("name", "=", "Search")
      .executeTakeFirstOrThrow();
    const managers = await t.call("POST", "/report-schedules", {
      cookie: manager.cookie,
      body: { name: "Managers' weekly", kind: "weekly_business_unit", businessUnitId: bu.id },
    });
    for (const role of ["analyst", "finance"] as const) {
      const person = await t.userSession(role, {}, `weekly-${role}`);
      const weekly = { name: `Search weekly for ${role}`, kind: "weekly_business_unit", businessUnitId: bu.id };
      const created = await t.call("POST", "/report-schedules", { cookie: person.cookie, body: weekly });
      expect(created.status, role).toBe(201);
      // Addressed to them, so each run lands in their "reports sent to me".
      expect(created.json.schedule).toMatchObject({ recipientId: person.id, createdBy: person.id });
      const listed = await t.call("GET", "/report-schedules", { cookie: person.cookie });
      expect(
        listed.json.schedules.map((s: { id: number }) => s.id),
        role,
      ).toEqual([created.json.schedule.id]);
      expect(listed.json.businessUnits.map((u: { name: string }) => u.name)).toContain("Search");
      clock.now = at("2026-12-07T08:00:00Z");
      const run = await t.call("POST", `/report-schedules/${created.json.schedule.id}/run`, { cookie: person.cookie });
      expect(run.status, role).toBe(201);
      expect(run.json.run.body).toContain("Relevance DE: 1 judgment,");
      const mine = await t.call("GET", "/me/reports", { cookie: person.cookie });
      expect(mine.json.runs.map((r: { subject: string }) => r.subject)).toContain(run.json.run.subject);
      expect(
        (await t.call("GET", `/report-schedules/${created.json.schedule.id}/runs`, { cookie: person.cookie })).json
          .runs,
      ).toHaveLength(1);

      // Not a manager's digest, not for someone else, and not the manager's schedule.
      const digest = await t.call("POST", "/report-schedules", {
        cookie: person.cookie,
        body: { name: "Digest", kind: "daily_digest" },
      });
      expect(digest.status, role).toBe(403);
      expect(digest.json.error.message).toMatch(/^kind: /);
      const forOther = await t.call("POST", "/report-schedules", {
        cookie: person.cookie,
        body: { ...weekly, recipientId: manager.id },
      });
      expect(forOther.status, role).toBe(403);
      expect(forOther.json.error.message).toMatch(/^recipientId: /);
      const path = `/report-schedules/${managers.json.schedule.id}`;
      expect((await t.call("POST", `${path}/run`, { cookie: person.cookie })).status, role).toBe(404);
      expect((await t.call("GET", `${path}/runs`, { cookie: person.cookie })).status, role).toBe(404);
      expect((await t.call("DELETE", path, { cookie: person.cookie })).status, role).toBe(404);

      expect(
        (await t.call("DELETE", `/report-schedules/${created.json.schedule.id}`, { cookie: person.cookie })).status,
      ).toBe(204);
    }
    // The manager sees every schedule, their own included.
    const all = await t.call("GET", "/report-schedules", { cookie: manager.cookie });
    expect(all.json.schedules.map((s: { id: number }) => s.id)).toContain(managers.json.schedule.id);
  });
  it("changes a schedule in place: the owner moves it, another analyst finds nothing, nobody readdresses theirs", async () => {
    const bu = await t.database.db
      .selectFrom("business_units")
      .select("id")
      .where("name", "=", "Search")
      .executeTakeFirstOrThrow();
    clock.now = at("2026-12-01T10:00:00Z"); // a Tuesday
    const owner = await t.userSession("analyst", {}, "edit-owner");
    const created = await t.call("POST", "/report-schedules", {
      cookie: owner.cookie,
      body: { name: "Search weekly", kind: "weekly_business_unit", businessUnitId: bu.id, timeZone: "Europe/Berlin" },
    });
    const path = `/report-schedules/${created.json.schedule.id}`;
    // Mondays 07:00 Berlin: next Monday.
    expect(created.json.schedule.nextRunAt).toBe("2026-12-07T06:00:00.000Z");

    const moved = await t.call("PATCH", path, {
      cookie: owner.cookie,
      body: { cron: "0 9 * * 2", name: "Search on Tuesdays", emails: ["me@test.local"] },
    });
    expect(moved.status).toBe(200);
    expect(moved.json.schedule).toMatchObject({
      id: created.json.schedule.id,
      name: "Search on Tuesdays",
      cron: "0 9 * * 2",
      timeZone: "Europe/Berlin",
      kind: "weekly_business_unit",
      businessUnitId: bu.id,
      recipientId: owner.id,
      emails: ["me@test.local"],
      // Tuesday 09:00 Berlin, a week on (today's has passed).
      nextRunAt: "2026-12-08T08:00:00.000Z",
    });
    const listed = await t.call("GET", "/report-schedules", { cookie: owner.cookie });
    expect(listed.json.schedules).toEqual([moved.json.schedule]);
    // The scheduler reads the stored next run: nothing on Monday, the report on Tuesday at 09:00.
    const scheduler = createReportScheduler({ database: t.database, now: () => clock.now, log: () => {} });
    // (Other tests' schedules may be due too: only this one's runs count.)
    const ownRuns = async (ms: number) =>
      (await scheduler.runDue(ms)).filter((r) => r.scheduleId === created.json.schedule.id);
    expect(await ownRuns(at("2026-12-07T06:00:00Z"))).toEqual([]);
    const [run] = await ownRuns(at("2026-12-08T08:00:00Z"));
    expect(run).toMatchObject({ recipientId: owner.id, periodTo: at("2026-12-07T23:00:00Z") });
    scheduler.stop();

    // A time zone alone moves it too.
    const utc = await t.call("PATCH", path, { cookie: owner.cookie, body: { timeZone: "UTC" } });
    expect(utc.json.schedule.nextRunAt).toBe("2026-12-08T09:00:00.000Z");

    for (const [body, field] of [
      [{ cron: "every tuesday" }, "cron"],
      [{ timeZone: "Mars/Olympus" }, "timeZone"],
      [{ emails: ["not an address"] }, "emails.0"],
    ] as const) {
      const refused = await t.call("PATCH", path, { cookie: owner.cookie, body });
      expect(refused.status, field).toBe(400);
      expect(refused.json.error.details[0].path, field).toBe(field);
    }
    for (const [body, field] of [
      [{ kind: "daily_digest" }, "kind"],
      [{ recipientId: manager.id }, "recipientId"],
      [{ recipientId: null }, "recipientId"],
    ] as const) {
      const refused = await t.call("PATCH", path, { cookie: owner.cookie, body });
      expect(refused.status, field).toBe(403);
      expect(refused.json.error.message, field).toMatch(new RegExp(`^${field}: `));
    }
    // Nothing half-written by the refusals.
    const after = await t.call("GET", "/report-schedules", { cookie: owner.cookie });
    expect(after.json.schedules).toEqual([utc.json.schedule]);

    const other = await t.userSession("analyst", {}, "edit-other");
    const foreign = await t.call("PATCH", path, { cookie: other.cookie, body: { cron: "0 7 * * *" } });
    expect(foreign.status).toBe(404);
    const annotator = await t.userSession("annotator", {}, "edit-annotator");
    expect((await t.call("PATCH", path, { cookie: annotator.cookie, body: { name: "x" } })).status).toBe(403);

    // A manager may turn it into a digest for themselves; the unit goes, a recipient is required.
    const digest = await t.call("PATCH", path, {
      cookie: manager.cookie,
      body: { kind: "daily_digest", recipientId: manager.id },
    });
    expect(digest.json.schedule).toMatchObject({ kind: "daily_digest", recipientId: manager.id, businessUnitId: null });
    const noRecipient = await t.call("PATCH", path, { cookie: manager.cookie, body: { recipientId: null } });
    expect(noRecipient.status).toBe(400);
    expect(noRecipient.json.error.details[0].path).toBe("recipientId");
    const noUnit = await t.call("PATCH", path, { cookie: manager.cookie, body: { kind: "weekly_business_unit" } });
    expect(noUnit.status).toBe(400);
    expect(noUnit.json.error.details[0].path).toBe("businessUnitId");
    expect((await t.call("PATCH", "/report-schedules/999999", { cookie: manager.cookie, body: {} })).status).toBe(404);
    await t.call("DELETE", path, { cookie: t.admin });
  });

  it("pauses a schedule: never run while paused, run on request, resumed from now without the missed runs", async () => {
    const bu = await t.database.db
      .selectFrom("business_units")
      .select("id")
      .where("name", "=", "Search")
      .executeTakeFirstOrThrow();
    clock.now = at("2026-12-01T10:00:00Z"); // a Tuesday
    const owner = await t.userSession("analyst", {}, "pause-owner");
    const created = await t.call("POST", "/report-schedules", {
      cookie: owner.cookie,
      body: { name: "Search weekly", kind: "weekly_business_unit", businessUnitId: bu.id, timeZone: "Europe/Berlin" },
    });
    expect(created.json.schedule).toMatchObject({ paused: false, pausedAt: null });
    const id = created.json.schedule.id;
    const path = `/report-schedules/${id}`;

    // Only its owner or a manager may pause it, as for any change.
    const other = await t.userSession("analyst", {}, "pause-other");
    expect((await t.call("PATCH", path, { cookie: other.cookie, body: { paused: true } })).status).toBe(404);
    const annotator = await t.userSession("annotator", {}, "pause-annotator");
    expect((await t.call("PATCH", path, { cookie: annotator.cookie, body: { paused: true } })).status).toBe(403);
    const bad = await t.call("PATCH", path, { cookie: owner.cookie, body: { paused: "yes" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("paused");
    expect((await t.call("GET", "/report-schedules", { cookie: owner.cookie })).json.schedules[0]).toMatchObject({
      id,
      paused: false,
      nextRunAt: "2026-12-07T06:00:00.000Z",
    });

    const paused = await t.call("PATCH", path, { cookie: owner.cookie, body: { paused: true } });
    expect(paused.status).toBe(200);
    // No next run while paused.
    expect(paused.json.schedule).toMatchObject({ paused: true, pausedAt: "2026-12-01T10:00:00.000Z", nextRunAt: null });
    expect((await t.call("GET", "/report-schedules", { cookie: owner.cookie })).json.schedules).toEqual([
      paused.json.schedule,
    ]);

    const scheduler = createReportScheduler({ database: t.database, now: () => clock.now, log: () => {} });
    const ownRuns = async (ms: number) => (await scheduler.runDue(ms)).filter((r) => r.scheduleId === id);
    try {
      // Its Monday passes while paused: nothing runs, then or later.
      expect(await ownRuns(at("2026-12-07T06:00:00Z"))).toEqual([]);
      expect(await ownRuns(at("2026-12-08T06:00:00Z"))).toEqual([]);
      // "Run now" still works, and leaves it paused.
      clock.now = at("2026-12-08T09:00:00Z");
      expect((await t.call("POST", `${path}/run`, { cookie: owner.cookie })).status).toBe(201);
      expect((await t.call("GET", "/report-schedules", { cookie: owner.cookie })).json.schedules[0]).toMatchObject({
        paused: true,
        nextRunAt: null,
        lastRunAt: "2026-12-08T09:00:00.000Z",
      });

      // A manager may pause and resume anyone's; resuming on a Wednesday moves the next run to next Monday.
      clock.now = at("2026-12-09T12:00:00Z");
      const resumed = await t.call("PATCH", path, { cookie: manager.cookie, body: { paused: false } });
      expect(resumed.status).toBe(200);
      expect(resumed.json.schedule).toMatchObject({
        paused: false,
        pausedAt: null,
        nextRunAt: "2026-12-14T06:00:00.000Z",
      });
      // No burst of the missed Monday: nothing is due now.
      expect(await ownRuns(clock.now)).toEqual([]);
      expect(await ownRuns(at("2026-12-14T06:00:00Z"))).toHaveLength(1);
      const runs = await t.call("GET", `${path}/runs`, { cookie: owner.cookie });
      expect(runs.json.runs).toHaveLength(2);

      // Resuming one that runs changes nothing; pausing twice keeps when it was first paused.
      const again = await t.call("PATCH", path, { cookie: owner.cookie, body: { paused: false } });
      expect(again.json.schedule.nextRunAt).toBe("2026-12-21T06:00:00.000Z");
      clock.now = at("2026-12-10T08:00:00Z");
      await t.call("PATCH", path, { cookie: owner.cookie, body: { paused: true } });
      clock.now = at("2026-12-11T08:00:00Z");
      const twice = await t.call("PATCH", path, { cookie: owner.cookie, body: { paused: true, name: "Held" } });
      expect(twice.json.schedule).toMatchObject({ name: "Held", paused: true, pausedAt: "2026-12-10T08:00:00.000Z" });
    } finally {
      scheduler.stop();
    }
    await t.call("DELETE", path, { cookie: t.admin });
  });
  it("lists a schedule's last run, manual or scheduled, with its outcome; Run now leaves the next run alone", async () => {
    clock.now = at("2026-12-01T10:00:00Z");
    const created = await t.call("POST", "/report-schedules", {
      cookie: manager.cookie,
      body: { name: "Last run digest", kind: "daily_digest", timeZone: "Europe/Berlin", emails: ["ops@test.local"] },
    });
    const id = created.json.schedule.id;
    expect(created.json.schedule).toMatchObject({ lastRunAt: null, lastRun: null });
    const listed = async () =>
      (await t.call("GET", "/report-schedules", { cookie: manager.cookie })).json.schedules.find(
        (s: { id: number }) => s.id === id,
      );

    // Run now: the list says when and how it went, and the next run is still tomorrow's.
    clock.now = at("2026-12-01T12:00:00Z");
    expect((await t.call("POST", `/report-schedules/${id}/run`, { cookie: manager.cookie })).status).toBe(201);
    expect(await listed()).toMatchObject({
      nextRunAt: "2026-12-02T06:00:00.000Z",
      lastRunAt: "2026-12-01T12:00:00.000Z",
      lastRun: { at: "2026-12-01T12:00:00.000Z", delivery: "in_app", error: null },
    });

    // A scheduled run whose e-mail is refused is the last run, failed, with the reason.
    const smtp = await refusingSmtp();
    const scheduler = createReportScheduler({
      database: t.database,
      now: () => clock.now,
      log: () => {},
      mailer: createMailer(smtp.url, "Quorum <quorum@test.local>"),
    });
    try {
      const runs = (await scheduler.runDue(at("2026-12-02T06:00:00Z"))).filter((r) => r.scheduleId === id);
      expect(runs.map((r) => r.delivery)).toEqual(["failed"]);
    } finally {
      scheduler.stop();
      await smtp.close();
    }
    const failed = await listed();
    expect(failed).toMatchObject({
      nextRunAt: "2026-12-03T06:00:00.000Z",
      lastRunAt: "2026-12-02T06:00:00.000Z",
      lastRun: { at: "2026-12-02T06:00:00.000Z", delivery: "failed" },
    });
    expect(failed.lastRun.error).toContain("Mailbox unavailable");
    // An edit answers with the schedule as listed, last run included.
    const renamed = await t.call("PATCH", `/report-schedules/${id}`, {
      cookie: manager.cookie,
      body: { name: "Renamed digest" },
    });
    expect(renamed.json.schedule).toEqual({ ...failed, name: "Renamed digest" });
    await t.call("DELETE", `/report-schedules/${id}`, { cookie: t.admin });
  });
});
