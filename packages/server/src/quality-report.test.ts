import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, signInAnnotators, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("GET /projects/{id}/quality (roll-ups) on $dialect", (target) => {
  let t: TestAppWithDatabase;
  let projectId: number;
  let judged = 0;
  const acme: number[] = [];

  beforeAll(async () => {
    t = await openTestApp(target);
    const schema = { type: "single_choice", options: ["rel", "partial", "irrel"] };
    const tasks = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        data: { q: `query ${i}`, language: i % 2 ? "de" : "en" },
        ...(i % 3 === 0 ? { gold: "rel" } : {}),
      }),
    );
    projectId = (await createProjectWithTasks(t, { name: "Search relevance", schema, overlap: 4 }, tasks)).id;
    const people = [
      ...(await signInAnnotators(t, 3, "acme", { languages: ["en", "de"], vendor: "Acme" })),
      ...(await signInAnnotators(t, 2, "other", { languages: ["en", "de"], vendor: "Other" })),
    ];
    acme.push(...people.slice(0, 3).map((p) => p.id));
    // Round by round until nothing is left: Acme's people answer "rel", the others mostly "irrel".
    for (let i = 0; i < 30; i++)
      for (const [n, person] of people.entries()) {
        const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: person.cookie });
        if (next.status !== 200) continue;
        const value = n < 3 || i % 4 === 0 ? "rel" : "irrel";
        const answer = await t.call("POST", `/assignments/${next.json.assignment.id}/judgment`, {
          cookie: person.cookie,
          body: { value, activeMs: 4000, clientKey: `${n}-${i}` },
        });
        expect(answer.status).toBe(201);
        judged++;
      }
  });
  afterAll(() => t.close());

  it("covers every judgment with the reliability diagram, languages, kappas and worst pairs", async () => {
    const res = await t.call("GET", `/projects/${projectId}/quality`, { cookie: t.admin });
    expect(res.status).toBe(200);
    const q = res.json;
    expect(q.judgments).toBe(judged);
    expect(q.window).toBeUndefined();
    expect(q.reliability.bins).toHaveLength(10);
    expect(q.reliability.tasks).toBeGreaterThan(0);
    expect(q.reliability.ece).toBeGreaterThanOrEqual(0);
    expect(q.reliability.bins[9]).toMatchObject({ low: 0.9, high: 1 });
    expect(q.languages.map((l: { language: string }) => l.language)).toEqual(["de", "en"]);
    for (const l of q.languages) {
      expect(l.goldAccuracy.n).toBeGreaterThan(0);
      expect(typeof l.miscalibrated).toBe("boolean");
      expect(l.calibration.bins).toHaveLength(10);
    }
    expect(q.annotators).toHaveLength(5);
    for (const a of q.annotators) expect(a.kappa.items).toBeGreaterThan(0);
    // Pairs need 10 tasks in common: 5 people on 30 tasks at overlap 4 share about 18 a pair.
    expect(q.pairCount).toBe(10);
    expect(q.pairs).toHaveLength(10);
    for (const p of q.pairs) {
      expect(p.first).toBeLessThan(p.second);
      expect(p.items).toBeGreaterThanOrEqual(10);
    }
    const kappas = q.pairs.map((p: { kappa: number | null }) => p.kappa ?? Number.POSITIVE_INFINITY);
    expect(kappas).toEqual([...kappas].sort((a, b) => a - b));
  });

  it("shows a vendor lead only their people and pairs of them, and no annotator at all", async () => {
    const lead = await t.userSession("vendor_lead", { vendor: "Acme" }, "acme-lead");
    const res = await t.call("GET", `/projects/${projectId}/quality`, { cookie: lead.cookie });
    expect(res.status).toBe(200);
    expect(res.json.annotators.map((a: { id: number }) => a.id).sort()).toEqual([...acme].sort());
    expect(res.json.pairs).toHaveLength(3);
    expect(res.json.pairCount).toBe(3);
    for (const p of res.json.pairs) {
      expect(acme).toContain(p.first);
      expect(acme).toContain(p.second);
    }
    // Project-wide figures are the same as the manager's.
    const all = await t.call("GET", `/projects/${projectId}/quality`, { cookie: t.admin });
    expect(res.json.reliability).toEqual(all.json.reliability);

    const annotator = await t.userSession("annotator", { languages: ["en"] }, "curious");
    expect((await t.call("GET", `/projects/${projectId}/quality`, { cookie: annotator.cookie })).status).toBe(403);
  });
});
