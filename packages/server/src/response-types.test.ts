/**
 * The response types views.ts exports for the web app restate a few bodies that routes build as
 * object literals. These tests hold each such body to its type's fields: a route that gains or
 * loses a field without its type fails here (and the compiler checks the field lists below
 * against the types, both ways).
 */
import { DEFAULT_LEASE_SECONDS, DEFAULT_OVERLAP } from "@quorum/core";
import { type Database, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AnnotatorProjectView,
  CreatedAudit,
  GoldFeedback,
  ImportRefusal,
  ImportResponse,
  JudgmentResponse,
  ProjectStatsView,
  QualityActionView,
  ReviewWorkView,
  StaffProjectView,
} from "./index.js";
import { testApp } from "./test-client.js";

/** The fields of T, sorted; the compiler refuses a list that misses one of T's fields or names another. */
function fieldsOf<T>(fields: Record<keyof T, true>): string[] {
  return Object.keys(fields).sort();
}
const fieldsIn = (body: object) => Object.keys(body).sort();

const targets = await testTargets();

describe.each(targets)("response bodies and their exported types on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
    t = await testApp(database);
  });
  afterAll(() => database.close());

  it("a labeled project's bodies have exactly the fields of their types", async () => {
    const annotator = await t.userSession("annotator", { languages: ["en"] }, "a1");
    const reviewer = await t.userSession("reviewer", {}, "r1");
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name: "Types",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 1,
        // Feedback after gold in the ordinary queue too, so the judgment's gold feedback is seen.
        goldPolicy: { feedback: { hidden: true } },
      },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as number;

    const refused = await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: '{"text":"no data"}' });
    expect(refused.status).toBe(400);
    expect(fieldsIn(refused.json)).toEqual(fieldsOf<ImportRefusal>({ error: true, imported: true, errors: true }));
    const lines = ['{"data":{"text":"a"},"gold":"spam","goldExplanation":"why"}', '{"data":{"text":"b"}}'];
    const imported = await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: lines.join("\n") });
    expect(imported.status).toBe(200);
    expect(fieldsIn(imported.json)).toEqual(
      fieldsOf<ImportResponse>({ imported: true, errors: true, batchId: true, skipped: true, skippedCount: true }),
    );

    const mine = await t.call("GET", "/projects", { cookie: annotator.cookie });
    const own = mine.json.projects[0] as AnnotatorProjectView;
    expect(fieldsIn(own.tasks)).toEqual(
      fieldsOf<AnnotatorProjectView["tasks"]>({ total: true, remaining: true, available: true }),
    );
    expect(fieldsIn(own.today)).toEqual(
      fieldsOf<AnnotatorProjectView["today"]>({
        judgments: true,
        activeMs: true,
        goldAnswered: true,
        goldCorrect: true,
      }),
    );
    const staff = await t.call("GET", "/projects", { cookie: t.admin });
    expect(fieldsIn((staff.json.projects[0] as StaffProjectView).reviews)).toEqual(
      fieldsOf<StaffProjectView["reviews"]>({ pending: true }),
    );

    let gold: GoldFeedback | undefined;
    for (let n = 0; n < 2; n++) {
      const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie });
      const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: "ok", activeMs: 10, clientKey: `types-${n}` },
      });
      expect(judged.status).toBe(201);
      const body = judged.json as JudgmentResponse;
      expect(fieldsIn(body.judgment)).toEqual(
        fieldsOf<JudgmentResponse["judgment"]>({
          id: true,
          assignmentId: true,
          taskId: true,
          value: true,
          activeMs: true,
          guidelineVersion: true,
          createdAt: true,
        }),
      );
      gold ??= body.gold;
    }
    expect(gold && fieldsIn(gold)).toEqual(fieldsOf<GoldFeedback>({ correct: true, answer: true, explanation: true }));

    const stats = await t.call("GET", `/projects/${id}/stats?hours=2`, { cookie: t.admin });
    expect(fieldsIn(stats.json.timeline[0])).toEqual(
      fieldsOf<ProjectStatsView["timeline"][number]>({ hour: true, judgments: true }),
    );

    const paused = await t.call("POST", `/projects/${id}/annotators/${annotator.id}/status`, {
      cookie: t.admin,
      body: { status: "paused", reason: "check" },
    });
    expect(paused.status).toBe(204);
    const actions = await t.call("GET", `/projects/${id}/quality/actions`, { cookie: t.admin });
    expect(fieldsIn(actions.json.actions[0])).toEqual(
      fieldsOf<QualityActionView>({
        id: true,
        annotatorId: true,
        annotatorName: true,
        action: true,
        reason: true,
        automatic: true,
        createdAt: true,
        reversedAt: true,
      }),
    );

    const audit = await t.call("POST", `/projects/${id}/audits`, {
      cookie: reviewer.cookie,
      body: { margin: 0.3, confidence: 0.9 },
    });
    expect(audit.status).toBe(201);
    expect(fieldsIn(audit.json.plan)).toEqual(
      fieldsOf<CreatedAudit["plan"]>({
        id: true,
        batchId: true,
        population: true,
        sampleSize: true,
        requiredSampleSize: true,
        margin: true,
        confidence: true,
        createdBy: true,
        createdAt: true,
      }),
    );
    const work = await t.call("POST", `/projects/${id}/reviews/next`, { cookie: reviewer.cookie });
    expect(work.status).toBe(200);
    expect(fieldsIn(work.json)).toEqual(fieldsOf<ReviewWorkView>({ item: true, task: true, judgments: true }));
  });

  it("a project created without overlap or lease gets core's defaults", async () => {
    const created = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Defaults", schema: { type: "rating", min: 1, max: 5 } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ overlap: DEFAULT_OVERLAP, leaseSeconds: DEFAULT_LEASE_SECONDS });
  });
});
