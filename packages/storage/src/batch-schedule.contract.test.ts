import type { Project, User } from "@quorum/core";
import {
  cancelBatch,
  countStatements,
  type Database,
  endLease,
  importTasks,
  leaseNextTask,
  leaseNextTaskAnywhere,
  listBatches,
  newAnnotator,
  newProject,
  newUser,
  projectTaskCounts,
  scheduleBatch,
  submitJudgment,
  testTargets,
  textTasks,
} from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const targets = await testTargets();

describe.each(targets)("batch priority, deadlines and cancelling on $dialect", (target) => {
  let database: Database;
  let admin: User;
  const now = 1_800_000_000_000;
  const day = 86_400_000;
  let language = 0;

  beforeAll(async () => {
    database = await target.open();
    admin = await newUser(database, { now });
  });
  afterAll(() => database.close());

  /** A language of this test alone, so projects of other tests are not eligible to its people. */
  // A language of its own per project, so no project of an earlier test is eligible too.
  const LANGUAGES = ["sv", "fi", "da", "cs", "hu", "ro", "el", "tr", "sk", "sl"];
  const ownLanguage = () => LANGUAGES[language++]!;

  async function importBatch(
    project: Project,
    name: string,
    count: number,
    schedule: { priority?: number; deadline?: number } = {},
  ) {
    async function* records() {
      for (const [i, task] of textTasks(count, () => ({ batch: name })).entries())
        yield { ok: true as const, task: { line: i + 1, ...task } };
    }
    const { batchId } = await importTasks(database.db, {
      project,
      records: records(),
      batchName: name,
      actorId: admin.id,
      now,
      ...(schedule.priority !== undefined ? { batchPriority: schedule.priority } : {}),
      ...(schedule.deadline !== undefined ? { batchDeadline: schedule.deadline } : {}),
    });
    return batchId;
  }

  async function answer(project: Project, annotator: User, leaseId: number, key: string) {
    await submitJudgment(database, {
      project,
      assignmentId: leaseId,
      annotatorId: annotator.id,
      value: 1,
      activeMs: 1000,
      clientKey: key,
      now,
    });
  }

  it("next task anywhere: the higher project priority first, then batch priority, never a project the person may not work on", async () => {
    const en = ownLanguage();
    const de = ownLanguage();
    const low = await newProject(database, admin, {
      priority: 1,
      overlap: 1,
      requirements: { languages: [en], skills: {} },
    });
    const high = await newProject(database, admin, {
      priority: 5,
      overlap: 1,
      requirements: { languages: [en], skills: {} },
    });
    const other = await newProject(database, admin, {
      priority: 9,
      overlap: 1,
      requirements: { languages: [de], skills: {} },
    });
    await importBatch(low, "low", 2);
    await importBatch(high, "high-routine", 1, { priority: 0 });
    await importBatch(high, "high-urgent", 1, { priority: 3 });
    await importBatch(other, "other", 3);
    const person = await newAnnotator(database, { languages: [en], now });

    const served: string[] = [];
    for (let i = 0; i < 5; i++) {
      const next = await leaseNextTaskAnywhere(database, { annotator: person, now });
      if (!next) break;
      served.push(`${next.project.id}:${next.lease.task.data.batch}`);
      await answer(next.project, person, next.lease.id, `k${i}`);
    }
    expect(served).toEqual([`${high.id}:high-urgent`, `${high.id}:high-routine`, `${low.id}:low`, `${low.id}:low`]);
    expect(served.some((s) => s.startsWith(`${other.id}:`))).toBe(false);
  });

  it("next task anywhere reads one queue head per eligible project, and none of a lower tier when a higher one has work", async () => {
    const en = ownLanguage();
    const top = [];
    for (let i = 0; i < 3; i++) {
      const project = await newProject(database, admin, {
        priority: 7,
        overlap: 1,
        requirements: { languages: [en], skills: {} },
      });
      await importBatch(project, `top-${i}`, 2);
      top.push(project);
    }
    for (let i = 0; i < 4; i++) {
      const project = await newProject(database, admin, {
        priority: 1,
        overlap: 1,
        requirements: { languages: [en], skills: {} },
      });
      await importBatch(project, `low-${i}`, 2);
    }
    const person = await newAnnotator(database, { languages: [en], now });
    let next: Awaited<ReturnType<typeof leaseNextTaskAnywhere>>;
    const statements = await countStatements(async () => {
      next = await leaseNextTaskAnywhere(database, { annotator: person, now });
    });
    expect(top.map((p) => p.id)).toContain(next!.project.id);
    // One read of the queue heads per project of the top tier (a probe per language queue in it).
    const probes = statements.filter((s) => s.includes('as "heads"'));
    expect(probes).toHaveLength(3);
  });

  it("next task anywhere skips a project that has nothing left for the person and an archived one", async () => {
    const en = ownLanguage();
    const archived = await newProject(database, admin, {
      priority: 9,
      overlap: 1,
      requirements: { languages: [en], skills: {} },
    });
    await importBatch(archived, "archived", 1);
    await database.db.updateTable("projects").set({ status: "archived" }).where("id", "=", archived.id).execute();
    const open = await newProject(database, admin, {
      priority: 0,
      overlap: 1,
      requirements: { languages: [en], skills: {} },
    });
    await importBatch(open, "open", 1);
    const person = await newAnnotator(database, { languages: [en], now });
    const next = await leaseNextTaskAnywhere(database, { annotator: person, now });
    expect(next?.project.id).toBe(open.id);
    await answer(open, person, next!.lease.id, "a");
    expect(await leaseNextTaskAnywhere(database, { annotator: person, now })).toBeUndefined();
  });

  it("a changed deadline re-orders the tasks already imported; a changed priority moves them too", async () => {
    const en = ownLanguage();
    const project = await newProject(database, admin, { overlap: 1, requirements: { languages: [en], skills: {} } });
    const first = await importBatch(project, "first", 2, { deadline: now + 10 * day });
    const second = await importBatch(project, "second", 2, { deadline: now + 20 * day });
    const person = await newAnnotator(database, { languages: [en], now });
    const peek = async () => {
      const lease = await leaseNextTask(database, { project, annotator: person, now });
      await endLease(database.db, { assignmentId: lease!.id, annotatorId: person.id, outcome: "released", now });
      return lease!.task.data.batch;
    };
    expect(await peek()).toBe("first");
    const { tasksRekeyed } = await scheduleBatch(database, {
      project,
      batchId: second,
      change: { deadline: now + 2 * day },
      actorId: admin.id,
      now,
    });
    expect(tasksRekeyed).toBe(2);
    const other = await newAnnotator(database, { languages: [en], now });
    const lease = await leaseNextTask(database, { project, annotator: other, now });
    expect(lease?.task.data.batch).toBe("second");
    await endLease(database.db, { assignmentId: lease!.id, annotatorId: other.id, outcome: "released", now });

    await scheduleBatch(database, { project, batchId: first, change: { priority: 4 }, actorId: admin.id, now });
    const third = await newAnnotator(database, { languages: [en], now });
    expect((await leaseNextTask(database, { project, annotator: third, now }))?.task.data.batch).toBe("first");
    const batches = await listBatches(database.db, project.id);
    expect(batches.map((b) => [b.name, b.priority, b.deadline])).toEqual([
      ["second", 0, now + 2 * day],
      ["first", 4, now + 10 * day],
    ]);
  });

  it("cancelling a batch takes its unstarted tasks out of the queue, lets a held lease finish, and keeps judgments", async () => {
    const en = ownLanguage();
    const project = await newProject(database, admin, { overlap: 2, requirements: { languages: [en], skills: {} } });
    const batchId = await importBatch(project, "doomed", 3);
    const [a, b] = [
      await newAnnotator(database, { languages: [en], now }),
      await newAnnotator(database, { languages: [en], now }),
    ];
    const judged = await leaseNextTask(database, { project, annotator: a, now });
    await answer(project, a, judged!.id, "judged");
    const held = await leaseNextTask(database, { project, annotator: b, now });
    const released = await leaseNextTask(database, { project, annotator: a, now });

    const { tasksCancelled } = await cancelBatch(database, { project, batchId, actorId: admin.id, now });
    expect(tasksCancelled).toBe(3);
    const c = await newAnnotator(database, { languages: [en], now });
    expect(await leaseNextTask(database, { project, annotator: c, now })).toBeUndefined();

    // The held lease may still be answered; a released one gives its slot back without reopening the task.
    await answer(project, b, held!.id, "held");
    await endLease(database.db, { assignmentId: released!.id, annotatorId: a.id, outcome: "released", now });
    expect(await leaseNextTask(database, { project, annotator: c, now })).toBeUndefined();

    const judgments = await database.db
      .selectFrom("judgments")
      .select("client_key")
      .where("project_id", "=", project.id)
      .orderBy("client_key")
      .execute();
    expect(judgments.map((j) => j.client_key)).toEqual(["held", "judged"]);
    const counts = await projectTaskCounts(database.db, project.id);
    expect(counts).toMatchObject({ open: 0, full: 0, cancelled: 3, judgmentsLeft: 0 });
    const [batch] = await listBatches(database.db, project.id);
    expect(batch).toMatchObject({ cancelledAt: now, tasks: { total: 3, cancelled: 3 } });
    await expect(cancelBatch(database, { project, batchId, actorId: admin.id, now })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});
