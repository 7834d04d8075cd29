import { countStatements, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestSession } from "./test-client.js";
import { createProjectWithTasks, openTestApp, signInEveryRole, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

interface Miss {
  judgmentId: number;
  taskId: number;
  value: unknown;
  gold: unknown;
  servedAs: string;
  answeredAt: string;
}
interface ListedAppeal {
  id: number;
  projectId: number;
  annotatorId: number;
  kind: string;
  qualityAction: { id: number; createdAt: string } | null;
  misses?: Miss[];
}

/**
 * The gold misses `GET /support/appeals` shows staff behind each action appeal: the annotator's
 * missed controls in that project up to the action, newest first, read for the whole page at once.
 */
describe.each(targets)("the misses behind action appeals on $dialect", (target) => {
  const clock = { now: 1_800_000_000_000 };
  let t: TestAppWithDatabase;
  let roles: Awaited<ReturnType<typeof signInEveryRole>>;
  const projects: number[] = [];
  const appealIds: number[] = [];

  /** A project serving hidden controls (gold "spam") whose rule pauses anyone under 90% after two gold answers. */
  async function project(name: string) {
    const plain = Array.from({ length: 30 }, (_, i) => JSON.stringify({ data: { text: `task ${i}` } }));
    const controls = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ data: { text: `control ${i}` }, gold: "spam" }),
    );
    const { id } = await createProjectWithTasks(
      t,
      {
        name,
        schema: { type: "single_choice", options: ["ok", "spam"] },
        goldPolicy: { share: 0.5, feedback: { hidden: false } },
        qualityRules: { minGoldAnswers: 2, minAccuracy: 0.9, action: "pause", minActiveMs: 0, maxFastShare: 1 },
      },
      [...plain, ...controls],
    );
    return id;
  }

  /** Answers "ok" to everything, a second apart, until the rule pauses the annotator. */
  async function workUntilPaused(projectId: number, who: TestSession) {
    for (let i = 0; i < 40; i++) {
      clock.now += 1000;
      const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: who.cookie });
      if (next.status === 403) return;
      expect(next.status, next.text).toBe(200);
      const sent = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
        cookie: who.cookie,
        body: { value: "ok", activeMs: 3000, clientKey: `${who.id}-${next.json.assignment.id}` },
      });
      expect(sent.status, sent.text).toBe(201);
    }
    throw new Error("never paused");
  }

  /** Pauses the annotator and files an appeal of the pause; returns the appeal's id. */
  async function pauseAndAppeal(projectId: number, who: TestSession) {
    await workUntilPaused(projectId, who);
    const listed = await t.call("GET", "/support/appealable", { cookie: who.cookie });
    const [action] = listed.json.actions.filter((a: { projectId: number }) => a.projectId === projectId);
    const filed = await t.call("POST", `/projects/${projectId}/appeals`, {
      cookie: who.cookie,
      body: { qualityActionId: action.qualityActionId, reason: "the checks were unclear" },
    });
    expect(filed.status, filed.text).toBe(201);
    appealIds.push(filed.json.id);
    return filed.json.id as number;
  }

  beforeAll(async () => {
    t = await openTestApp(target, clock);
    roles = await signInEveryRole(t);
    const first = await t.userSession("annotator", { languages: ["en"] }, "misses-first");
    const second = await t.userSession("annotator", { languages: ["en"] }, "misses-second");
    projects.push(await project("Misses one"), await project("Misses two"));
    const [one, two] = projects as [number, number];
    // The first annotator is paused in project one, has the pause lifted on appeal, misses again
    // and is paused again: two action appeals there whose windows differ.
    const lifted = await pauseAndAppeal(one, first);
    const upheld = await t.call("POST", `/projects/${one}/appeals/${lifted}/decision`, {
      cookie: roles.reviewer.cookie,
      body: { decision: "upheld" },
    });
    expect(upheld.status, upheld.text).toBe(204);
    await pauseAndAppeal(one, first);
    await pauseAndAppeal(one, second);
    await pauseAndAppeal(two, second);
    await pauseAndAppeal(two, first);
  });
  afterAll(() => t.close());

  /** The misses as the database holds them: the annotator's gold misses in the project up to the action, newest first. */
  async function expectedMisses(appeal: ListedAppeal): Promise<Miss[]> {
    const rows = await t.database.db
      .selectFrom("judgments")
      .select(["id", "task_id", "created_at"])
      .where("project_id", "=", appeal.projectId)
      .where("annotator_id", "=", appeal.annotatorId)
      .where("gold_correct", "=", 0)
      .where("created_at", "<=", Date.parse(appeal.qualityAction!.createdAt))
      .orderBy("created_at", "desc")
      .execute();
    return rows.map((r) => ({
      judgmentId: Number(r.id),
      taskId: Number(r.task_id),
      value: "ok",
      gold: "spam",
      servedAs: "hidden",
      answeredAt: new Date(Number(r.created_at)).toISOString(),
    }));
  }

  it("shows each action appeal the annotator's misses in its project up to its action, to gold readers only", async () => {
    const response = await t.call("GET", "/support/appeals", { cookie: roles.reviewer.cookie });
    expect(response.status, response.text).toBe(200);
    const listed = (response.json.appeals as ListedAppeal[]).filter((a) => appealIds.includes(a.id));
    expect(listed.map((a) => a.id).sort()).toEqual([...appealIds].sort());
    expect(new Set(listed.map((a) => `${a.projectId}/${a.annotatorId}`)).size).toBe(4);
    for (const appeal of listed) {
      expect(appeal.kind).toBe("action");
      const misses = await expectedMisses(appeal);
      expect(misses.length).toBeGreaterThanOrEqual(2);
      expect(appeal.misses, `appeal ${appeal.id}`).toEqual(misses);
    }
    // The first annotator's second pause in project one lies behind more misses than the first.
    const [later, earlier] = listed.filter((a) => a.projectId === projects[0] && a.id <= appealIds[1]!);
    expect(later!.misses!.length).toBeGreaterThan(earlier!.misses!.length);
    expect(later!.misses!.slice(-earlier!.misses!.length)).toEqual(earlier!.misses);

    const lead = await t.call("GET", "/support/appeals", { cookie: roles.vendor_lead.cookie });
    expect(lead.text).not.toContain('"misses"');
  });

  it("reads the misses of the whole page in one statement, however many action appeals it lists", async () => {
    const list = (query: string) => t.call("GET", `/support/appeals${query}`, { cookie: roles.reviewer.cookie });
    const statementsOf = async (query: string) => {
      await list(query);
      // Sessions are remembered for a while: whether one is read again is not this request's cost.
      return (await countStatements(async () => expect((await list(query)).status).toBe(200))).filter(
        (text) => !/from "sessions"/.test(text),
      );
    };
    const [one, two] = projects as [number, number];
    const page = await statementsOf("");
    const fewer = await statementsOf(`?projectId=${two}`);
    expect(page.filter((text) => text.includes("gold_correct"))).toHaveLength(1);
    expect(page.length, page.join("\n")).toBe(fewer.length);
    expect((await statementsOf(`?projectId=${one}`)).length).toBe(page.length);
  });
});
