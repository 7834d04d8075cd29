import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  countQuestions,
  countQuestionsBySection,
  countQuestionsQuery,
  listThreads,
  threadsQuery,
} from "./repositories/questions.js";
import { newUser, seedProject, testTargets } from "./testing.js";

const targets = await testTargets();
const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

describe.each(targets)("support threads in storage on $dialect", (target) => {
  it("finds the overdue list through the partial due index, counts a project's questions on its status index, and per section × label", async () => {
    const database = await target.open();
    try {
      const { project, annotators } = await seedProject(database, { annotators: 1, now: NOW });
      const other = await seedProject(database, { now: NOW });
      const asker = annotators[0]!;
      const staff = await newUser(database, { role: "reviewer", now: NOW });
      // 2000 threads, nearly all answered in time; the last 3 of the project are unanswered and past due.
      const rows = Array.from({ length: 2000 }, (_, i) => {
        const projectId = i % 2 === 0 ? project.id : other.project.id;
        const created = NOW - (2030 - i) * HOUR;
        const overdue = projectId === project.id && i >= 1994;
        return {
          project_id: projectId,
          task_id: null,
          assignment_id: null,
          annotator_id: asker.id,
          text: `q${i}`,
          status: overdue ? "open" : "answered",
          answer: overdue ? null : "a",
          answered_by: overdue ? null : staff.id,
          created_at: created,
          answered_at: overdue ? null : created + HOUR,
          section: ["Spam", "Sarcasm", null][i % 3] ?? null,
          label: ["ok", "spam"][i % 2] ?? null,
          due_at: created + 24 * HOUR,
          first_response_at: overdue ? null : created + HOUR,
        };
      });
      for (let i = 0; i < rows.length; i += 200)
        await database.db
          .insertInto("questions")
          .values(rows.slice(i, i + 200))
          .execute();
      await sql`analyze`.execute(database.db);

      const overdue = await listThreads(database.db, { projectId: project.id, overdueAt: NOW });
      expect(overdue.map((t) => t.text)).toEqual(["q1998", "q1996", "q1994"]);
      const planOf = async (query: { sql: string; parameters: readonly unknown[] }) => {
        const explain =
          database.dialect === "sqlite"
            ? sql.raw(`explain query plan ${inline(query.sql, query.parameters)}`)
            : sql.raw(`explain ${inline(query.sql, query.parameters)}`);
        return ((await explain.execute(database.db)).rows as Record<string, unknown>[])
          .map((r) => String(r.detail ?? r["QUERY PLAN"]))
          .join("\n");
      };
      const plan = await planOf(threadsQuery(database.db, { projectId: project.id, overdueAt: NOW }).compile());
      if (database.dialect === "sqlite") {
        expect(plan).toMatch(/SEARCH questions USING INDEX questions_due/);
        expect(plan).not.toMatch(/SCAN questions(?! USING)/);
      } else {
        expect(plan).toMatch(/Index Scan using questions_due|Bitmap Index Scan on questions_due/);
        expect(plan).not.toMatch(/Seq Scan on questions/);
      }

      // The Reviews page's "Open questions": a count over every page, on the project's status index.
      expect(await countQuestions(database.db, project.id, { status: "open" })).toBe(3);
      expect(await countQuestions(database.db, project.id, { status: "answered", annotatorIds: [asker.id] })).toBe(997);
      const countPlan = await planOf(countQuestionsQuery(database.db, project.id, { status: "open" }).compile());
      if (database.dialect === "sqlite")
        expect(countPlan).toMatch(/SEARCH questions USING (COVERING )?INDEX questions_project/);
      else {
        expect(countPlan).toMatch(/Index (Only )?Scan using questions_project|Bitmap Index Scan on questions_project/);
        expect(countPlan).not.toMatch(/Seq Scan on questions/);
      }

      const cells = await countQuestionsBySection(database.db, project.id);
      // The project holds the even rows: sections cycle by 3, labels by 2, so every even row is "ok".
      expect(cells.reduce((sum, c) => sum + c.total, 0)).toBe(1000);
      expect(cells.find((c) => c.section === "Spam" && c.label === "ok")).toMatchObject({ total: 334, open: 1 });
      expect(cells.some((c) => c.label === "spam")).toBe(false);
    } finally {
      await database.close();
    }
  }, 120_000);
});

function inline(text: string, parameters: readonly unknown[]): string {
  let i = 0;
  const literal = (value: unknown) =>
    typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  return text
    .replace(/\$(\d+)/g, (_, n) => literal(parameters[Number(n) - 1]))
    .replace(/\?/g, () => literal(parameters[i++]));
}
