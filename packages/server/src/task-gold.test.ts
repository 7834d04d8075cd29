import { getProject, rebuildQualityRollups, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();
// biome-ignore lint/suspicious/noExplicitAny: tests pick response fields one by one
type Json = Record<string, any>;

const SCHEMA = { type: "single_choice", options: ["cat", "dog"] };
const GUIDE = "# Pets\nName the animal.\n## Fur\nLook at the ears.";

describe.each(targets)("reviewers write and correct gold answers over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let sessions: Record<string, TestSession>;

  beforeAll(async () => {
    t = await openTestApp(target);
    sessions = await signInEveryRole(t);
  });
  afterAll(() => t.close());

  async function project(goldPolicy: Record<string, unknown> = {}, overlap = 2) {
    const lines = ["one", "two", "three"].map((text) => JSON.stringify({ data: { text } }));
    const { id } = await createProjectWithTasks(
      t,
      { name: `Pets ${Math.random()}`, schema: SCHEMA, overlap, guidelines: GUIDE, goldPolicy },
      lines,
    );
    const tasks = await t.call("GET", `/projects/${id}/tasks`, { cookie: t.admin });
    return { id, taskIds: tasks.json.tasks.map((task: Json) => task.id as number) as number[] };
  }
  const goldPath = (projectId: number, taskId: number) => `/projects/${projectId}/tasks/${taskId}/gold`;
  const task = async (projectId: number, taskId: number) =>
    (await t.call("GET", `/projects/${projectId}/tasks/${taskId}`, { cookie: t.admin })).json;

  it("lets a reviewer set and then correct a task's gold answer, logged with before and after", async () => {
    const { id, taskIds } = await project();
    const taskId = taskIds[0]!;
    const set = await t.call("PUT", goldPath(id, taskId), {
      cookie: sessions.reviewer!.cookie,
      body: { value: "dog", explanation: "Floppy ears." },
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ taskId, gold: "dog", goldExplanation: "Floppy ears.", status: "open" });
    expect(await task(id, taskId)).toMatchObject({ gold: "dog" });

    const corrected = await t.call("PUT", goldPath(id, taskId), {
      cookie: sessions.manager!.cookie,
      body: { value: "cat" },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.json).toMatchObject({ gold: "cat", goldExplanation: null });

    const log = await t.call("GET", `/audit-log?projectId=${id}&action=task.gold`, { cookie: t.admin });
    const entries = log.json.entries.map((e: Json) => ({ action: e.action, actor: e.actorId, details: e.details }));
    expect(entries).toEqual([
      {
        action: "task.gold",
        actor: sessions.manager!.id,
        details: {
          taskId,
          before: { gold: "dog", explanation: "Floppy ears." },
          after: { gold: "cat", explanation: null },
        },
      },
      {
        action: "task.gold",
        actor: sessions.reviewer!.id,
        details: {
          taskId,
          before: { gold: null, explanation: null },
          after: { gold: "dog", explanation: "Floppy ears." },
        },
      },
    ]);
  });

  it("keeps the logged answer from those who do not read gold: a vendor lead's project activity leaves the change out", async () => {
    const { id, taskIds } = await project();
    const cookie = sessions.reviewer!.cookie;
    await t.call("PUT", goldPath(id, taskIds[0]!), { cookie, body: { value: "dog", explanation: "Secret-ears." } });
    const staff = await t.call("GET", `/projects/${id}/activity`, { cookie: sessions.manager!.cookie });
    expect(staff.json.events.map((e: Json) => e.action)).toContain("task.gold");
    const lead = await t.call("GET", `/projects/${id}/activity`, { cookie: sessions.vendor_lead!.cookie });
    expect(lead.status).toBe(200);
    expect(lead.json.events.map((e: Json) => e.action)).not.toContain("task.gold");
    expect(lead.text).not.toContain("Secret-ears");
  });

  it("refuses an answer outside the label schema, naming the field, and changes nothing", async () => {
    const { id, taskIds } = await project();
    const taskId = taskIds[0]!;
    const cookie = sessions.reviewer!.cookie;
    const wrong = await t.call("PUT", goldPath(id, taskId), { cookie, body: { value: "horse" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details).toEqual([{ path: "value", message: expect.stringContaining('"cat", "dog"') }]);
    const missing = await t.call("PUT", goldPath(id, taskId), { cookie, body: { explanation: "x" } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.map((d: Json) => d.path)).toEqual(["value"]);
    const badExplanation = await t.call("PUT", goldPath(id, taskId), {
      cookie,
      body: { value: "cat", explanation: 7 },
    });
    expect(badExplanation.status).toBe(400);
    expect(badExplanation.json.error.details.map((d: Json) => d.path)).toEqual(["explanation"]);
    expect((await task(id, taskId)).gold).toBeNull();
    const unknown = await t.call("PUT", goldPath(id, 999_999), { cookie, body: { value: "cat" } });
    expect(unknown.status).toBe(404);
    const log = await t.call("GET", `/audit-log?projectId=${id}&action=task.gold`, { cookie: t.admin });
    expect(log.json.entries).toEqual([]);
  });

  it("is for reviewers, managers and admins: annotators, vendor leads, analysts and finance are refused", async () => {
    const { id, taskIds } = await project();
    const taskId = taskIds[0]!;
    for (const role of ["annotator", "vendor_lead", "analyst", "finance"]) {
      const cookie = sessions[role]!.cookie;
      const put = await t.call("PUT", goldPath(id, taskId), { cookie, body: { value: "cat" } });
      expect(put.status, role).toBe(403);
      expect((await t.call("DELETE", goldPath(id, taskId), { cookie })).status, role).toBe(403);
    }
    expect((await t.call("PUT", goldPath(id, taskId), { body: { value: "cat" } })).status).toBe(401);
    expect((await task(id, taskId)).gold).toBeNull();
    for (const role of ["admin", "manager", "reviewer"]) {
      const cookie = sessions[role]!.cookie;
      expect((await t.call("PUT", goldPath(id, taskId), { cookie, body: { value: "cat" } })).status, role).toBe(200);
      expect((await t.call("DELETE", goldPath(id, taskId), { cookie })).status, role).toBe(200);
    }
  });

  it("scores answers given from then on, keeps earlier grades, never shows the leased annotator the answer, and keeps roll-ups equal to a rebuild", async () => {
    const { id, taskIds } = await project({}, 2);
    const [early, late] = [
      await t.userSession("annotator", { languages: ["en"] }, `early-${target.dialect}`),
      await t.userSession("annotator", { languages: ["en"] }, `late-${target.dialect}`),
    ];
    const answerAll = async (who: TestSession, value: string, before?: () => Promise<void>) => {
      const leases: Json[] = [];
      // Every task once: the three tasks, or fewer if a held lease is given again.
      for (let i = 0; i < taskIds.length; i++) {
        const next = await t.call("POST", `/projects/${id}/assignments/next`, { cookie: who.cookie });
        if (next.status === 204) break;
        if (leases.some((lease) => lease.assignment.id === next.json.assignment.id)) break;
        leases.push(next.json);
      }
      expect(leases).toHaveLength(taskIds.length);
      await before?.();
      for (const lease of leases) {
        const judged = await t.call("POST", `/assignments/${lease.assignment.id}/judgment`, {
          cookie: who.cookie,
          body: { value, activeMs: 4000, clientKey: `${who.id}-${lease.assignment.id}` },
        });
        expect(judged.status).toBe(201);
        expect(judged.text).not.toContain("Whiskers");
      }
      return leases;
    };
    // The first annotator answers every task before any gold exists: their answers stay ungraded.
    await answerAll(early, "dog");
    // The second holds every task as work when the reviewer writes the gold answer.
    const leases = await answerAll(late, "dog", async () => {
      const set = await t.call("PUT", goldPath(id, taskIds[0]!), {
        cookie: sessions.reviewer!.cookie,
        body: { value: "cat", explanation: "Whiskers." },
      });
      expect(set.status).toBe(200);
      expect(set.json.status).toBe("full");
    });
    expect(JSON.stringify(leases)).not.toContain("Whiskers");
    expect(JSON.stringify(leases)).not.toContain('"gold"');

    const detail = await task(id, taskIds[0]!);
    const grades = Object.fromEntries(detail.judgmentList.map((j: Json) => [j.annotatorId, j.goldCorrect]));
    expect(grades).toEqual({ [early.id]: null, [late.id]: false });

    const quality = await t.call("GET", `/projects/${id}/quality`, { cookie: t.admin });
    expect(quality.json.goldAccuracy).toMatchObject({ n: 1, estimate: 0 });

    // A correction grades later answers only; the incremental roll-ups equal a rebuild from the records.
    await t.call("PUT", goldPath(id, taskIds[0]!), { cookie: sessions.reviewer!.cookie, body: { value: "dog" } });
    await t.call("PUT", goldPath(id, taskIds[1]!), { cookie: sessions.reviewer!.cookie, body: { value: "dog" } });
    const incremental = (await t.call("GET", `/projects/${id}/quality`, { cookie: t.admin })).json;
    expect(incremental.goldAccuracy).toMatchObject({ n: 1, estimate: 0 });
    await rebuildQualityRollups(t.database.db, (await getProject(t.database.db, id))!);
    const rebuilt = (await t.call("GET", `/projects/${id}/quality`, { cookie: t.admin })).json;
    expect(rebuilt).toEqual(incremental);
  });

  it("makes an open task a control under a gold policy that serves controls, and un-golding returns it to the queue", async () => {
    const { id, taskIds } = await project({ share: 0.5 });
    const taskId = taskIds[1]!;
    const cookie = sessions.reviewer!.cookie;
    const set = await t.call("PUT", goldPath(id, taskId), { cookie, body: { value: "cat" } });
    expect(set.json.status).toBe("gold");
    const removed = await t.call("DELETE", goldPath(id, taskId), { cookie });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ gold: null, goldExplanation: null, status: "open" });
    expect(await task(id, taskId)).toMatchObject({ gold: null, status: "open" });
    const log = await t.call("GET", `/audit-log?projectId=${id}&action=task.gold`, { cookie: t.admin });
    expect(log.json.entries[0].details).toEqual({
      taskId,
      before: { gold: "cat", explanation: null },
      after: { gold: null, explanation: null },
    });
  });

  it("feeds training: a task given gold can be practised, and a practice task keeps its gold", async () => {
    const { id, taskIds } = await project();
    const taskId = taskIds[2]!;
    const body = { projectId: id, title: "Fur", section: "Fur", items: [{ taskId, hint: "Ears." }] };
    const before = await t.call("POST", "/training-modules", { cookie: t.admin, body });
    expect(before.status).toBe(400);
    await t.call("PUT", goldPath(id, taskId), { cookie: sessions.reviewer!.cookie, body: { value: "dog" } });
    const after = await t.call("POST", "/training-modules", { cookie: t.admin, body });
    expect(after.status).toBe(201);
    const removed = await t.call("DELETE", goldPath(id, taskId), { cookie: sessions.reviewer!.cookie });
    expect(removed.status).toBe(409);
    expect((await task(id, taskId)).gold).toBe("dog");
  });

  it("refuses to remove the gold answer of a task that a running exam attempt asks, and lets it be corrected", async () => {
    const { id, taskIds } = await project();
    const taskId = taskIds[0]!;
    const cookie = sessions.reviewer!.cookie;
    await t.call("PUT", goldPath(id, taskId), { cookie, body: { value: "dog" } });
    const db = t.database.db;
    const exam = await db
      .insertInto("exams")
      .values({
        project_id: id,
        name: "Pets",
        skill: "pets",
        level: 1,
        p0: 0.6,
        p1: 0.9,
        alpha: 0.1,
        beta: 0.1,
        max_items: 5,
        retry_delay_ms: 0,
        validity_ms: 86_400_000,
        feedback: 0,
        guideline_version: 1,
        created_by: null,
        created_at: Date.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("exam_attempts")
      .values({
        project_id: id,
        exam_id: exam.id,
        annotator_id: sessions.annotator!.id,
        status: "in_progress",
        seed: 1,
        items: JSON.stringify([taskId]),
        served: 1,
        served_at: Date.now(),
        answered: 0,
        correct: 0,
        started_at: Date.now(),
        decided_at: null,
        active_ms: 0,
      })
      .execute();
    const removed = await t.call("DELETE", goldPath(id, taskId), { cookie });
    expect(removed.status).toBe(409);
    expect(removed.json.error.message).toMatch(/exam attempt in progress/);
    expect((await task(id, taskId)).gold).toBe("dog");
    expect((await t.call("PUT", goldPath(id, taskId), { cookie, body: { value: "cat" } })).status).toBe(200);
  });
});
