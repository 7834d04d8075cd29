import { can, ROLES } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createProjectWithTasks,
  openTestApp,
  signInAnnotators,
  signInEveryRole,
  type TestAppWithDatabase,
} from "./test-fixtures.js";

const targets = await testTargets();
const OFF = { sampleShare: 0, confidenceThreshold: 0, disagreement: false };

describe.each(targets)("a project's review policy over HTTP on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
  });
  afterAll(() => t.close());

  const project = (id: number) => t.call("GET", `/projects/${id}`, { cookie: roles.manager.cookie });
  const patch = (id: number, cookie: string, body: unknown) => t.call("PATCH", `/projects/${id}`, { cookie, body });

  it("is off unless set, is set at creation, and is shown with the project", async () => {
    const plain = await createProjectWithTasks(t, { name: "Plain", schema: { type: "rating", min: 0, max: 4 } });
    expect((await project(plain.id)).json.reviewPolicy).toEqual(OFF);
    const policy = { sampleShare: 0.1, confidenceThreshold: 0.7, disagreement: true };
    const reviewed = await createProjectWithTasks(t, {
      name: "Reviewed",
      schema: { type: "rating", min: 0, max: 4 },
      reviewPolicy: policy,
    });
    expect((await project(reviewed.id)).json.reviewPolicy).toEqual(policy);
    const clone = await t.call("POST", `/projects/${reviewed.id}/clone`, {
      cookie: roles.manager.cookie,
      body: { name: "Reviewed again" },
    });
    expect(clone.json.reviewPolicy).toEqual(policy);
  });

  it("replaces the whole policy on PATCH and refuses bad values, naming the field, changing nothing", async () => {
    const { id } = await createProjectWithTasks(t, { name: "Patched", schema: { type: "rating", min: 0, max: 4 } });
    const set = await patch(id, roles.manager.cookie, { reviewPolicy: { sampleShare: 0.25, disagreement: true } });
    expect(set.status).toBe(200);
    expect(set.json.reviewPolicy).toEqual({ sampleShare: 0.25, confidenceThreshold: 0, disagreement: true });
    for (const [body, path] of [
      [{ sampleShare: 1.5 }, "reviewPolicy.sampleShare"],
      [{ confidenceThreshold: -0.1 }, "reviewPolicy.confidenceThreshold"],
      [{ disagreement: "yes" }, "reviewPolicy.disagreement"],
      [{ sample: 0.1 }, "reviewPolicy"],
    ] as const) {
      const refused = await patch(id, roles.manager.cookie, { name: "Renamed", reviewPolicy: body });
      expect(refused.status).toBe(400);
      expect(refused.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const after = (await project(id)).json;
    expect(after.name).toBe("Patched");
    expect(after.reviewPolicy).toEqual({ sampleShare: 0.25, confidenceThreshold: 0, disagreement: true });
  });

  it("may be set only by roles that manage projects", async () => {
    const { id } = await createProjectWithTasks(t, { name: "Guarded", schema: { type: "rating", min: 0, max: 4 } });
    for (const role of ROLES) {
      const response = await patch(id, roles[role].cookie, { reviewPolicy: { sampleShare: 1 } });
      if (can(role, "projects.manage")) expect(response.status, role).toBe(200);
      else expect([403, 404], role).toContain(response.status);
      await patch(id, roles.admin.cookie, { reviewPolicy: {} });
    }
    expect((await project(id)).json.reviewPolicy).toEqual(OFF);
  });

  it("puts a task whose annotators disagreed in the review queue as they finish it, nobody pressing enqueue", async () => {
    const annotators = await signInAnnotators(t, 2, "policy", { languages: ["en"] });
    const { id } = await createProjectWithTasks(
      t,
      {
        name: "Auto review",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 2,
        requirements: { languages: ["en"] },
        reviewPolicy: { disagreement: true },
      },
      [JSON.stringify({ data: { text: "t0" } })],
    );
    for (const [a, annotator] of annotators.entries()) {
      const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: annotator.cookie });
      expect(next.status).toBe(200);
      const judged = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: a === 0 ? "ok" : "spam", activeMs: 1000, clientKey: `policy-${a}` },
      });
      expect(judged.status).toBe(201);
    }
    const queue = await t.call("GET", `/projects/${id}/reviews?status=pending`, { cookie: roles.reviewer.cookie });
    expect(queue.json.items.map((item: { source: string }) => item.source)).toEqual(["disagreement"]);
  });
});
