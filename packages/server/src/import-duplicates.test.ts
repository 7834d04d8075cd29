import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProjectWithTasks, openTestApp, type TestAppWithDatabase } from "./test-fixtures.js";

const targets = await testTargets();

describe.each(targets)("duplicate task ids in an import over HTTP on $dialect", (target) => {
  let t: TestAppWithDatabase;

  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(() => t.close());

  it("refuses duplicates by default, skips them with duplicates=skip and lists what it left out", async () => {
    const { id } = await createProjectWithTasks(
      t,
      { name: "Ids", schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 1 },
      [JSON.stringify({ data: { text: "old" }, id: "doc-1" })],
    );
    const [stored] = (await t.call("GET", `/projects/${id}/tasks`, { cookie: t.admin })).json.tasks;
    const file = [
      { data: { text: "again" }, id: "doc-1" },
      { data: { text: "new" }, id: "doc-2" },
      { data: { text: "twice" }, id: "doc-2" },
      { data: { text: "no id" } },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n");

    const refused = await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: file });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: { code: "invalid_input" },
      imported: 0,
      errors: [
        { line: 1, path: "id", message: `id "doc-1" already exists in this project (task #${stored.id})` },
        { line: 3, path: "id", message: 'id "doc-2" repeats line 2' },
      ],
    });

    const skipped = await t.call("POST", `/projects/${id}/imports?duplicates=skip&format=jsonl`, {
      cookie: t.admin,
      raw: file,
    });
    expect(skipped.status).toBe(200);
    expect(skipped.json).toEqual({
      imported: 2,
      errors: [],
      batchId: expect.any(Number),
      skipped: [
        { line: 1, id: "doc-1", reason: `id "doc-1" already exists in this project (task #${stored.id})` },
        { line: 3, id: "doc-2", reason: 'id "doc-2" repeats line 2' },
      ],
      skippedCount: 2,
    });
    const tasks = (await t.call("GET", `/projects/${id}/tasks`, { cookie: t.admin })).json.tasks;
    expect(tasks.map((task: { data: { text: string } }) => task.data.text)).toEqual(["old", "new", "no id"]);

    const allSkipped = await t.call("POST", `/projects/${id}/imports?duplicates=skip`, {
      cookie: t.admin,
      raw: JSON.stringify({ data: { text: "again" }, id: "doc-2" }),
    });
    expect(allSkipped.status).toBe(400);
    expect(allSkipped.json).toMatchObject({
      error: { message: "All 1 tasks were skipped as duplicates; nothing was imported" },
      imported: 0,
      errors: [{ line: 1, path: "id", message: expect.stringContaining('id "doc-2" already exists') }],
    });

    const explicit = await t.call("POST", `/projects/${id}/imports?duplicates=reject`, { cookie: t.admin, raw: file });
    expect(explicit.status).toBe(400);
    const unknown = await t.call("POST", `/projects/${id}/imports?duplicates=maybe`, { cookie: t.admin, raw: file });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toMatchObject({ line: 0, path: "query.duplicates" });
  });

  it("names a repeated id of a one-line Label Studio file, and the task it repeats, by their place in the array", async () => {
    const { id } = await createProjectWithTasks(
      t,
      { name: "Label Studio ids", schema: { type: "single_choice", options: ["ok", "spam"] }, overlap: 1 },
      [],
    );
    const file = JSON.stringify([
      { id: 7, data: { text: "first" } },
      { id: 8, data: { text: "other" } },
      { id: 7, data: { text: "again" } },
    ]);
    const refused = await t.call("POST", `/projects/${id}/imports?format=label-studio`, { cookie: t.admin, raw: file });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([{ item: 3, line: 1, path: "id", message: 'id "7" repeats item 1 (line 1)' }]);
    expect(refused.json.error.details).toEqual([
      { path: "item 3 (line 1): id", message: 'id "7" repeats item 1 (line 1)' },
    ]);

    const skipped = await t.call("POST", `/projects/${id}/imports?format=label-studio&duplicates=skip`, {
      cookie: t.admin,
      raw: file,
    });
    expect(skipped.status, skipped.text).toBe(200);
    expect(skipped.json).toMatchObject({
      imported: 2,
      skipped: [{ item: 3, line: 1, id: "7", reason: 'id "7" repeats item 1 (line 1)' }],
      skippedCount: 1,
    });
  });
});
