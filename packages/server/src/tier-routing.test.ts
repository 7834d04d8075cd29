import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("routing by tier on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let manager: TestSession;
  let person: TestSession;
  let projectId = 0;
  const schema = { type: "single_choice", options: ["ok", "spam"] };
  const tasks = [0, 1, 2].map((i) => JSON.stringify({ data: { text: `t${i}` } }));

  beforeAll(async () => {
    t = await openTestApp(target);
    manager = await t.userSession("manager");
    person = await t.userSession("annotator", { languages: ["en"] }, "tiered");
    ({ id: projectId } = await createProjectWithTasks(
      t,
      { name: "High value", schema, requirements: { languages: ["en"], minTier: "standard" } },
      tasks,
    ));
  });
  afterAll(() => t.close());

  const eligibility = async () => {
    const body = await t.call("GET", `/projects/${projectId}/eligibility/${person.id}`, { cookie: manager.cookie });
    expect(body.status, body.text).toBe(200);
    return body.json;
  };

  it("refuses an unknown tier on create and update, naming the field, and changes nothing", async () => {
    const created = await t.call("POST", "/projects", {
      cookie: manager.cookie,
      body: { name: "Bad tier", schema, requirements: { minTier: "trusted" } },
    });
    expect(created.status).toBe(400);
    expect(created.json.error.details[0]).toMatchObject({
      path: "requirements.minTier",
      message: "use one of trainee, standard, expert",
    });
    const updated = await t.call("PATCH", `/projects/${projectId}`, {
      cookie: manager.cookie,
      body: { name: "Renamed", requirements: { minTier: "gold" } },
    });
    expect(updated.status).toBe(400);
    expect(updated.json.error.details[0].path).toBe("requirements.minTier");
    const project = await t.call("GET", `/projects/${projectId}`, { cookie: manager.cookie });
    expect(project.json).toMatchObject({ name: "High value", requirements: { minTier: "standard" } });
  });

  it("keeps a trainee off the project and says why; a promotion lets them in at once, its undo keeps them out", async () => {
    expect(await eligibility()).toEqual({
      userId: person.id,
      tier: "trainee",
      eligible: false,
      reasons: ["needs tier standard or above (is trainee)"],
    });
    // The person's profile lists every active project with the same reasons.
    const profile = await t.call("GET", `/people/${person.id}/eligibility`, { cookie: manager.cookie });
    expect(profile.status, profile.text).toBe(200);
    expect(profile.json).toMatchObject({ userId: person.id, tier: "trainee" });
    expect(profile.json.projects.find((p: { id: number }) => p.id === projectId)).toEqual({
      id: projectId,
      name: "High value",
      eligible: false,
      reasons: ["needs tier standard or above (is trainee)"],
    });
    const listed = await t.call("GET", "/projects", { cookie: person.cookie });
    expect(listed.json.projects.map((p: { id: number }) => p.id)).not.toContain(projectId);
    expect((await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie })).status).toBe(
      404,
    );
    expect((await t.call("POST", "/assignments/next", { cookie: person.cookie })).status).toBe(204);

    const promoted = await t.call("POST", `/users/${person.id}/tier`, {
      cookie: manager.cookie,
      body: { tier: "standard", reason: "trial on high-value work" },
    });
    expect(promoted.status, promoted.text).toBe(200);
    expect(await eligibility()).toMatchObject({ tier: "standard", eligible: true, reasons: [] });
    // The people directory shows the tier in force.
    const directory = await t.call("GET", "/users", { cookie: manager.cookie });
    expect(directory.json.users.find((u: { id: number }) => u.id === person.id).tier).toBe("standard");
    const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie });
    expect(next.status, next.text).toBe(200);
    expect(next.json.assignment.projectId).toBe(projectId);

    const undone = await t.call("POST", `/users/${person.id}/tier-changes/${promoted.json.changeId}/reverse`, {
      cookie: manager.cookie,
    });
    expect(undone.status).toBe(204);
    expect((await eligibility()).reasons).toEqual(["needs tier standard or above (is trainee)"]);
    expect((await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie })).status).toBe(
      404,
    );
  });

  it("lists the tier among the other reasons, and a project without a minimum takes every tier", async () => {
    await t.call("PATCH", `/projects/${projectId}`, {
      cookie: manager.cookie,
      body: { requirements: { languages: ["de"], minTier: "expert" } },
    });
    expect((await eligibility()).reasons).toEqual([
      "needs one of the languages de",
      "needs tier expert or above (is trainee)",
    ]);
    const cleared = await t.call("PATCH", `/projects/${projectId}`, {
      cookie: manager.cookie,
      body: { requirements: { languages: ["en"] } },
    });
    expect(cleared.json.requirements).toEqual({ languages: ["en"], skills: {} });
    expect(await eligibility()).toMatchObject({ eligible: true, reasons: [] });
    expect((await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie })).status).toBe(
      200,
    );
  });

  it("answers 404 for a person outside the caller's view and refuses annotators", async () => {
    expect((await t.call("GET", `/projects/${projectId}/eligibility/999999`, { cookie: manager.cookie })).status).toBe(
      404,
    );
    expect(
      (await t.call("GET", `/projects/${projectId}/eligibility/${person.id}`, { cookie: person.cookie })).status,
    ).toBe(403);
  });

  it("is documented in the OpenAPI document", async () => {
    const doc = await t.call("GET", "/openapi.json", { cookie: manager.cookie });
    expect(doc.status).toBe(200);
    expect(doc.text).toContain("/projects/{id}/eligibility/{userId}");
    expect(doc.text).toContain("minTier");
  });
});
