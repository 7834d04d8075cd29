import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import {
  createProjectWithTasks,
  openTestApp,
  queueDisagreements,
  signInAnnotators,
  signInEveryRole,
  type TestAppWithDatabase,
} from "./test-fixtures.js";

const targets = await testTargets();
const LEASE_SECONDS = 120;

describe.each(targets)("review claims as leases over HTTP on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  let second: TestSession;
  let projectId = 0;

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
    second = await t.userSession("reviewer", {}, "second");
    const annotators = await signInAnnotators(t, 2, "ann", { languages: ["en"] });
    ({ id: projectId } = await createProjectWithTasks(
      t,
      {
        name: "Leases",
        schema: { type: "single_choice", options: ["ok", "spam"] },
        overlap: 2,
        requirements: { languages: ["en"] },
        reviewLeaseSeconds: LEASE_SECONDS,
      },
      Array.from({ length: 4 }, (_, i) => JSON.stringify({ data: { text: `t${i}` } })),
    ));
    // Two annotators disagree on every task, which queues them all for review.
    expect(await queueDisagreements(t, projectId, annotators, roles.reviewer)).toBe(4);
  });
  afterAll(() => t.close());

  const next = (cookie: string, skip?: number[]) =>
    t.call("POST", `/projects/${projectId}/reviews/next${skip ? `?skip=${skip.join(",")}` : ""}`, { cookie });
  const release = (itemId: number, cookie: string, project = projectId) =>
    t.call("POST", `/projects/${project}/reviews/${itemId}/release`, { cookie });
  const pending = async () =>
    (await t.call("GET", `/projects/${projectId}/reviews?status=pending`, { cookie: roles.manager.cookie })).json
      .items as { id: number; reviewerId: number | null; claimExpiresAt: string | null }[];

  it("claims for the project's review lease and shows when the claim runs out", async () => {
    const project = await t.call("GET", `/projects/${projectId}`, { cookie: roles.manager.cookie });
    expect(project.json.reviewLeaseSeconds).toBe(LEASE_SECONDS);
    const work = await next(roles.reviewer.cookie);
    expect(work.status).toBe(200);
    expect(work.json.item).toMatchObject({
      reviewerId: roles.reviewer.id,
      claimedAt: new Date(clock.now).toISOString(),
      claimExpiresAt: new Date(clock.now + LEASE_SECONDS * 1000).toISOString(),
    });
    // Reading the queue claims nothing.
    expect((await pending()).filter((item) => item.reviewerId !== null)).toHaveLength(1);
  });

  it("lets only the holder, a manager or an admin release a claim (403 for other reviewers, 404 elsewhere)", async () => {
    const held = (await next(roles.reviewer.cookie)).json.item.id as number;
    const other = await release(held, second.cookie);
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe("forbidden");
    expect((await release(held, roles.annotator.cookie)).status).toBe(403);
    expect((await release(999_999, roles.reviewer.cookie)).status).toBe(404);
    const elsewhere = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Elsewhere", schema: { type: "single_choice", options: ["a", "b"] } },
    });
    expect((await release(held, roles.reviewer.cookie, elsewhere.json.id)).status).toBe(404);
    expect((await release(held, "quorum_session=nope")).status).toBe(401);

    const released = await release(held, roles.reviewer.cookie);
    expect(released.status).toBe(200);
    expect(released.json.item).toMatchObject({ id: held, status: "pending", reviewerId: null, claimExpiresAt: null });
    // The released item is the next reviewer's.
    expect((await next(second.cookie)).json.item.id).toBe(held);
    expect((await release(held, roles.manager.cookie)).json.item.reviewerId).toBeNull();
    expect((await next(second.cookie)).json.item.id).toBe(held);
    expect((await release(held, roles.admin.cookie)).status).toBe(200);
  });

  it("passes over skipped items, and refuses to release a decided one (409 review_decided)", async () => {
    const first = (await next(second.cookie)).json.item.id as number;
    await release(first, second.cookie);
    const other = await next(second.cookie, [first]);
    expect(other.json.item.id).not.toBe(first);
    const decided = await t.call("POST", `/reviews/${other.json.item.id}`, {
      cookie: second.cookie,
      body: { verdict: "accept" },
    });
    expect(decided.status).toBe(200);
    const refused = await release(other.json.item.id, second.cookie);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("review_decided");
    expect((await next(second.cookie, [0])).status).toBe(400);
  });

  it("gives an expired claim to the next reviewer; the first holder's verdict is then review_taken", async () => {
    const held = (await next(roles.reviewer.cookie)).json.item.id as number;
    clock.now += LEASE_SECONDS * 1000;
    const taken = await next(second.cookie);
    expect(taken.json.item).toMatchObject({ id: held, reviewerId: second.id });
    const late = await t.call("POST", `/reviews/${held}`, {
      cookie: roles.reviewer.cookie,
      body: { verdict: "accept" },
    });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("review_taken");
  });

  it("deactivating a reviewer gives their claims back at once", async () => {
    const held = (await pending()).find((item) => item.reviewerId === second.id);
    expect(held).toBeDefined();
    const patched = await t.call("PATCH", `/users/${second.id}`, {
      cookie: t.admin,
      body: { status: "deactivated" },
    });
    expect(patched.status).toBe(200);
    expect((await pending()).find((item) => item.id === held!.id)?.reviewerId).toBeNull();
  });

  it("is in the API document and the audit log", async () => {
    const doc = await t.call("GET", "/openapi.json");
    expect(doc.json.paths["/projects/{id}/reviews/{itemId}/release"].post.responses).toHaveProperty("403");
    const releases = await t.database.db
      .selectFrom("audit_log")
      .select("actor_id")
      .where("project_id", "=", projectId)
      .where("action", "=", "review.release")
      .orderBy("id")
      .execute();
    expect(releases.map((r) => r.actor_id)).toEqual([roles.reviewer.id, roles.manager.id, roles.admin.id, second.id]);
  });
});
