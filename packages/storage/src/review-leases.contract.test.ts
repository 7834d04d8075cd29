import { DEFAULT_REVIEW_LEASE_SECONDS, DomainError, type Project, parseLabelSchema, type User } from "@quorum/core";
import {
  claimNextReview,
  type Database,
  decideReview,
  enqueueForReview,
  getProject,
  leaseNextTask,
  listAuditLog,
  newUser,
  releaseReview,
  seedProject,
  testTargets,
  updateProject,
  updateUserAccount,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();
const MINUTE = 60_000;

describe.each(targets)("review claims as leases on $dialect", (target) => {
  let database: Database;
  let admin: User;
  const now = 1_800_000_000_000;
  const lease = DEFAULT_REVIEW_LEASE_SECONDS * 1000;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now });
  });
  afterAll(() => database.close());

  const newReviewer = () => newUser(database, { role: "reviewer", now });

  /** A project with `count` done, low-confidence tasks, all queued for review. */
  async function queuedProject(count: number, overrides: { reviewLeaseSeconds?: number } = {}) {
    const { project, taskIds } = await seedProject(database, {
      admin,
      schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
      overlap: 1,
      tasks: Array.from({ length: count }, (_, i) => ({ data: { text: `t${i}` } })),
      now,
      ...overrides,
    });
    await database.db
      .updateTable("tasks")
      .set({
        status: "done",
        required: 1,
        slots_taken: 1,
        judgment_count: 1,
        aggregate: JSON.stringify({ value: "ok", method: "majority" }),
        confidence: 0.5,
      })
      .where("project_id", "=", project.id)
      .execute();
    await enqueueForReview(database.db, {
      projectId: project.id,
      source: "low_confidence",
      threshold: 0.7,
      limit: count,
      actorId: admin.id,
      now,
    });
    return { project, taskIds };
  }

  const claim = (project: Project, reviewer: User, at: number, skip?: number[]) =>
    claimNextReview(database, { projectId: project.id, reviewerId: reviewer.id, now: at, skip });
  const accept = (itemId: number, reviewer: User, at: number) =>
    decideReview(database, { itemId, reviewerId: reviewer.id, verdict: "accept", override: false, now: at });
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => "ok",
      (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
    );

  it("claims for the project's review lease and renews the holder's own claim", async () => {
    const { project } = await queuedProject(1, { reviewLeaseSeconds: 120 });
    const reviewer = await newReviewer();
    const work = (await claim(project, reviewer, now))!;
    expect(work.item).toMatchObject({ reviewerId: reviewer.id, claimedAt: now, claimExpiresAt: now + 120_000 });
    const renewed = (await claim(project, reviewer, now + MINUTE))!;
    expect(renewed.item).toMatchObject({ id: work.item.id, claimedAt: now + MINUTE, claimExpiresAt: now + 180_000 });

    await updateProject(database.db, project.id, { reviewLeaseSeconds: 600 }, admin.id, now);
    expect((await getProject(database.db, project.id))!.reviewLeaseSeconds).toBe(600);
    const longer = (await claim(project, reviewer, now + 2 * MINUTE))!;
    expect(longer.item.claimExpiresAt).toBe(now + 2 * MINUTE + 600_000);
  });

  it("gives a reviewer the item they already hold before any older one, so they hold one at a time", async () => {
    const { project } = await queuedProject(2);
    const reviewer = await newReviewer();
    const other = await newReviewer();
    const first = (await claim(project, other, now))!;
    const mine = (await claim(project, reviewer, now))!;
    expect(mine.item.id).toBeGreaterThan(first.item.id);
    await releaseReview(database, {
      projectId: project.id,
      itemId: first.item.id,
      actorId: other.id,
      override: false,
      now,
    });
    // The older item is open again, but the reviewer keeps (and renews) the one they hold.
    const again = (await claim(project, reviewer, now + MINUTE))!;
    expect(again.item).toMatchObject({ id: mine.item.id, claimExpiresAt: now + MINUTE + lease });
    // Passing over their own item gives them the older one.
    expect((await claim(project, reviewer, now + MINUTE, [mine.item.id]))!.item.id).toBe(first.item.id);
  });

  it("gives an expired claim to the next reviewer, whose verdict stands; the first holder's is review_taken", async () => {
    const { project } = await queuedProject(1);
    const first = await newReviewer();
    const second = await newReviewer();
    const held = (await claim(project, first, now))!;
    // Live: nobody else gets or decides it.
    expect(await claim(project, second, now + lease - 1)).toBeUndefined();
    expect(await codeOf(accept(held.item.id, second, now + lease - 1))).toBe("review_taken");

    // Expired: the next reviewer takes it over.
    const taken = (await claim(project, second, now + lease))!;
    expect(taken.item).toMatchObject({ id: held.item.id, reviewerId: second.id });
    expect(await codeOf(accept(held.item.id, first, now + lease + 1))).toBe("review_taken");
    const decided = await accept(held.item.id, second, now + lease + 2);
    expect(decided).toMatchObject({ status: "accepted", reviewerId: second.id, claimExpiresAt: null });
  });

  it("lets a reviewer decide on their own expired claim while nobody has taken it", async () => {
    const { project } = await queuedProject(1);
    const reviewer = await newReviewer();
    const held = (await claim(project, reviewer, now))!;
    const decided = await accept(held.item.id, reviewer, now + 2 * lease);
    expect(decided).toMatchObject({ status: "accepted", reviewerId: reviewer.id });
  });

  it("treats a claim from before leases (no expiry) as expired: it blocks nobody", async () => {
    const { project } = await queuedProject(1);
    const before = await newReviewer();
    const reviewer = await newReviewer();
    await database.db
      .updateTable("review_items")
      .set({ reviewer_id: before.id, claimed_at: null, claim_expires_at: null })
      .where("project_id", "=", project.id)
      .execute();
    const work = (await claim(project, reviewer, now))!;
    expect(work.item).toMatchObject({ reviewerId: reviewer.id, claimExpiresAt: now + lease });
  });

  it("releases a claim for its holder or a manager only, with an audit row, and the item goes to the next reviewer", async () => {
    const { project } = await queuedProject(2);
    const holder = await newReviewer();
    const other = await newReviewer();
    const manager = await newUser(database, { role: "manager", now });
    const held = (await claim(project, holder, now))!;
    const release = (actor: User, override: boolean, at = now + MINUTE) =>
      releaseReview(database, { projectId: project.id, itemId: held.item.id, actorId: actor.id, override, now: at });

    expect(await codeOf(release(other, false))).toBe("forbidden");
    await expect(
      releaseReview(database, {
        projectId: project.id + 1_000,
        itemId: held.item.id,
        actorId: holder.id,
        override: false,
        now,
      }),
    ).rejects.toMatchObject({ code: "not_found" });

    const released = await release(holder, false);
    expect(released).toMatchObject({ id: held.item.id, status: "pending", reviewerId: null, claimExpiresAt: null });
    // Releasing an unclaimed item changes nothing and writes nothing.
    expect(await release(holder, false)).toMatchObject({ reviewerId: null });
    const audit = await listAuditLog(database.db, { projectId: project.id, action: "review.release", limit: 100 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: holder.id,
      details: { itemId: held.item.id, taskId: held.task.id, reviewerId: holder.id, expired: false },
    });

    // The oldest open item again, now for another reviewer; a manager may release their claim.
    const next = (await claim(project, other, now + 2 * MINUTE))!;
    expect(next.item.id).toBe(held.item.id);
    expect(await codeOf(release(manager, true))).toBe("ok");
    expect((await claim(project, holder, now + 3 * MINUTE))!.item.id).toBe(held.item.id);
  });

  it("skips the items a reviewer passed over", async () => {
    const { project } = await queuedProject(3);
    const reviewer = await newReviewer();
    const first = (await claim(project, reviewer, now))!;
    await releaseReview(database, {
      projectId: project.id,
      itemId: first.item.id,
      actorId: reviewer.id,
      override: false,
      now,
    });
    const second = (await claim(project, reviewer, now, [first.item.id]))!;
    expect(second.item.id).toBeGreaterThan(first.item.id);
    const third = (await claim(project, reviewer, now, [first.item.id, second.item.id]))!;
    expect(third.item.id).toBeGreaterThan(second.item.id);
  });

  it("deactivating a user gives back their review claims and task leases in the same change", async () => {
    const { project } = await queuedProject(1);
    const reviewer = await newReviewer();
    const held = (await claim(project, reviewer, now))!;
    const labeling = await seedProject(database, {
      admin,
      tasks: [{ data: { text: "a" } }],
      annotators: 1,
      now,
    });
    const annotator = labeling.annotators[0]!;
    const leaseOf = (await leaseNextTask(database, { project: labeling.project, annotator, now }))!;
    expect(leaseOf).toBeDefined();

    for (const user of [reviewer, annotator]) {
      const { released } = await updateUserAccount(database, {
        userId: user.id,
        changes: { status: "deactivated" },
        signOut: true,
        audit: { actorId: admin.id, action: "user.update", details: { userId: user.id } },
        now: now + MINUTE,
      });
      expect(released).toEqual(
        user === reviewer ? { reviewClaims: 1, taskLeases: 0 } : { reviewClaims: 0, taskLeases: 1 },
      );
    }

    // The review item is open to anyone at once, long before the claim would have expired.
    const other = await newReviewer();
    expect((await claim(project, other, now + 2 * MINUTE))!.item.id).toBe(held.item.id);
    const assignment = await database.db
      .selectFrom("assignments")
      .select(["status", "finished_at"])
      .where("annotator_id", "=", annotator.id)
      .executeTakeFirstOrThrow();
    expect(assignment).toEqual({ status: "released", finished_at: now + MINUTE });
    const task = await database.db
      .selectFrom("tasks")
      .select(["slots_taken", "status"])
      .where("id", "=", labeling.taskIds[0]!)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ slots_taken: 0, status: "open" });
    const audit = await listAuditLog(database.db, { action: "user.update", actorId: admin.id, limit: 1000 });
    expect(audit.map((row) => row.details.released)).toEqual(
      expect.arrayContaining([
        { reviewClaims: 1, taskLeases: 0 },
        { reviewClaims: 0, taskLeases: 1 },
      ]),
    );
  });

  it("never lets two reviewers decide the same item, even when an expired claim is taken over during a verdict", async () => {
    const rounds = 10;
    const first = await newReviewer();
    const second = await newReviewer();
    const projects: Project[] = [];
    for (let round = 0; round < rounds; round++) {
      // One item per round, so the second reviewer can only ever get this one.
      const { project } = await queuedProject(1);
      projects.push(project);
      const held = (await claim(project, first, now))!;
      const at = now + lease + round;
      // The first reviewer decides late while the second takes the expired claim over and decides too.
      const [late, takeover] = await Promise.allSettled([
        accept(held.item.id, first, at),
        claim(project, second, at).then((work) => (work ? accept(work.item.id, second, at) : undefined)),
      ]);
      const winners = [late, takeover].filter((r) => r.status === "fulfilled" && r.value?.id === held.item.id);
      expect(winners).toHaveLength(1);
      for (const result of [late, takeover])
        if (result.status === "rejected")
          expect(["review_taken", "review_decided"]).toContain((result.reason as DomainError).code);
    }
    const verdicts = await database.db
      .selectFrom("audit_log")
      .select("project_id")
      .where(
        "project_id",
        "in",
        projects.map((p) => p.id),
      )
      .where("action", "=", "review.accept")
      .execute();
    expect(verdicts).toHaveLength(rounds);
  });
});
