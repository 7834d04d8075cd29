import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, signInAnnotators, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("a labeling project end to end over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  it("creates a rating project with overlap 3 and a language requirement, imports 300 tasks with 15 gold, has 10 annotators label everything concurrently, and exports it", async () => {
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: {
        name: "Relevance DE",
        businessUnit: "Search Ranking",
        schema: { type: "rating", min: 0, max: 4 },
        guidelines: "# Rate relevance\n0 = bad, 4 = perfect",
        requirements: { languages: ["de"] },
        overlap: 3,
        deadline: "2027-01-31T00:00:00Z",
      },
    });
    expect(project.status).toBe(201);
    const projectId = project.json.id as number;

    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ data: { query: `q${i}`, result: `r${i}` }, ...(i % 20 === 0 ? { gold: i % 5 } : {}) }),
    ).join("\n");
    const imported = await t.call("POST", `/projects/${projectId}/imports?format=jsonl`, {
      cookie: t.admin,
      raw: lines,
    });
    expect(imported.json).toMatchObject({ imported: 300, errors: [] });

    const annotators = await signInAnnotators(t, 10, "de", { languages: ["de"] });
    const english = await t.userSession("annotator", { languages: ["en"] }, "en0");
    expect((await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: english.cookie })).status).toBe(
      404,
    );

    const seenTexts: string[] = [];
    await Promise.all(
      annotators.map(async (annotator, a) => {
        for (let i = 0; ; i++) {
          const next = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
          if (next.status === 204) return;
          expect(next.status).toBe(200);
          seenTexts.push(next.text);
          const { id } = next.json.assignment;
          const judged = await t.call("POST", `/assignments/${id}/judgment`, {
            cookie: annotator.cookie,
            body: { value: (a + i) % 5, activeMs: 1200, clientKey: `${annotator.id}-${i}` },
          });
          expect(judged.status).toBe(201);
        }
      }),
    );
    // An annotator never receives a gold answer with a task.
    expect(seenTexts.length).toBe(900);
    for (const text of seenTexts) expect(text).not.toContain("gold");

    const exported = await t.call("GET", `/projects/${projectId}/export?format=jsonl`, { cookie: t.admin });
    expect(exported.status).toBe(200);
    const rows = exported.text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(300);
    for (const row of rows) {
      expect(row.judgments).toHaveLength(3);
      expect(new Set(row.judgments.map((j: { annotatorId: string }) => j.annotatorId)).size).toBe(3);
    }
    expect(rows.filter((r) => r.gold !== null)).toHaveLength(15);

    const stats = await t.call("GET", `/projects/${projectId}/stats`, { cookie: t.admin });
    expect(stats.json.tasks).toEqual({
      total: 300,
      open: 0,
      full: 0,
      done: 300,
      gold: 0,
      cancelled: 0,
      judgmentsLeft: 0,
    });
    expect(stats.json.judgments.total).toBe(900);
    expect(stats.json.annotators).toHaveLength(10);
    expect(stats.json.goldAccuracy.answered).toBe(45);
  }, 180_000); // 900 judgments over HTTP, every one raced by ten annotators at once: the 1,000 tasks
  // (3,000 judgments) this test used to label took ~20 s on SQLite and ~45 s on PostgreSQL on a
  // quiet 2-core machine and checked nothing more; bench/ is where throughput is measured.
});
