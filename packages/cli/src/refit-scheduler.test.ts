import { parseLabelSchema } from "@quorum/core";
import { type Database, leaseNextTask, seedProject, submitJudgment, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refitDueProjects } from "./refit-scheduler.js";

const [sqlite] = (await testTargets()).filter((t) => t.dialect === "sqlite");

describe("periodic re-fit", () => {
  let database: Database;
  beforeAll(async () => {
    database = await sqlite!.open();
  });
  afterAll(() => database.close());

  it("re-fits a project once enough new judgments arrived, and leaves it alone until more do", async () => {
    const now = Date.now();
    const { project, annotators: people } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      overlap: 3,
      tasks: Array.from({ length: 40 }, (_, i) => ({ data: { n: i } })),
      annotators: 3,
      now,
    });
    for (const person of people)
      for (let i = 0; ; i++) {
        const lease = await leaseNextTask(database, { project, annotator: person, now });
        if (!lease) break;
        const value = (lease.task.data.n as number) % 2 ? "b" : "a";
        await submitJudgment(database, {
          project,
          assignmentId: lease.id,
          annotatorId: person.id,
          value,
          activeMs: 10,
          clientKey: `${person.id}-${i}`,
          now,
        });
      }
    const seen = new Map<number, number>();
    const lines: string[] = [];
    expect(await refitDueProjects(database, seen, (line) => lines.push(line))).toEqual([project.id]);
    expect(lines[0]).toContain("120 judgments, 40 tasks");
    const task = await database.db
      .selectFrom("tasks")
      .select("aggregate")
      .where("project_id", "=", project.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(task.aggregate!).method).toBe("dawid-skene");
    expect(await refitDueProjects(database, seen, () => {})).toEqual([]);
  });
});
