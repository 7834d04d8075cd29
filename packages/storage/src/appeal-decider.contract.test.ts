import { parseLabelSchema } from "@quorum/core";
import { describe, expect, it } from "vitest";
import { newUser, seedProject, testTargets, textTasks } from "./testing.js";
import { decideAppeal } from "./use-cases/decide-appeal.js";
import { fileAppeal } from "./use-cases/file-appeal.js";
import { leaseNextTask } from "./use-cases/lease-next-task.js";
import { submitJudgment } from "./use-cases/submit-judgment.js";

const targets = await testTargets();
const NOW = 1_800_000_000_000;

describe.each(targets)("who decides an appeal, in storage on $dialect", (target) => {
  it("refuses the rejecting reviewer; an admin decides their own rejection only while nobody else could", async () => {
    const database = await target.open();
    try {
      const { project, annotators, admin } = await seedProject(database, {
        schema: parseLabelSchema({ type: "single_choice", options: ["ok", "spam"] }),
        tasks: textTasks(2),
        annotators: 1,
        now: NOW,
      });
      const person = annotators[0]!;
      const reviewer = await newUser(database, { role: "reviewer", now: NOW });
      // Two judgments, rejected by a review: the first by the reviewer, the second by the admin.
      const appeals: number[] = [];
      for (const [i, rejecter] of [reviewer, admin].entries()) {
        const lease = await leaseNextTask(database, { project, annotator: person, now: NOW + i });
        const submitted = await submitJudgment(database, {
          project,
          assignmentId: lease!.id,
          annotatorId: person.id,
          value: "ok",
          activeMs: 1000,
          clientKey: `k${i}`,
          now: NOW + i,
        });
        const judgmentId = submitted.judgment.id;
        await database.db
          .updateTable("judgments")
          .set({ verdict: "rejected", verdict_by: rejecter.id, verdict_reason: "review", verdict_at: NOW + 10 })
          .where("project_id", "=", project.id)
          .where("id", "=", judgmentId)
          .execute();
        const filed = await fileAppeal(database, {
          projectId: project.id,
          judgmentId,
          annotatorId: person.id,
          reason: "please look again",
          now: NOW + 20,
        });
        appeals.push(filed.id);
      }
      const decide = (appealId: number, deciderId: number) =>
        decideAppeal(database, {
          projectId: project.id,
          appealId,
          deciderId,
          decision: "rejected",
          note: null,
          now: NOW + 30,
        });
      const status = async (id: number) =>
        (await database.db.selectFrom("appeals").select("status").where("id", "=", id).executeTakeFirstOrThrow())
          .status;

      await expect(decide(appeals[0]!, reviewer.id)).rejects.toMatchObject({
        code: "appeal_own_rejection",
        message: expect.stringContaining("You rejected this work"),
      });
      // The reviewer is another decider, so the admin may not decide their own rejection either.
      await expect(decide(appeals[1]!, admin.id)).rejects.toMatchObject({ code: "appeal_own_rejection" });
      expect([await status(appeals[0]!), await status(appeals[1]!)]).toEqual(["pending", "pending"]);

      // With the reviewer gone, the admin is the only one left who could: they decide, and it is on record.
      await database.db.updateTable("users").set({ status: "deactivated" }).where("id", "=", reviewer.id).execute();
      await decide(appeals[1]!, admin.id);
      expect(await status(appeals[1]!)).toBe("rejected");
      const audit = await database.db
        .selectFrom("audit_log")
        .select("details")
        .where("action", "=", "appeal.rejected")
        .executeTakeFirstOrThrow();
      expect(JSON.parse(String(audit.details))).toMatchObject({ soleDecider: true, rejectedBy: admin.id });
      // And the admin decides the deactivated reviewer's rejection like anyone else's.
      await decide(appeals[0]!, admin.id);
      expect(await status(appeals[0]!)).toBe("rejected");
    } finally {
      await database.close();
    }
  });
});
