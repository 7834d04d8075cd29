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
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GUIDELINES = "# Spam\nAds and scams.\n\n## Sarcasm\nNot spam by itself.\n\n# Links\nShortened links count.";

describe.each(targets)("support threads over HTTP on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let acme: TestSession;
  let rival: TestSession;
  let projectId = 0;
  let otherId = 0;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
    [acme, rival] = [
      await t.userSession("annotator", { languages: ["en"], vendor: "Acme" }, "acme"),
      await t.userSession("annotator", { languages: ["en"], vendor: "Rival" }, "rival"),
    ];
    ({ id: projectId } = await createProjectWithTasks(
      t,
      { name: "Threads", schema: { type: "single_choice", options: ["ok", "spam"] }, guidelines: GUIDELINES },
      Array.from({ length: 4 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } })),
    ));
    ({ id: otherId } = await createProjectWithTasks(t, {
      name: "Elsewhere",
      schema: { type: "single_choice", options: ["ok", "spam"] },
    }));
    const set = await t.call("PATCH", `/projects/${projectId}/support/settings`, {
      cookie: roles.manager.cookie,
      body: { firstResponseHours: 2 },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.json.policy).toEqual({ firstResponseHours: 2, appealFileDays: 7, appealDecideDays: 5 });
  });
  afterAll(() => t.close());

  const ask = async (who: TestSession, body: Record<string, unknown>) => {
    const lease = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: who.cookie });
    return t.call("POST", `/projects/${projectId}/questions`, {
      cookie: who.cookie,
      body: { assignmentId: lease.json.assignment?.id ?? null, ...body },
    });
  };
  const thread = (id: number, cookie: string) => t.call("GET", `/projects/${projectId}/questions/${id}`, { cookie });
  const reply = (id: number, cookie: string, body: string) =>
    t.call("POST", `/projects/${projectId}/questions/${id}/messages`, { cookie, body: { body } });

  it("runs a thread from question to resolution, with its first-response SLA", async () => {
    const asked = await ask(acme, { text: "Is sarcasm spam?", section: "sarcasm", label: "spam" });
    expect(asked.status, asked.text).toBe(201);
    const id = asked.json.id as number;
    const opened = await thread(id, acme.cookie);
    expect(opened.json.thread).toMatchObject({
      status: "open",
      section: "Sarcasm",
      label: "spam",
      dueAt: new Date(clock.now + 2 * HOUR).toISOString(),
      sla: { breached: false, remainingMs: 2 * HOUR },
    });

    clock.now += 3 * HOUR;
    const ids = async (query: string) =>
      (await t.call("GET", `/support/threads?${query}`, { cookie: roles.manager.cookie })).json.threads.map(
        (x: { id: number }) => x.id,
      );
    expect(await ids("overdue=true")).toContain(id);
    expect(await ids("breached=true")).toContain(id);

    expect((await reply(id, roles.manager.cookie, "No, unless it sells something.")).json).toMatchObject({
      status: "answered",
    });
    const answered = await thread(id, acme.cookie);
    expect(answered.json.thread).toMatchObject({ status: "answered", firstResponseAt: expect.any(String) });
    expect(answered.json.thread.sla.breached).toBe(true); // answered, but late
    expect(answered.json.messages.map((m: { body: string }) => m.body)).toEqual(["No, unless it sells something."]);
    expect(await ids("overdue=true")).not.toContain(id); // off the overdue list, still counted as breached
    expect(await ids("breached=true")).toContain(id);

    expect((await reply(id, acme.cookie, "And with a link?")).json.status).toBe("open");
    const resolved = await t.call("PATCH", `/projects/${projectId}/questions/${id}`, {
      cookie: acme.cookie,
      body: { status: "resolved" },
    });
    expect(resolved.status).toBe(204);
    const closed = await reply(id, roles.reviewer.cookie, "late");
    expect(closed.status).toBe(409);
    // The older answer route keeps working on an open thread, and answers in time.
    const second = await ask(acme, { text: "Links?", section: "Links" });
    const old = await t.call("POST", `/projects/${projectId}/questions/${second.json.id}/answer`, {
      cookie: roles.reviewer.cookie,
      body: { answer: "Shortened links count." },
    });
    expect(old.status).toBe(204);
    const listed = await t.call("GET", `/projects/${projectId}/questions`, { cookie: acme.cookie });
    expect(listed.json.questions.find((q: { id: number }) => q.id === second.json.id)).toMatchObject({
      status: "answered",
      answer: "Shortened links count.",
      sla: { breached: false },
    });
  });

  it("refuses an unknown section or label, naming the field", async () => {
    const section = await ask(rival, { text: "?", section: "Emoji" });
    expect(section.status).toBe(400);
    expect(section.json.error.details[0].path).toBe("section");
    expect(section.json.error.message).toContain('"Sarcasm"');
    const label = await ask(rival, { text: "?", label: "maybe" });
    expect(label.status).toBe(400);
    expect(label.json.error.details[0].path).toBe("label");
  });

  it("counts questions per guideline section × label for the hot-spots view", async () => {
    await ask(rival, { text: "Sarcastic ad?", section: "Sarcasm", label: "spam" });
    await ask(rival, { text: "Sarcastic but fine?", section: "Sarcasm", label: "ok" });
    const spots = await t.call("GET", `/projects/${projectId}/support/hot-spots`, { cookie: roles.manager.cookie });
    expect(spots.status).toBe(200);
    expect(spots.json.cells).toContainEqual({
      section: "Sarcasm",
      label: "spam",
      open: 1,
      answered: 0,
      resolved: 1,
      total: 2,
    });
    expect(spots.json.sections[0]).toEqual({ name: "Sarcasm", total: 3 });
    expect(spots.json.sections).toContainEqual({ name: "Links", total: 1 });
    const filtered = await t.call("GET", `/support/threads?section=Sarcasm&label=spam`, {
      cookie: roles.manager.cookie,
    });
    expect(filtered.json.threads).toHaveLength(2);
    expect((await t.call("GET", `/projects/${projectId}/support/hot-spots`, { cookie: acme.cookie })).status).toBe(403);
  });

  it("shows an annotator only their own threads, a vendor lead only their people's, and nobody's to finance", async () => {
    const mine = await t.call("GET", "/support/threads", { cookie: acme.cookie });
    expect(mine.json.threads.length).toBeGreaterThan(0);
    expect(mine.json.threads.every((x: { annotatorId: number }) => x.annotatorId === acme.id)).toBe(true);
    const theirs = (await t.call("GET", "/support/threads", { cookie: rival.cookie })).json.threads;
    expect(theirs.every((x: { annotatorId: number }) => x.annotatorId === rival.id)).toBe(true);
    const acmeThread = mine.json.threads[0].id as number;
    expect((await thread(acmeThread, rival.cookie)).status).toBe(404);
    expect((await reply(acmeThread, rival.cookie, "me too")).status).toBe(404);
    const patch = await t.call("PATCH", `/projects/${projectId}/questions/${acmeThread}`, {
      cookie: rival.cookie,
      body: { status: "resolved" },
    });
    expect(patch.status).toBe(404);
    // Another project's path does not reach the thread.
    expect((await t.call("GET", `/projects/${otherId}/questions/${acmeThread}`, { cookie: t.admin })).status).toBe(404);

    const lead = (await t.call("GET", "/support/threads", { cookie: roles.vendor_lead.cookie })).json.threads;
    expect(lead.length).toBeGreaterThan(0);
    expect(lead.every((x: { annotatorId: number }) => x.annotatorId === acme.id)).toBe(true);
    expect((await thread(acmeThread, roles.vendor_lead.cookie)).status).toBe(200);
    expect((await thread(theirs[0].id, roles.vendor_lead.cookie)).status).toBe(404);
    expect((await reply(acmeThread, roles.vendor_lead.cookie, "hi")).status).toBe(403);
    expect((await t.call("GET", "/support/threads", { cookie: roles.finance.cookie })).status).toBe(403);
  });

  it("refuses every role that may not read, reply to or triage a thread (403 or 404, never data)", async () => {
    const asked = await ask(acme, { text: "Every role" });
    const path = `/projects/${projectId}/questions/${asked.json.id}`;
    const refused = (status: number) => expect([403, 404]).toContain(status);
    for (const [role, session] of Object.entries(roles)) {
      const read = await t.call("GET", path, { cookie: session.cookie });
      if (["admin", "manager", "reviewer", "analyst", "vendor_lead"].includes(role))
        expect(read.status, role).toBe(200);
      else refused(read.status);
      const message = await reply(asked.json.id, session.cookie, `from ${role}`);
      if (["admin", "manager", "reviewer"].includes(role)) expect(message.status, role).toBe(201);
      else refused(message.status);
      const triage = await t.call("PATCH", path, { cookie: session.cookie, body: { label: "spam" } });
      if (["admin", "manager", "reviewer"].includes(role)) expect(triage.status, role).toBe(204);
      else refused(triage.status);
    }
    // The asker may resolve their thread, and nothing else.
    const retag = await t.call("PATCH", path, { cookie: acme.cookie, body: { label: "ok" } });
    expect(retag.status).toBe(403);
  });

  it("lets staff assign a thread to a reviewer, not to an annotator", async () => {
    const asked = await ask(rival, { text: "Assign me" });
    const path = `/projects/${projectId}/questions/${asked.json.id}`;
    const bad = await t.call("PATCH", path, { cookie: roles.manager.cookie, body: { assigneeId: acme.id } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("assigneeId");
    const ok = await t.call("PATCH", path, { cookie: roles.manager.cookie, body: { assigneeId: roles.reviewer.id } });
    expect(ok.status).toBe(204);
    const assigned = await t.call("GET", `/support/threads?assigneeId=${roles.reviewer.id}`, {
      cookie: roles.reviewer.cookie,
    });
    expect(assigned.json.threads.map((x: { id: number }) => x.id)).toEqual([asked.json.id]);
    expect(assigned.json.threads[0].assigneeName).toBe("reviewer reviewer");
  });
  it("shows a vendor lead their people's questions in a project however many others asked since", async () => {
    const { id: crowded } = await createProjectWithTasks(t, {
      name: "Crowded questions",
      schema: { type: "single_choice", options: ["ok", "spam"] },
    });
    const row = (annotatorId: number, text: string, at: number) => ({
      project_id: crowded,
      annotator_id: annotatorId,
      text,
      status: "open",
      created_at: at,
      due_at: at + DAY,
    });
    await t.database.db
      .insertInto("questions")
      .values(row(acme.id, "acme asks", clock.now))
      .execute();
    await t.database.db
      .insertInto("questions")
      .values(Array.from({ length: 200 }, (_, i) => row(rival.id, `rival asks ${i}`, clock.now + 1 + i)))
      .execute();
    const lead = await t.call("GET", `/projects/${crowded}/questions?status=open`, {
      cookie: roles.vendor_lead.cookie,
    });
    expect(lead.status, lead.text).toBe(200);
    expect(lead.json.questions.map((q: { text: string }) => q.text)).toEqual(["acme asks"]);
    expect(lead.json.total).toBe(1);
  });

  it("pages a project's questions past 200 and counts them all, in the viewer's scope", async () => {
    const { id: busy } = await createProjectWithTasks(t, {
      name: "Busy questions",
      schema: { type: "single_choice", options: ["ok", "spam"] },
    });
    const row = (text: string, status: string, at: number) => ({
      project_id: busy,
      annotator_id: rival.id,
      text,
      status,
      created_at: at,
      due_at: at + DAY,
    });
    await t.database.db
      .insertInto("questions")
      .values([
        ...Array.from({ length: 203 }, (_, i) => row(`open ${i}`, "open", clock.now + i)),
        ...Array.from({ length: 3 }, (_, i) => row(`answered ${i}`, "answered", clock.now + 300 + i)),
      ])
      .execute();
    const page = (query: string, cookie = roles.reviewer.cookie) =>
      t.call("GET", `/projects/${busy}/questions?${query}`, { cookie });
    const first = await page("status=open");
    expect(first.status, first.text).toBe(200);
    expect(first.json.questions).toHaveLength(200);
    expect(first.json.questions[0].text).toBe("open 202");
    expect(first.json.total).toBe(203);
    expect(first.json.nextBefore).toBe(first.json.questions[199].id);
    const second = await page(`status=open&before=${first.json.nextBefore}`);
    expect(second.json.questions.map((q: { text: string }) => q.text)).toEqual(["open 2", "open 1", "open 0"]);
    expect(second.json.nextBefore).toBeNull();
    expect(second.json.total).toBe(203);
    const everything = await page("");
    expect(everything.json.total).toBe(206);
    expect(everything.json.questions[0].text).toBe("answered 2");
    const lead = await page("status=open", roles.vendor_lead.cookie);
    expect(lead.json).toMatchObject({ questions: [], nextBefore: null, total: 0 });
    const bad = await page("before=0");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("before");
  });

  it("fills a page of threads within their first-response time (breached=false) past 200 late ones", async () => {
    const { id: late } = await createProjectWithTasks(t, {
      name: "Late inbox",
      schema: { type: "single_choice", options: ["ok", "spam"] },
    });
    const row = (text: string, at: number, dueAt: number) => ({
      project_id: late,
      annotator_id: rival.id,
      text,
      status: "open",
      created_at: at,
      due_at: dueAt,
    });
    await t.database.db
      .insertInto("questions")
      .values([
        ...Array.from({ length: 2 }, (_, i) => row(`in time ${i}`, clock.now - 10 + i, clock.now + DAY)),
        ...Array.from({ length: 200 }, (_, i) => row(`late ${i}`, clock.now - 3 * DAY + i, clock.now - DAY)),
        row("newest, in time", clock.now - 5, clock.now + DAY),
        { ...row("answered in time", clock.now - 4, clock.now + DAY), first_response_at: clock.now - 3 },
        { ...row("answered late", clock.now - 2 * DAY, clock.now - DAY), first_response_at: clock.now - 1 },
      ])
      .execute();
    const threads = await t.call("GET", `/support/threads?projectId=${late}&breached=false`, {
      cookie: roles.manager.cookie,
    });
    expect(threads.status, threads.text).toBe(200);
    expect(threads.json.threads.map((x: { text: string }) => x.text)).toEqual([
      "answered in time",
      "newest, in time",
      "in time 1",
      "in time 0",
    ]);
    expect(threads.json.nextBefore).toBeNull();
  });

  it("pages the inbox past its first 200 threads, so the oldest open ones can still be reached", async () => {
    const { id: busy } = await createProjectWithTasks(t, {
      name: "Busy inbox",
      schema: { type: "single_choice", options: ["ok", "spam"] },
    });
    await t.database.db
      .insertInto("questions")
      .values(
        Array.from({ length: 205 }, (_, i) => ({
          project_id: busy,
          annotator_id: rival.id,
          text: `busy question ${i}`,
          status: "open",
          created_at: clock.now + i,
          due_at: clock.now + i + DAY,
        })),
      )
      .execute();
    const page = (before?: number) =>
      t.call("GET", `/support/threads?status=open&projectId=${busy}${before ? `&before=${before}` : ""}`, {
        cookie: roles.manager.cookie,
      });
    const first = await page();
    expect(first.status, first.text).toBe(200);
    expect(first.json.threads).toHaveLength(200);
    expect(first.json.threads[0].text).toBe("busy question 204");
    expect(first.json.nextBefore).toBe(first.json.threads[199].id);
    const second = await page(first.json.nextBefore);
    expect(second.json.threads.map((thread: { text: string }) => thread.text)).toEqual([
      "busy question 4",
      "busy question 3",
      "busy question 2",
      "busy question 1",
      "busy question 0",
    ]);
    expect(second.json.nextBefore).toBeNull();
    const bad = await page(-1);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("before");
  });
});

describe.each(targets)("appeals over HTTP on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let annotators: TestSession[];
  let projectId = 0;
  let goldProjectId = 0;

  const earnings = async (who: TestSession) => {
    const range = `from=${new Date(clock.now - 30 * DAY).toISOString()}&to=${new Date(clock.now + DAY).toISOString()}`;
    const body = await t.call("GET", `/me/earnings?${range}`, { cookie: who.cookie });
    expect(body.status, body.text).toBe(200);
    return (body.json.totals as { payMinor: number }[]).reduce((sum, x) => sum + x.payMinor, 0);
  };
  const judgmentsOf = (who: TestSession, project: number) =>
    t.database.db
      .selectFrom("judgments")
      .select(["id", "verdict", "verdict_reason", "gold_correct"])
      .where("project_id", "=", project)
      .where("annotator_id", "=", who.id)
      .orderBy("id")
      .execute();
  const card = async (project: number) => {
    const created = await t.call("POST", "/rate-cards", {
      cookie: roles.finance.cookie,
      body: {
        currency: "USD",
        effectiveFrom: new Date(clock.now - DAY).toISOString(),
        projectId: project,
        payPerJudgmentMinor: 100,
        payPerActiveHourMinor: 0,
        payRejected: false,
      },
    });
    expect(created.status, created.text).toBe(201);
  };
  const label = async (who: TestSession, project: number, value: string) => {
    const next = await t.call("POST", `/projects/${project}/assignments/next`, { cookie: who.cookie });
    const sent = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
      cookie: who.cookie,
      body: { value, activeMs: 1000, clientKey: `${who.id}-${next.json.assignment.id}` },
    });
    expect(sent.status, sent.text).toBe(201);
  };

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
    annotators = await signInAnnotators(t, 3, "appeal", { languages: ["en"] });
    ({ id: projectId } = await createProjectWithTasks(
      t,
      { name: "Appeals", schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 2 },
      [0, 1].map((i) => JSON.stringify({ data: { text: `t${i}` } })),
    ));
    await card(projectId);
    // Both tasks done by annotators 0 and 1, who disagree; the reviewer rejects both tasks.
    for (const [i, value] of ["ok", "spam"].entries()) {
      await label(annotators[i]!, projectId, value);
      await label(annotators[i]!, projectId, value);
    }
    await t.call("POST", `/projects/${projectId}/reviews/enqueue`, {
      cookie: roles.reviewer.cookie,
      body: { source: "disagreement", threshold: 1 },
    });
    for (let i = 0; i < 2; i++) {
      const work = await t.call("POST", `/projects/${projectId}/reviews/next`, { cookie: roles.reviewer.cookie });
      const decided = await t.call("POST", `/reviews/${work.json.item.id}`, {
        cookie: roles.reviewer.cookie,
        body: { verdict: "reject" },
      });
      expect(decided.status, decided.text).toBe(200);
    }
    // A gold task that pauses anyone whose gold accuracy is clearly under 90% after one answer,
    // in a project that tells annotators their gold answers (a hidden control's miss is not
    // appealable otherwise: action-appeals.test.ts).
    ({ id: goldProjectId } = await createProjectWithTasks(
      t,
      {
        name: "Gold appeals",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        goldPolicy: { feedback: { hidden: true } },
        qualityRules: { minGoldAnswers: 1, minAccuracy: 0.9, action: "pause", minActiveMs: 0, maxFastShare: 1 },
      },
      [JSON.stringify({ data: { text: "gold" }, gold: "spam" })],
    ));
    await card(goldProjectId);
    await label(annotators[2]!, goldProjectId, "ok");
  });
  afterAll(() => t.close());

  it("lists an annotator's appealable rejections and refuses an appeal after the window (409, naming the field)", async () => {
    const [first, second] = await judgmentsOf(annotators[0]!, projectId);
    expect(first).toMatchObject({ verdict: "rejected", verdict_reason: "review" });
    const appealable = await t.call("GET", "/support/appealable", { cookie: annotators[0]!.cookie });
    expect(appealable.json.judgments.map((j: { judgmentId: number }) => j.judgmentId).sort()).toEqual(
      [first!.id, second!.id].sort(),
    );
    const other = await t.call("POST", `/projects/${projectId}/appeals`, {
      cookie: annotators[1]!.cookie,
      body: { judgmentId: first!.id, reason: "not mine" },
    });
    expect(other.status).toBe(404);

    clock.now += 8 * DAY;
    const late = await t.call("POST", `/projects/${projectId}/appeals`, {
      cookie: annotators[0]!.cookie,
      body: { judgmentId: first!.id, reason: "too late" },
    });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("appeal_window_closed");
    expect(late.json.error.message).toContain("within 7 days");
    // The refusal names the day the window closed in the reader's zone and language, not an ISO instant.
    const { verdict_at } = await t.database.db
      .selectFrom("judgments")
      .select("verdict_at")
      .where("id", "=", first!.id)
      .executeTakeFirstOrThrow();
    const closedOn = new Intl.DateTimeFormat("de", { timeZone: "Asia/Tokyo", month: "short", day: "numeric" }).format(
      verdict_at! + 7 * DAY,
    );
    const inTokyo = await t.call("POST", `/projects/${projectId}/appeals?timeZone=Asia/Tokyo&locale=de`, {
      cookie: annotators[0]!.cookie,
      body: { judgmentId: first!.id, reason: "too late" },
    });
    expect(inTokyo.json.error.message).toContain(`this one closed on ${closedOn}`);
    expect(late.json.error.details[0].path).toBe("judgmentId");
    clock.now -= 8 * DAY;
  });

  it("an upheld appeal of a review rejection reverses the pay by new ledger rows; earnings go back up", async () => {
    const who = annotators[0]!;
    const [judgment] = await judgmentsOf(who, projectId);
    const before = await earnings(who);
    expect(before).toBe(0); // both judgments rejected, and the card does not pay rejected work
    const filed = await t.call("POST", `/projects/${projectId}/appeals`, {
      cookie: who.cookie,
      body: { judgmentId: judgment!.id, reason: "The text is an ad." },
    });
    expect(filed.status, filed.text).toBe(201);
    expect(filed.json.decideDueAt).toBe(new Date(clock.now + 5 * DAY).toISOString());
    const again = await t.call("POST", `/projects/${projectId}/appeals`, {
      cookie: who.cookie,
      body: { judgmentId: judgment!.id, reason: "again" },
    });
    expect(again.status).toBe(409);
    const ledgerBefore = await t.database.db.selectFrom("cost_ledger").select("id").execute();

    clock.now += 6 * DAY;
    const queue = await t.call("GET", "/support/appeals?overdue=true", { cookie: roles.manager.cookie });
    expect(queue.json.appeals).toMatchObject([{ id: filed.json.id, status: "pending", overdue: true }]);
    const decided = await t.call("POST", `/projects/${projectId}/appeals/${filed.json.id}/decision`, {
      cookie: roles.manager.cookie,
      body: { decision: "upheld", note: "fair" },
    });
    expect(decided.status, decided.text).toBe(204);

    expect(await earnings(who)).toBe(100);
    const [after] = await judgmentsOf(who, projectId);
    expect(after).toMatchObject({ verdict: "accepted", verdict_reason: "appeal" });
    const rows = await t.database.db
      .selectFrom("cost_ledger")
      .select(["source_key", "amount_minor"])
      .where("source_key", "like", `judgment:${projectId}:${judgment!.id}:%appeal@%`)
      .execute();
    expect(rows.map((r) => Number(r.amount_minor)).sort()).toEqual([0, 100]);
    // Nothing was edited or deleted: only rows were added.
    const ledgerAfter = await t.database.db.selectFrom("cost_ledger").select("id").execute();
    expect(ledgerAfter.length).toBe(ledgerBefore.length + rows.length);
    const twice = await t.call("POST", `/projects/${projectId}/appeals/${filed.json.id}/decision`, {
      cookie: roles.manager.cookie,
      body: { decision: "rejected" },
    });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe("appeal_decided");
  });

  it("lets only the author file an appeal and only reviewers and managers decide one", async () => {
    const [, judgment] = await judgmentsOf(annotators[0]!, projectId);
    for (const [role, session] of Object.entries(roles)) {
      const filed = await t.call("POST", `/projects/${projectId}/appeals`, {
        cookie: session.cookie,
        body: { judgmentId: judgment!.id, reason: role },
      });
      expect([403, 404], role).toContain(filed.status);
    }
    const filed = await t.call("POST", `/projects/${projectId}/appeals`, {
      cookie: annotators[0]!.cookie,
      body: { judgmentId: judgment!.id, reason: "second task" },
    });
    expect(filed.status).toBe(201);
    for (const role of ["annotator", "vendor_lead", "analyst", "finance"] as const) {
      const decided = await t.call("POST", `/projects/${projectId}/appeals/${filed.json.id}/decision`, {
        cookie: roles[role].cookie,
        body: { decision: "upheld" },
      });
      expect([403, 404], role).toContain(decided.status);
    }
    const lead = await t.call("GET", "/support/appeals", { cookie: roles.vendor_lead.cookie });
    expect(lead.json.appeals).toEqual([]); // none of the vendor's people appealed
    const decided = await t.call("POST", `/projects/${projectId}/appeals/${filed.json.id}/decision`, {
      cookie: roles.admin.cookie,
      body: { decision: "rejected" },
    });
    expect(decided.status).toBe(204);
  });

  it("a rejected appeal changes nothing", async () => {
    const who = annotators[1]!;
    const [judgment] = await judgmentsOf(who, projectId);
    const filed = await t.call("POST", `/projects/${projectId}/appeals`, {
      cookie: who.cookie,
      body: { judgmentId: judgment!.id, reason: "please" },
    });
    const count = async () => (await t.database.db.selectFrom("cost_ledger").select("id").execute()).length;
    const [rows, pay] = [await count(), await earnings(who)];
    const selfDecided = await t.call("POST", `/projects/${projectId}/appeals/${filed.json.id}/decision`, {
      cookie: who.cookie,
      body: { decision: "upheld" },
    });
    expect(selfDecided.status).toBe(403);
    // The reviewer rejected this work: someone else decides its appeal.
    const byRejecter = await t.call("POST", `/projects/${projectId}/appeals/${filed.json.id}/decision`, {
      cookie: roles.reviewer.cookie,
      body: { decision: "rejected" },
    });
    expect(byRejecter.status).toBe(403);
    expect(byRejecter.json.error).toMatchObject({
      code: "appeal_own_rejection",
      message: "You rejected this work, so another reviewer, manager or admin must decide its appeal",
    });
    const decided = await t.call("POST", `/projects/${projectId}/appeals/${filed.json.id}/decision`, {
      cookie: roles.manager.cookie,
      body: { decision: "rejected", note: "the guidelines are clear" },
    });
    expect(decided.status).toBe(204);
    expect(await count()).toBe(rows);
    expect(await earnings(who)).toBe(pay);
    expect((await judgmentsOf(who, projectId))[0]).toMatchObject({ verdict: "rejected", verdict_reason: "review" });
    const mine = await t.call("GET", "/support/appeals", { cookie: who.cookie });
    expect(mine.json.appeals).toMatchObject([{ status: "rejected", decisionNote: "the guidelines are clear" }]);
    const others = await t.call("GET", "/support/appeals", { cookie: annotators[0]!.cookie });
    expect(others.json.appeals.every((a: { annotatorId: number }) => a.annotatorId === annotators[0]!.id)).toBe(true);
  });

  it("files once and decides once under concurrency: no double filing, no double reversal", async () => {
    const who = annotators[1]!;
    const [, judgment] = await judgmentsOf(who, projectId);
    const filings = await Promise.all(
      [0, 1].map(() =>
        t.call("POST", `/projects/${projectId}/appeals`, {
          cookie: who.cookie,
          body: { judgmentId: judgment!.id, reason: "at once" },
        }),
      ),
    );
    expect(filings.map((f) => f.status).sort()).toEqual([201, 409]);
    const appealId = filings.find((f) => f.status === 201)!.json.id;
    const before = await earnings(who);
    const decisions = await Promise.all(
      [roles.manager, roles.admin].map((staff) =>
        t.call("POST", `/projects/${projectId}/appeals/${appealId}/decision`, {
          cookie: staff.cookie,
          body: { decision: "upheld" },
        }),
      ),
    );
    expect(decisions.map((d) => d.status).sort()).toEqual([204, 409]);
    expect(await earnings(who)).toBe(before + 100);
  });

  it("an undo after an upheld appeal does not pay the judgment a second time", async () => {
    const { id: project } = await createProjectWithTasks(
      t,
      { name: "Undo after appeal", schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 2 },
      [JSON.stringify({ data: { text: "one" } })],
    );
    await card(project);
    const [a, b] = await signInAnnotators(t, 2, "undo-appeal", { languages: ["en"] });
    await label(a!, project, "ok");
    await label(b!, project, "spam");
    await t.call("POST", `/projects/${project}/reviews/enqueue`, {
      cookie: roles.reviewer.cookie,
      body: { source: "disagreement", threshold: 1 },
    });
    const work = await t.call("POST", `/projects/${project}/reviews/next`, { cookie: roles.reviewer.cookie });
    await t.call("POST", `/reviews/${work.json.item.id}`, {
      cookie: roles.reviewer.cookie,
      body: { verdict: "reject" },
    });
    const [before, beforeB] = [await earnings(a!), await earnings(b!)];
    const [judgment] = await judgmentsOf(a!, project);
    const filed = await t.call("POST", `/projects/${project}/appeals`, {
      cookie: a!.cookie,
      body: { judgmentId: judgment!.id, reason: "quick" },
    });
    await t.call("POST", `/projects/${project}/appeals/${filed.json.id}/decision`, {
      cookie: roles.manager.cookie,
      body: { decision: "upheld" },
    });
    expect(await earnings(a!)).toBe(before + 100);
    const undone = await t.call("POST", `/reviews/${work.json.item.id}/undo`, { cookie: roles.reviewer.cookie });
    expect(undone.status, undone.text).toBe(200);
    expect(await earnings(a!)).toBe(before + 100); // paid once
    expect(await earnings(b!)).toBe(beforeB + 100); // b's pay comes back by the undo alone
  });

  it("an upheld appeal of a missed gold answer regrades it, lifts the pause it caused and pays it", async () => {
    const who = annotators[2]!;
    const [judgment] = await judgmentsOf(who, goldProjectId);
    expect(judgment).toMatchObject({ verdict: "rejected", verdict_reason: "gold" });
    const quality = async () =>
      (
        await t.call("GET", `/projects/${goldProjectId}/quality`, { cookie: roles.manager.cookie })
      ).json.annotators.find((a: { id: number }) => a.id === who.id);
    expect(await quality()).toMatchObject({ status: "paused", goldAccuracy: { estimate: 0, n: 1 } });
    const before = await earnings(who);
    const filed = await t.call("POST", `/projects/${goldProjectId}/appeals`, {
      cookie: who.cookie,
      body: { judgmentId: judgment!.id, reason: "the gold answer is wrong" },
    });
    expect(filed.status, filed.text).toBe(201);
    const decided = await t.call("POST", `/projects/${goldProjectId}/appeals/${filed.json.id}/decision`, {
      cookie: roles.reviewer.cookie,
      body: { decision: "upheld" },
    });
    expect(decided.status, decided.text).toBe(204);
    expect(await earnings(who)).toBe(before + 100);
    expect(await quality()).toMatchObject({ status: "ok", goldAccuracy: { estimate: 1, n: 1 } });
    const actions = await t.call("GET", `/projects/${goldProjectId}/quality/actions`, { cookie: roles.manager.cookie });
    expect(actions.json.actions[0]).toMatchObject({
      annotatorId: who.id,
      action: "pause",
      reversedAt: expect.any(String),
    });
    expect((await judgmentsOf(who, goldProjectId))[0]).toMatchObject({ verdict: "accepted", gold_correct: 1 });
  });
});
