import { ROLES, type Role } from "@quorum/core";
import type { TestTarget } from "@quorum/storage";
import type { AppDeps } from "./context.js";
import { type TestApp, type TestSession, testApp } from "./test-client.js";

/** A test app on a fresh database of `target`, with the database at hand; `close()` drops it. */
export async function openTestApp(
  target: TestTarget,
  clock?: { now: number },
  options: Pick<AppDeps, "trustedProxies" | "limits" | "mailer" | "publicUrl"> = {},
) {
  const database = await target.open();
  const app = await testApp(database, clock, options);
  return { ...app, database, close: () => database.close() };
}

const ROLE_PROFILES: Partial<Record<Role, Record<string, unknown>>> = {
  annotator: { languages: ["en"] },
  vendor_lead: { vendor: "Acme" },
};

/**
 * One signed-in user per role (a second admin too), each named after it ("reviewer reviewer",
 * reviewer-reviewer@test.local): the annotator speaks English, the vendor lead leads vendor Acme.
 */
export async function signInEveryRole(t: TestApp): Promise<Record<Role, TestSession>> {
  const sessions = {} as Record<Role, TestSession>;
  for (const role of ROLES) sessions[role] = await t.userSession(role, ROLE_PROFILES[role] ?? {}, role);
  return sessions;
}

/**
 * `count` annotators signed in one after the other (so their ids follow `i`), named "annotator
 * {prefix}{i}" with email annotator-{prefix}{i}@test.local; `extra` adds languages, skills or a vendor.
 */
export async function signInAnnotators(
  t: TestApp,
  count: number,
  prefix: string,
  extra: Record<string, unknown> = {},
): Promise<TestSession[]> {
  const sessions: TestSession[] = [];
  for (let i = 0; i < count; i++) sessions.push(await t.userSession("annotator", extra, `${prefix}${i}`));
  return sessions;
}

/**
 * Creates a project through the API as the admin and imports `lines` (JSONL) into it as one batch.
 * Throws on a refused create or import, so a test fails at the fixture and says why.
 */
export async function createProjectWithTasks(
  t: TestApp,
  body: Record<string, unknown>,
  lines: string[] = [],
): Promise<{ id: number; batchId: number | null }> {
  const created = await t.call("POST", "/projects", { cookie: t.admin, body });
  if (created.status !== 201) throw new Error(`create project: ${created.status} ${created.text}`);
  const id = created.json.id as number;
  if (lines.length === 0) return { id, batchId: null };
  const imported = await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: lines.join("\n") });
  if (imported.status !== 200) throw new Error(`import into project ${id}: ${imported.status} ${imported.text}`);
  return { id, batchId: imported.json.batchId as number };
}

/**
 * Two annotators label every task of the project with opposite answers ("ok" and "spam" of a
 * single-choice schema), then the reviewer queues every disagreement for review; returns how many
 * items were queued.
 */
export async function queueDisagreements(
  t: TestApp,
  projectId: number,
  annotators: readonly TestSession[],
  reviewer: TestSession,
): Promise<number> {
  for (const [a, annotator] of annotators.slice(0, 2).entries())
    for (;;) {
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
      if (next.status === 204) break;
      await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: annotator.cookie,
        body: { value: a === 0 ? "ok" : "spam", activeMs: 1000, clientKey: `${a}-${next.json.assignment.id}` },
      });
    }
  const queued = await t.call("POST", `/projects/${projectId}/reviews/enqueue`, {
    cookie: reviewer.cookie,
    body: { source: "disagreement", threshold: 1 },
  });
  return queued.json.enqueued as number;
}

export type TestAppWithDatabase = Awaited<ReturnType<typeof openTestApp>>;
