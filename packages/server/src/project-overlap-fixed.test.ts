import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("a project's judgments per task after creation on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
  });
  afterAll(() => t.close());

  const patch = (id: number, body: unknown) =>
    t.call("PATCH", `/projects/${id}`, { cookie: roles.manager.cookie, body });

  it("refuses a changed overlap on PATCH, naming the field and changing nothing else", async () => {
    const { id } = await createProjectWithTasks(t, {
      name: "Three",
      schema: { type: "rating", min: 0, max: 4 },
      overlap: 3,
    });
    const refused = await patch(id, { name: "Renamed", overlap: 2 });
    expect(refused.status).toBe(400);
    const detail = refused.json.error.details.find((d: { path: string }) => d.path === "overlap");
    expect(detail.message).toMatch(/stays 3.*new project/);
    const after = await t.call("GET", `/projects/${id}`, { cookie: roles.manager.cookie });
    expect(after.json).toMatchObject({ name: "Three", overlap: 3 });
  });

  it("accepts the overlap it already has, so a whole project body can be sent back", async () => {
    const { id } = await createProjectWithTasks(t, {
      name: "Same",
      schema: { type: "rating", min: 0, max: 4 },
      overlap: 3,
    });
    const saved = await patch(id, { name: "Same again", overlap: 3 });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ name: "Same again", overlap: 3 });
  });
});
