import {
  appealableByJudgment,
  controlKindOf,
  guidelineSections,
  type LabelSchema,
  type Project,
  parseGoldPolicy,
  schemaClasses,
  type User,
} from "@quorum/core";
import {
  askSupportQuestion,
  type Database,
  decideAppeal,
  fileAppeal,
  listGuidelineVersions,
  postSupportMessage,
  updateSupportThread,
} from "@quorum/storage";

const HOUR = 3_600_000;

/** What the demo's annotators ask: a question, a reply from staff (or none), and the asker's follow-up. */
const THREADS: { text: string; reply?: string; followUp?: string; resolve?: boolean; askedHoursAgo: number }[] = [
  {
    text: "The post quotes a slur to condemn it. Does the quote alone make it hate?",
    reply: "No: label what the post does, not the words it quotes. See the examples under this section.",
    resolve: true,
    askedHoursAgo: 50,
  },
  {
    text: "Two labels fit equally well here. Which one wins?",
    reply: "Pick the one the guidelines list first, and say so in a question like this one.",
    followUp: "Even when the second one is more specific?",
    askedHoursAgo: 40,
  },
  // Never answered, past the one-day first-response SLA: the inbox's overdue list shows it.
  { text: "Is a sarcastic compliment positive or negative for this section?", askedHoursAgo: 30 },
  { text: "The example in this section contradicts the one above it. Which is right?", askedHoursAgo: 3 },
];

function labelsOf(schema: LabelSchema): string[] {
  if (schema.type === "multi_label") return schema.options.map((o) => o.value);
  return schemaClasses(schema) ?? [];
}

/**
 * Support in the demo: threads on every project tied to guideline sections and labels (answered
 * in time and late, one resolved, one overdue, one waiting for staff again after the asker's
 * follow-up), and appeals of rejected work (one upheld, one pending).
 */
export async function seedSupportWork(
  database: Database,
  options: { projects: Project[]; reviewer: User | undefined; manager: User | undefined; now: number },
): Promise<{ threads: number; appeals: number }> {
  const { projects, reviewer, manager, now } = options;
  if (!reviewer || !manager) return { threads: 0, appeals: 0 };
  let threads = 0;
  for (const [p, project] of projects.entries()) {
    const [current] = (await listGuidelineVersions(database.db, project.id)).filter(
      (v) => v.version === project.guidelineVersion,
    );
    // The first heading is usually the document's title; questions are about the sections under it.
    const headings = guidelineSections(current?.body ?? "").map((s) => s.heading);
    const sections = headings.length > 1 ? headings.slice(1) : headings;
    const labels = labelsOf(project.schema);
    const leases = await database.db
      .selectFrom("assignments")
      .select(["id", "annotator_id"])
      .where("project_id", "=", project.id)
      .where("status", "=", "submitted")
      .orderBy("id", "desc")
      .limit(THREADS.length)
      .offset(3 + p)
      .execute();
    for (const [k, lease] of leases.entries()) {
      const plan = THREADS[k]!;
      const askedAt = now - plan.askedHoursAgo * HOUR;
      const id = await askSupportQuestion(database, {
        project,
        annotatorId: lease.annotator_id,
        assignmentId: lease.id,
        text: plan.text,
        // Most questions land on the first two sections, so the hot-spots table has a clear leader.
        ...(sections.length > 0 ? { section: sections[Math.min(k, 1) % sections.length] } : {}),
        ...(labels.length > 0 ? { label: labels[(k + p) % labels.length] } : {}),
        now: askedAt,
      });
      threads++;
      const thread = { projectId: project.id, questionId: id };
      if (plan.reply)
        await postSupportMessage(database, {
          ...thread,
          authorId: k === 0 ? reviewer.id : manager.id,
          fromStaff: true,
          body: plan.reply,
          // The first answer comes within the SLA, the second a little after it.
          now: askedAt + (k === 0 ? 2 : 26) * HOUR,
        });
      if (plan.followUp)
        await postSupportMessage(database, {
          ...thread,
          authorId: lease.annotator_id,
          fromStaff: false,
          body: plan.followUp,
          now: now - HOUR,
        });
      if (plan.resolve)
        await updateSupportThread(database.db, {
          ...thread,
          actorId: reviewer.id,
          status: "resolved",
          now: now - 20 * HOUR,
        });
      if (k === 3)
        await updateSupportThread(database.db, { ...thread, actorId: manager.id, assigneeId: reviewer.id, now });
    }
  }

  // Appeals of the newest appealable rejections (review, or gold the annotator was told about:
  // a hidden control's miss is not theirs to appeal): the first upheld, the rest pending.
  const rejections = await database.db
    .selectFrom("judgments")
    .innerJoin("assignments", (join) =>
      join
        .onRef("assignments.project_id", "=", "judgments.project_id")
        .onRef("assignments.id", "=", "judgments.assignment_id"),
    )
    .innerJoin("projects", "projects.id", "judgments.project_id")
    .select([
      "judgments.project_id",
      "judgments.id",
      "judgments.annotator_id",
      "judgments.verdict_reason",
      "assignments.served_as",
      "projects.gold_policy",
    ])
    .where("judgments.verdict", "=", "rejected")
    .where("judgments.verdict_reason", "in", ["review", "gold"])
    .where("judgments.verdict_at", ">=", now - 6 * 24 * HOUR)
    .orderBy("judgments.verdict_at", "desc")
    .limit(50)
    .execute();
  const rejected = rejections
    .filter((j) =>
      appealableByJudgment(
        j.verdict_reason,
        parseGoldPolicy(JSON.parse(j.gold_policy)).feedback,
        controlKindOf(j.served_as),
      ),
    )
    .slice(0, 3);
  let appeals = 0;
  for (const [k, judgment] of rejected.entries()) {
    const filedAt = now - (4 - k) * HOUR;
    const { id } = await fileAppeal(database, {
      projectId: judgment.project_id,
      judgmentId: judgment.id,
      annotatorId: judgment.annotator_id,
      reason:
        judgment.verdict_reason === "gold"
          ? "The control answer ignores the second half of the guideline section; my answer follows it."
          : "The reviewer's note does not fit this item: it quotes speech, it does not endorse it.",
      now: filedAt,
    });
    appeals++;
    if (k === 0)
      await decideAppeal(database, {
        projectId: judgment.project_id,
        appealId: id,
        deciderId: manager.id,
        decision: "upheld",
        note: "Agreed: the rejection was a mistake. Your pay and accuracy are restored.",
        now: filedAt + HOUR,
      });
  }
  return { threads, appeals };
}
