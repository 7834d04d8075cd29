import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES } from "./app.js";
import { testApp } from "./test-client.js";

const targets = await testTargets();
const ROLES = ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst", "finance"] as const;
type Role = (typeof ROLES)[number];

/**
 * For every route and every role: what may be done and seen. `allowed` lists the roles that get a
 * success status; every other role must get 403 or 404 (never data), and anonymous callers 401.
 */
const MATRIX: { method: string; path: string; body?: unknown; raw?: string; allowed: Role[] }[] = [
  { method: "GET", path: "/users", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "GET", path: "/users/role-counts", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "POST", path: "/users", body: "newUser", allowed: ["admin", "manager"] },
  { method: "PATCH", path: "/users/{annotatorB}", body: { name: "Renamed" }, allowed: ["admin", "manager"] },
  { method: "PATCH", path: "/users/{Rival}", body: { status: "active" }, allowed: ["admin", "manager"] },
  { method: "PATCH", path: "/users/{Acme}", body: { status: "active" }, allowed: ["admin", "manager", "vendor_lead"] },
  {
    method: "PATCH",
    path: "/users/me",
    body: { timeZone: "Europe/Vienna" },
    allowed: ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst", "finance"],
  },
  { method: "GET", path: "/people", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "GET", path: "/people/{Rival}", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/people/{Acme}", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  {
    method: "GET",
    path: "/projects/{project}/eligibility/{Acme}",
    allowed: ["admin", "manager", "vendor_lead", "analyst"],
  },
  { method: "GET", path: "/projects/{project}/eligibility/{Rival}", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/people/{Acme}/eligibility", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "GET", path: "/people/{Rival}/eligibility", allowed: ["admin", "manager", "analyst"] },
  { method: "POST", path: "/people/{Rival}/team", body: { teamId: null }, allowed: ["admin", "manager"] },
  { method: "GET", path: "/vendors", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "PATCH", path: "/vendors/{rivalVendor}", body: { contractTerms: "net 30" }, allowed: ["admin", "manager"] },
  { method: "GET", path: "/teams", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "GET", path: "/teams/{rivalTeam}/members", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/teams/{acmeTeam}/members", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "PATCH", path: "/teams/{rivalTeam}", body: { leadUserId: null }, allowed: ["admin", "manager"] },
  {
    method: "GET",
    path: "/projects/{project}",
    allowed: ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst"],
  },
  { method: "GET", path: "/projects/{other}", allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"] },
  {
    method: "POST",
    path: "/projects",
    body: { name: "X", schema: { type: "single_choice", options: ["a", "b"] } },
    allowed: ["admin", "manager"],
  },
  { method: "PATCH", path: "/projects/{project}", body: { priority: 3 }, allowed: ["admin", "manager"] },
  { method: "POST", path: "/projects/{project}/clone", body: { name: "Clone" }, allowed: ["admin", "manager"] },
  {
    method: "GET",
    path: "/projects/{project}/forecast",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  {
    method: "GET",
    path: "/projects/{project}/bottlenecks",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  {
    method: "POST",
    path: "/intake-requests",
    body: {
      name: "Intake",
      volume: 10,
      schema: { type: "single_choice", options: ["a", "b"] },
      languages: ["en"],
      qualityTarget: 0.9,
      overlap: 3,
      deadline: "2030-01-01",
      budgetMinor: 1000,
      currency: "USD",
    },
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/intake-requests", allowed: ["admin", "manager"] },
  { method: "POST", path: "/projects/{project}/guidelines", body: { body: "v2" }, allowed: ["admin", "manager"] },
  {
    method: "POST",
    path: "/projects/{project}/guidelines/{version}/translations",
    body: { language: "de", body: "Richtlinien" },
    allowed: ["admin", "manager"],
  },
  {
    method: "GET",
    path: "/projects/{project}/guidelines/{version}/translations",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  {
    method: "POST",
    path: "/projects/{project}/imports?format=jsonl",
    raw: '{"data":{"text":"new"}}',
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/projects/{project}/export?format=jsonl", allowed: ["admin", "manager", "analyst"] },
  {
    method: "GET",
    path: "/projects/{project}/stats",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  {
    method: "GET",
    path: "/projects/{project}/tasks",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  {
    method: "GET",
    path: "/projects/{project}/tasks/{task}",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  { method: "GET", path: "/experiments", allowed: ["admin", "manager", "analyst"] },
  {
    method: "POST",
    path: "/experiments/plan",
    body: { baselineMean: 0.8, minimumDetectableLift: 0.05 },
    allowed: ["admin", "manager", "analyst"],
  },
  { method: "GET", path: "/bonus-schemes", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/projects/{project}/dataset-versions", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/projects/{project}/roi", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/projects/{project}/pay-elasticity", allowed: ["admin", "manager", "analyst"] },
  { method: "POST", path: "/projects/{project}/assignments/next", allowed: ["annotator"] },
  { method: "POST", path: "/assignments/next", allowed: ["annotator"] },
  {
    method: "GET",
    path: "/projects/{project}/batches",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  {
    method: "PATCH",
    path: "/projects/{project}/batches/{batch}",
    body: { priority: 0 },
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/projects/{project}/assignments", allowed: ["annotator"] },
  { method: "POST", path: "/projects/{other}/assignments/next", allowed: [] },
  {
    method: "GET",
    path: "/projects/{project}/quality",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  {
    method: "GET",
    path: "/projects/{project}/quality/actions",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  { method: "POST", path: "/projects/{project}/quality/refit", allowed: ["admin", "manager"] },
  {
    method: "POST",
    path: "/projects/{project}/annotators/{annotatorB}/status",
    body: { status: "ok", reason: "check" },
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/projects/{project}/audits", allowed: ["admin", "manager", "reviewer"] },
  {
    method: "POST",
    path: "/projects/{project}/reviews/enqueue",
    body: { source: "low_confidence" },
    allowed: ["admin", "manager", "reviewer"],
  },
  { method: "POST", path: "/projects/{project}/reviews/next", allowed: ["admin", "manager", "reviewer"] },
  { method: "GET", path: "/projects/{project}/reviews", allowed: ["admin", "manager", "reviewer"] },
  { method: "POST", path: "/projects/{project}/questions", body: { text: "Is sarcasm spam?" }, allowed: ["annotator"] },
  {
    method: "GET",
    path: "/support/threads?breached=true",
    allowed: ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst"],
  },
  {
    method: "GET",
    path: "/support/appeals",
    allowed: ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst"],
  },
  { method: "GET", path: "/support/appealable", allowed: ["annotator"] },
  { method: "GET", path: "/projects/{project}/support/hot-spots", allowed: ["admin", "manager", "reviewer"] },
  { method: "GET", path: "/projects/{other}/support/hot-spots", allowed: ["admin", "manager", "reviewer"] },
  {
    method: "GET",
    path: "/projects/{project}/support/settings",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  {
    method: "PATCH",
    path: "/projects/{project}/support/settings",
    body: { firstResponseHours: 12 },
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/support/settings", allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"] },
  { method: "PATCH", path: "/support/settings", body: { appealFileDays: 7 }, allowed: ["admin", "manager"] },
  {
    method: "GET",
    path: "/projects/{project}/questions",
    allowed: ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst"],
  },
  {
    method: "GET",
    path: "/projects/{project}/activity",
    allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"],
  },
  { method: "GET", path: "/campaigns", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "GET", path: "/recruitment/funnel", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  { method: "GET", path: "/recruitment/pool", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/audit-log", allowed: ["admin"] },
  { method: "GET", path: "/audit-log?format=csv", allowed: ["admin"] },
  { method: "GET", path: "/metrics", allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"] },
  { method: "GET", path: "/metrics/throughput", allowed: ["admin", "manager", "reviewer", "vendor_lead", "analyst"] },
  {
    method: "POST",
    path: "/monitors",
    body: { name: "m", metric: "judgments", condition: { type: "threshold", operator: "below", value: 1 } },
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/monitors", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/alerts", allowed: ["admin", "manager", "analyst"] },
  {
    method: "POST",
    path: "/webhooks",
    body: { url: "http://127.0.0.1:9/hook", events: ["alert.raised"] },
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/webhooks", allowed: ["admin", "manager"] },
  { method: "GET", path: "/rate-cards", allowed: ["admin", "manager", "vendor_lead", "analyst", "finance"] },
  {
    method: "POST",
    path: "/rate-cards",
    body: { currency: "USD", effectiveFrom: "2020-01-01", effectiveTo: "2020-02-01" },
    allowed: ["admin", "manager", "finance"],
  },
  {
    method: "POST",
    path: "/cost/adjustments",
    body: { kind: "bonus", amountMinor: 100, currency: "USD", note: "thanks" },
    allowed: ["admin", "manager", "finance"],
  },
  { method: "GET", path: "/cost/summary", allowed: ["admin", "manager", "vendor_lead", "analyst", "finance"] },
  {
    method: "POST",
    path: "/report-schedules",
    body: { name: "Digest", kind: "daily_digest" },
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/report-schedules", allowed: ["admin", "manager", "analyst", "finance"] },
  // Analysts and finance edit their own only: the matrix's schedule is an admin's (404 to them).
  {
    method: "PATCH",
    path: "/report-schedules/{schedule}",
    body: { name: "Renamed digest" },
    allowed: ["admin", "manager"],
  },
  { method: "POST", path: "/report-schedules/{schedule}/run", allowed: ["admin", "manager"] },
  { method: "GET", path: "/report-schedules/{schedule}/runs", allowed: ["admin", "manager"] },
  { method: "GET", path: "/me/reports", allowed: [...ROLES] },
  { method: "GET", path: "/workspace/settings", allowed: [...ROLES] },
  { method: "PATCH", path: "/workspace/settings", body: { timeZone: "UTC" }, allowed: ["admin"] },
  {
    method: "GET",
    path: "/me/earnings",
    allowed: ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst", "finance"],
  },
  {
    method: "POST",
    path: "/presence",
    allowed: ["admin", "manager", "reviewer", "annotator", "vendor_lead", "analyst", "finance"],
  },
  // Annotator B has no vendor: the vendor lead (Acme) may not read them; see scorecard.test.ts for their own people.
  { method: "GET", path: "/users/{annotatorB}/scorecard", allowed: ["admin", "manager"] },
  { method: "GET", path: "/users/{annotatorB}/coaching", allowed: ["admin", "manager"] },
  {
    method: "POST",
    path: "/users/{annotatorB}/coaching-notes",
    body: { body: "Slow down" },
    allowed: ["admin", "manager"],
  },
  {
    method: "POST",
    path: "/users/{annotatorB}/tier",
    body: { tier: "standard", reason: "check" },
    allowed: ["admin", "manager"],
  },
  { method: "POST", path: "/tiers/evaluate", body: {}, allowed: ["admin", "manager"] },
  { method: "GET", path: "/capacity", allowed: ["admin", "manager", "analyst"] },
  { method: "GET", path: "/wellbeing/settings", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
  {
    method: "PATCH",
    path: "/wellbeing/settings",
    body: { session: { reminderMinutes: 50, capMinutes: 120, breakMinutes: 15 } },
    allowed: ["admin", "manager"],
  },
  // annotatorB has no vendor: a vendor lead of Acme does not see them.
  { method: "GET", path: "/wellbeing/people/{annotatorB}", allowed: ["admin", "manager", "analyst"] },
  {
    method: "PATCH",
    path: "/wellbeing/people/{annotatorB}/budgets",
    body: { budgets: { violence: { itemsPerDay: 50 } } },
    allowed: ["admin", "manager"],
  },
  { method: "GET", path: "/wellbeing/me", allowed: ["annotator"] },
  { method: "PATCH", path: "/wellbeing/me/media", body: { blur: false }, allowed: ["annotator"] },
  { method: "POST", path: "/wellbeing/checkins", body: { answers: [3, 3, 3, 3, 3] }, allowed: ["annotator"] },
  { method: "GET", path: "/wellbeing/me/checkins", allowed: ["annotator"] },
  { method: "GET", path: "/wellbeing/checkins/summary", allowed: ["admin", "manager", "vendor_lead", "analyst"] },
];

// biome-ignore lint/suspicious/noExplicitAny: tests pick response fields one by one
type Json = Record<string, any>;

/**
 * What of other people each staff route shows: `people` picks the annotator ids a response names
 * (null for a judgment whose author is hidden), `gold` the gold answers it carries. A vendor lead
 * (vendor Acme) must see Acme's annotator and never Rival's, and no gold; other staff see both
 * annotators, and gold unless their role lacks gold.read.
 */
const FIELDS: { path: string; people: (json: Json) => (number | null)[]; gold?: (json: Json) => unknown[] }[] = [
  { path: "/users", people: (j) => j.users.filter((u: Json) => u.role === "annotator").map((u: Json) => u.id) },
  { path: "/people", people: (j) => j.people.filter((u: Json) => u.role === "annotator").map((u: Json) => u.id) },
  { path: "/projects/{fields}/stats", people: (j) => j.annotators.map((a: Json) => a.id) },
  { path: "/projects/{fields}/quality", people: (j) => j.annotators.map((a: Json) => a.id) },
  { path: "/projects/{fields}/quality/actions", people: (j) => j.actions.map((a: Json) => a.annotatorId) },
  {
    path: "/projects/{fields}/activity",
    people: (j) => [
      ...j.judgments.map((a: Json) => a.annotatorId),
      // Events an annotator made (an appeal filed), by who made them.
      ...j.events.filter((e: Json) => e.actorRole === "annotator").map((e: Json) => e.actorId),
    ],
  },
  { path: "/projects/{fields}/questions", people: (j) => j.questions.map((q: Json) => q.annotatorId) },
  { path: "/support/threads?projectId={fields}", people: (j) => j.threads.map((q: Json) => q.annotatorId) },
  { path: "/projects/{fields}/tasks", people: () => [], gold: (j) => j.tasks.map((task: Json) => task.gold) },
  {
    path: "/projects/{fields}/tasks/{fieldsTask}",
    people: (j) => j.judgmentList.map((x: Json) => x.annotatorId),
    gold: (j) => [j.gold, ...j.judgmentList.map((x: Json) => x.goldCorrect)],
  },
];

describe.each(targets)("access control on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let close: () => Promise<void>;
  let database: Awaited<ReturnType<typeof target.open>>;
  const sessions = {} as Record<Role, { cookie: string; id: number }>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await target.open();
    close = () => database.close();
    t = await testApp(database);
    for (const role of ROLES)
      sessions[role] = await t.userSession(
        role,
        role === "annotator" ? { languages: ["en"] } : { vendor: "Acme" },
        role,
      );
    const b = await t.userSession("annotator", { languages: ["en"] }, "b");
    ids.annotatorB = b.id;
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name: "Mod",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 2,
        requirements: { languages: ["en"] },
        guidelines: "v1",
      },
    });
    ids.project = project.json.id;
    ids.version = 1;
    const other = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name: "Japanese only",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        requirements: { languages: ["ja"] },
      },
    });
    ids.other = other.json.id;
    const lines = [
      '{"data":{"text":"secret-gold-task"},"gold":"spam","goldExplanation":"GOLD-EXPLANATION"}',
      '{"data":{"text":"plain"}}',
    ];
    await t.call("POST", `/projects/${ids.project}/imports`, { cookie: t.admin, raw: lines.join("\n") });
    await t.call("POST", `/projects/${ids.other}/imports`, {
      cookie: t.admin,
      raw: '{"data":{"text":"other project"}}',
    });
    const batches = await t.call("GET", `/projects/${ids.project}/batches`, { cookie: t.admin });
    ids.batch = batches.json.batches[0].id;
    const schedule = await t.call("POST", "/report-schedules", {
      cookie: t.admin,
      body: { name: "Matrix digest", kind: "daily_digest" },
    });
    ids.schedule = schedule.json.schedule.id;
    const tasks = await t.call("GET", `/projects/${ids.project}/tasks`, { cookie: t.admin });
    ids.task = tasks.json.tasks[0].id;
    // Annotator B labels a task so there is someone else's judgment to (not) see.
    const lease = await t.call("POST", `/projects/${ids.project}/assignments/next`, { cookie: b.cookie });
    await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
      cookie: b.cookie,
      body: { value: "ok", activeMs: 10, clientKey: "b-1" },
    });
    ids.bLease = lease.json.assignment.id;

    // A project labeled by one Acme and one Rival annotator, for what each role may see of them.
    const fields = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Fields", schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 3 },
    });
    ids.fields = fields.json.id;
    await t.call("POST", `/projects/${ids.fields}/imports`, {
      cookie: t.admin,
      raw: '{"data":{"text":"gold one"},"gold":"spam"}',
    });
    for (const vendor of ["Acme", "Rival"]) {
      const person = await t.userSession("annotator", { vendor }, `field-${vendor.toLowerCase()}`);
      ids[vendor] = person.id;
      const next = await t.call("POST", `/projects/${ids.fields}/assignments/next`, { cookie: person.cookie });
      ids.fieldsTask = next.json.assignment.task.id;
      await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: person.cookie,
        body: { value: "spam", activeMs: 10, clientKey: vendor },
      });
      await t.call("POST", `/projects/${ids.fields}/questions`, {
        cookie: person.cookie,
        body: { assignmentId: next.json.assignment.id, text: `question from ${vendor}` },
      });
      // Filing an appeal logs a project event whose actor is the annotator (as file-appeal writes it).
      await database.db
        .insertInto("audit_log")
        .values({
          project_id: ids.fields,
          actor_id: person.id,
          action: "appeal.file",
          details: JSON.stringify({ appealId: 0, judgmentId: 0, kind: "review" }),
          created_at: t.clock.now,
        })
        .execute();
      await t.call("POST", `/projects/${ids.fields}/annotators/${person.id}/status`, {
        cookie: t.admin,
        body: { status: "flagged", reason: "spot check" },
      });
    }
    // Money events of the project (a bonus paid to a Rival annotator; a scheme's settlement).
    for (const [action, details] of [
      ["cost.bonus", { ledgerId: 0, amountMinor: 500, currency: "USD", note: "bonus" }],
      ["bonus_scheme.settle", { id: 0, until: 0, rows: 2, paidMinor: 1200 }],
    ] as const)
      await database.db
        .insertInto("audit_log")
        .values({
          project_id: ids.fields,
          actor_id: sessions.manager.id,
          action,
          details: JSON.stringify(details),
          created_at: t.clock.now,
        })
        .execute();
    const vendors = await t.call("GET", "/vendors", { cookie: t.admin });
    ids.rivalVendor = vendors.json.vendors.find((v: Json) => v.name === "Rival").id;
    const teams = await t.call("GET", "/teams", { cookie: t.admin });
    ids.rivalTeam = teams.json.teams.find((team: Json) => team.vendorName === "Rival").id;
    ids.acmeTeam = teams.json.teams.find((team: Json) => team.vendorName === "Acme").id;
  });
  afterAll(() => close());

  const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, key: string) => String(ids[key]));

  it("covers every documented route", () => {
    const documented = API_ROUTES.filter((r) => !r.path.startsWith("/auth") && r.path !== "/me/today").map(
      (r) => `${r.method.toUpperCase()} ${r.path.replace(/\{\w+\}/g, "{}")}`,
    );
    const tested = new Set([
      ...MATRIX.map((m) => `${m.method} ${m.path.split("?")[0]!.replace(/\{\w+\}/g, "{}")}`),
      "GET /users/{}",
      "POST /assignments/{}/judgment",
      "POST /assignments/{}/skip",
      "POST /assignments/{}/release",
      "GET /projects/{}/guidelines",
      "GET /projects",
      // Refused for every other role in reviews.test.ts and quality-engine.test.ts (they need done tasks or an action).
      "POST /projects/{}/audits",
      "GET /projects/{}/audits/{}",
      "POST /reviews/{}",
      // Refused for others in review-undo.test.ts (it needs the caller's own verdict).
      "POST /reviews/{}/undo",
      // Every role, the holder and managers, in review-release.test.ts (it needs a claimed item).
      "POST /projects/{}/reviews/{}/release",
      "POST /projects/{}/quality/actions/{}/reverse",
      "POST /projects/{}/questions/{}/answer",
      // Support threads and appeals: every role in support.test.ts ("refuses every role ..."), as they
      // need a thread of a given person or a rejected judgment.
      "GET /projects/{}/questions/{}",
      "POST /projects/{}/questions/{}/messages",
      "PATCH /projects/{}/questions/{}",
      "POST /projects/{}/appeals",
      "POST /projects/{}/appeals/{}/decision",
      // Certification: every role is tried in exams.test.ts (exams need a project with enough gold).
      // Cost analysis: every role is tried in cost-analysis.test.ts (budgets, pools and reports need ledger rows).
      "POST /cost/budgets",
      "GET /cost/budgets",
      "GET /cost/budgets/{}",
      "PATCH /cost/budgets/{}",
      "GET /cost/budgets/{}/burn", // every role tried in cost-budget-burn.test.ts
      // Readers, a changer and an annotator in budget-plan.test.ts (it needs a budget with a plan).
      "GET /cost/budgets/{}/explain",
      "POST /cost/pools",
      "GET /cost/pools",
      "POST /cost/pools/{}/amounts",
      "POST /cost/pools/{}/policies",
      "GET /cost/allocations",
      "GET /cost/explain",
      "POST /cost/initiatives",
      "GET /cost/initiatives",
      "PATCH /cost/initiatives/{}",
      "POST /cost/initiatives/{}/realised",
      "POST /cost/pay-periods/close",
      // vendors-teams.test.ts: creation and merges tried by a vendor lead, done by a manager.
      "POST /vendors",
      "POST /vendors/{}/merge",
      "POST /teams",
      "POST /teams/{}/merge",
      "GET /reports/cost",
      "GET /users/me",
      "PATCH /projects/{}/guidelines/{}",
      "POST /exams",
      "GET /exams",
      "GET /exams/{}",
      "POST /exams/{}/attempts",
      "GET /exams/{}/attempts",
      "GET /exam-attempts/{}",
      "POST /exam-attempts/{}/next",
      "POST /exam-attempts/{}/answers",
      "POST /training-modules",
      "GET /training-modules",
      "GET /training-modules/{}",
      "POST /training-modules/{}/answers",
      // Recruitment: public sign-up and password links, and every role's writes, in recruitment.test.ts.
      "POST /campaigns",
      "GET /campaigns/{}",
      "PATCH /campaigns/{}",
      "GET /campaigns/{}/sign-up",
      "POST /campaigns/{}/applications",
      "POST /password-links/redeem",
      "POST /users/import",
      "POST /users/{}/password-link",
      "GET /me/referral-code",
      // Admin only; refused for every other role and on oneself in user-erasure.test.ts.
      "POST /users/{}/erase",
      "GET /metrics/{}", // called as /metrics/throughput above
      // monitoring.test.ts and console-events.test.ts (they need a monitor, an alert or a stream).
      "GET /monitors/{}",
      "PATCH /monitors/{}",
      "DELETE /monitors/{}",
      "POST /alerts/{}/acknowledge",
      "GET /webhooks/{}",
      "DELETE /webhooks/{}",
      "GET /webhooks/{}/deliveries",
      "GET /events",
      // intake.test.ts: every role tried on a request's report and acceptance (they need a request).
      "GET /intake-requests/{}",
      "POST /intake-requests/{}/feasibility",
      "POST /intake-requests/{}/accept",
      // cost.test.ts: read by cost.read, changed by cost.manage only.
      "GET /rate-cards/{}",
      "POST /projects/{}/batches/{}/cancel", // every role tried in batches.test.ts (a batch is cancelled once)
      // task-gold.test.ts: every role tried on a task of its own (a gold answer changes what the others here see).
      "PUT /projects/{}/tasks/{}/gold",
      "DELETE /projects/{}/tasks/{}/gold",
      "DELETE /report-schedules/{}", // report-schedules.test.ts (a schedule is deleted once)
      "PATCH /rate-cards/{}",
      "DELETE /rate-cards/{}",
      // scorecard.test.ts: the latest change only, by admins and managers (it needs a tier change).
      "POST /users/{}/tier-changes/{}/reverse",
      // experiments.test.ts: managers write, analysts read, annotators and other roles are refused
      // (the routes need an experiment, a scheme or a dataset version).
      "POST /experiments",
      "GET /experiments/{}",
      "POST /experiments/{}/start",
      "POST /experiments/{}/stop",
      "GET /experiments/{}/results",
      "GET /experiments/{}/units",
      "POST /bonus-schemes",
      "POST /bonus-schemes/{}/settle",
      "POST /bonus-schemes/{}/close",
      "POST /projects/{}/dataset-versions",
      "POST /model-evaluations",
    ]);
    expect(documented.filter((d) => !tested.has(d))).toEqual([]);
  });

  for (const entry of MATRIX) {
    it(`${entry.method} ${entry.path}: only ${entry.allowed.join(", ") || "nobody"}`, async () => {
      const anonymous = await t.call(entry.method, fill(entry.path), entry.body ? { body: entry.body } : {});
      expect(anonymous.status).toBe(401);
      for (const role of ROLES) {
        const body =
          entry.body === "newUser"
            ? { email: `new-${role}@x.io`, name: "N", password: "password-123", role: "annotator" }
            : entry.body;
        const response = await t.call(entry.method, fill(entry.path), {
          cookie: sessions[role].cookie,
          ...(body ? { body } : {}),
          ...(entry.raw ? { raw: entry.raw } : {}),
        });
        if (entry.allowed.includes(role)) expect(response.status, `${role} should be allowed`).toBeLessThan(300);
        else expect([403, 404], `${role} should be refused (got ${response.status})`).toContain(response.status);
      }
    });
  }

  for (const role of ["admin", "manager", "reviewer", "vendor_lead", "analyst"] as const) {
    it(`shows a ${role} only the people and gold their role may see`, async () => {
      for (const field of FIELDS) {
        if ((field.path === "/users" || field.path === "/people") && role === "reviewer") continue; // reviewers have no people list
        const response = await t.call("GET", fill(field.path), { cookie: sessions[role].cookie });
        expect(response.status, field.path).toBe(200);
        const people = field.people(response.json);
        if (field.path !== "/projects/{fields}/tasks") {
          expect(people, field.path).toContain(ids.Acme);
          if (role === "vendor_lead") expect(people, field.path).not.toContain(ids.Rival);
          else expect(people, field.path).toContain(ids.Rival);
        }
        if (role === "vendor_lead") {
          // Every named annotator is Acme's; hidden authors are null, never someone else's id.
          for (const id of people) expect([ids.Acme, sessions.vendor_lead.id, null], field.path).toContain(id);
          expect(response.text, field.path).not.toContain("question from Rival");
          expect(response.text, field.path).not.toContain("field-rival");
        }
        if (field.gold) {
          const gold = field.gold(response.json);
          expect(gold.length, field.path).toBeGreaterThan(0);
          if (role === "vendor_lead") expect(new Set(gold), field.path).toEqual(new Set([null]));
          else expect(gold, field.path).toContain("spam");
        }
      }
    });
  }

  it("shows an annotator only their leased task: no gold, no explanation, no other judgments, no other project", async () => {
    const { cookie } = sessions.annotator;
    const responses: string[] = [];
    for (;;) {
      const next = await t.call("POST", `/projects/${ids.project}/assignments/next`, { cookie });
      responses.push(next.text);
      if (next.status === 204) break;
      expect(Object.keys(next.json.assignment.task).sort()).toEqual(["data", "id"]);
      const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie,
        body: { value: "ok", activeMs: 5, clientKey: `a-${next.json.assignment.id}` },
      });
      expect(judged.status).toBe(201);
      // After answering a gold task the annotator is shown the answer and explanation (by design).
      if (next.text.includes("secret-gold-task")) expect(judged.json.gold.explanation).toBe("GOLD-EXPLANATION");
    }
    const everything = responses.join("\n");
    expect(everything).not.toContain("GOLD-EXPLANATION");
    expect(everything).not.toContain('"gold"');
    expect(everything).not.toContain("b-1");
    const list = await t.call("GET", "/projects", { cookie });
    const visible = list.json.projects.map((p: { id: number }) => p.id);
    expect(visible).toContain(ids.project);
    expect(visible).not.toContain(ids.other);
    expect(list.text).not.toContain("Japanese only");
    // Someone else's lease cannot be answered, skipped or released.
    for (const action of ["judgment", "skip", "release"]) {
      const response = await t.call("POST", `/assignments/${ids.bLease}/${action}`, {
        cookie,
        ...(action === "judgment" ? { body: { value: "ok", activeMs: 1, clientKey: "steal" } } : {}),
      });
      expect(response.status).toBe(404);
    }
    // Another user's profile is not visible to an annotator; their own is.
    expect((await t.call("GET", `/users/${ids.annotatorB}`, { cookie })).status).toBe(403);
    expect((await t.call("GET", `/users/${sessions.annotator.id}`, { cookie })).status).toBe(200);
  });

  it("never tells an annotator how their work is checked: no gold share, quality rules, review sampling or overlap policy", async () => {
    const checked = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name: "Checked",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 1,
        goldPolicy: { share: 0.2, onboarding: 2 },
        qualityRules: { minGoldAnswers: 4, minAccuracy: 0.8, action: "pause", minActiveMs: 2500, maxFastShare: 0.3 },
        reviewPolicy: { sampleShare: 0.1, confidenceThreshold: 0.6, disagreement: true },
      },
    });
    expect(checked.status).toBe(201);
    const id = checked.json.id as number;
    await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: '{"data":{"text":"one"}}' });
    const { cookie } = await t.userSession("annotator", { languages: ["en"] }, "checked");
    // What the labeling view needs, and nothing about the controls, the thresholds or the sampling.
    const annotatorFields = [
      "businessUnit",
      "createdAt",
      "deadline",
      "description",
      "guidelineVersion",
      "harm",
      "id",
      "leaseSeconds",
      "name",
      "overlap",
      "priority",
      "requirements",
      "schema",
      "sensitive",
      "status",
      "updatedAt",
    ];
    const fieldsOf = (project: Json) => Object.keys(project).sort();

    const list = await t.call("GET", "/projects", { cookie });
    const listed = list.json.projects.find((p: Json) => p.id === id);
    expect(fieldsOf(listed)).toEqual([...annotatorFields, "tasks", "today"].sort());
    const one = await t.call("GET", `/projects/${id}`, { cookie });
    expect(fieldsOf(one.json)).toEqual(annotatorFields);
    const anywhere = await t.call("POST", "/assignments/next", { cookie });
    expect(anywhere.status).toBe(200);
    expect(fieldsOf(anywhere.json.project)).toEqual(annotatorFields);
    for (const body of [list.text, one.text, anywhere.text]) {
      expect(body).not.toContain("minActiveMs");
      expect(body).not.toContain("sampleShare");
      expect(body).not.toContain("goldPolicy");
    }

    // Staff still read and edit the whole project.
    const staff = await t.call("GET", `/projects/${id}`, { cookie: sessions.manager.cookie });
    expect(staff.json).toMatchObject({
      goldPolicy: { share: 0.2, onboarding: 2 },
      qualityRules: { minActiveMs: 2500 },
      reviewPolicy: { sampleShare: 0.1 },
      overlapPolicy: { mode: "fixed" },
      reviewLeaseSeconds: expect.any(Number),
    });
  });

  it("lets an annotator ask about their own task only, see only their own questions, and read the answer", async () => {
    const { cookie } = sessions.annotator;
    const bCookie = await t.login("annotator-b@test.local", "password-123");
    const stolen = await t.call("POST", `/projects/${ids.project}/questions`, {
      cookie,
      body: { assignmentId: ids.bLease, text: "x" },
    });
    expect(stolen.status).toBe(404);
    const asked = await t.call("POST", `/projects/${ids.project}/questions`, {
      cookie: bCookie,
      body: { assignmentId: ids.bLease, text: "Unclear case" },
    });
    expect(asked.status).toBe(201);
    const mine = await t.call("GET", `/projects/${ids.project}/questions`, { cookie });
    expect(mine.text).not.toContain("Unclear case");
    const path = `/projects/${ids.project}/questions/${asked.json.id}/answer`;
    expect((await t.call("POST", path, { cookie, body: { answer: "no" } })).status).toBe(403);
    expect(
      (await t.call("POST", path, { cookie: sessions.reviewer.cookie, body: { answer: "Treat it as ok." } })).status,
    ).toBe(204);
    const theirs = await t.call("GET", `/projects/${ids.project}/questions`, { cookie: bCookie });
    expect(theirs.json.questions[0]).toMatchObject({
      text: "Unclear case",
      answer: "Treat it as ok.",
      status: "answered",
    });
  });

  it("never returns password hashes, and managers cannot create admins", async () => {
    const users = await t.call("GET", "/users", { cookie: t.admin });
    expect(users.text).not.toContain("scrypt$");
    const made = await t.call("POST", "/users", {
      cookie: sessions.manager.cookie,
      body: { email: "boss@x.io", name: "B", password: "password-123", role: "admin" },
    });
    expect(made.status).toBe(403);
  });

  it("shows a vendor lead no pay in a project's activity, which managers see", async () => {
    const money = (json: Json) => json.events.filter((e: Json) => /^(cost\.|bonus_scheme\.)/.test(e.action));
    const path = fill("/projects/{fields}/activity");
    const manager = await t.call("GET", path, { cookie: sessions.manager.cookie });
    expect(
      money(manager.json)
        .map((e: Json) => e.action)
        .sort(),
    ).toEqual(["bonus_scheme.settle", "cost.bonus"]);
    const lead = await t.call("GET", path, { cookie: sessions.vendor_lead.cookie });
    expect(lead.status).toBe(200);
    expect(money(lead.json)).toEqual([]);
  });

  it("a vendor lead sees only their own vendor's people", async () => {
    const users = await t.call("GET", "/users", { cookie: sessions.vendor_lead.cookie });
    expect(users.json.users.length).toBeGreaterThan(0);
    for (const user of users.json.users) expect(user.vendor).toBe("Acme");
  });

  it("works with a Bearer token from POST /auth/tokens, and refuses a wrong one", async () => {
    const token = await t.call("POST", "/auth/tokens", { cookie: sessions.manager.cookie, body: { name: "script" } });
    expect(token.status).toBe(201);
    expect((await t.call("GET", "/projects", { token: token.json.token })).status).toBe(200);
    expect((await t.call("GET", "/projects", { token: "qrm_wrong" })).status).toBe(401);
  });

  it("deactivating a user ends their sessions", async () => {
    const person = await t.userSession("annotator", { languages: ["en"] }, "leaver");
    expect((await t.call("GET", "/auth/me", { cookie: person.cookie })).status).toBe(200);
    await t.call("PATCH", `/users/${person.id}`, { cookie: t.admin, body: { status: "deactivated" } });
    expect((await t.call("GET", "/auth/me", { cookie: person.cookie })).status).toBe(401);
  });
});
