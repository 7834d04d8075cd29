import { DomainError, type Project, type User } from "@quorum/core";
import {
  answerQuestion,
  askQuestion,
  claimNextReview,
  createAuditPlan,
  type Database,
  decideReview,
  enqueueForReview,
} from "@quorum/storage";
import type { Random } from "../simulate/annotator-model.js";

const HOUR = 3_600_000;

const QUESTIONS = [
  "Is a news report quoting a slur a hate violation, or none?",
  "The result is in English but the query is German. Is that Bad or Fair?",
  "Both ads break the character limit. Should I pick the shorter one or call it a tie?",
];

/**
 * The review side of the demo, so the reviewer and quality pages have something to show: an
 * audit plan on the first project with most of its sample decided, low-confidence tasks queued on
 * the second, and annotators' questions on each project (one answered).
 */
export async function seedReviewWork(
  database: Database,
  options: { projects: Project[]; reviewer: User | undefined; manager: User | undefined; now: number; random: Random },
): Promise<{ reviewed: number; questions: number }> {
  const { projects, reviewer, manager, now, random } = options;
  if (!reviewer || !manager) return { reviewed: 0, questions: 0 };
  let reviewed = 0;
  const audited = projects[0];
  if (audited) {
    const { plan } = await createAuditPlan(database, {
      project: audited,
      margin: 0.1,
      confidence: 0.95,
      actorId: manager.id,
      now: now - 6 * HOUR,
      random,
    }).catch((error: unknown) => {
      // A tiny demo (tests' scale) may have no finished task to sample yet.
      if (error instanceof DomainError && error.code === "nothing_to_audit") return { plan: undefined };
      throw error;
    });
    for (let i = 0; plan && i < Math.floor(plan.sampleSize * 0.7); i++) {
      const at = now - 5 * HOUR + i * 60_000;
      const work = await claimNextReview(database, { projectId: audited.id, reviewerId: reviewer.id, now: at });
      if (!work) break;
      const draw = random();
      await decideReview(database, {
        itemId: work.item.id,
        reviewerId: reviewer.id,
        verdict: draw < 0.85 ? "accept" : "reject",
        ...(draw >= 0.85 ? { note: "Labels disagree with the guideline on quoted speech." } : {}),
        override: false,
        now: at,
      });
      reviewed++;
    }
  }
  const queued = projects[1];
  if (queued)
    await enqueueForReview(database.db, {
      projectId: queued.id,
      source: "low_confidence",
      threshold: 0.7,
      limit: 20,
      actorId: manager.id,
      now: now - 2 * HOUR,
    });

  let questions = 0;
  for (const [index, project] of projects.entries()) {
    const lease = await database.db
      .selectFrom("assignments")
      .select(["id", "annotator_id"])
      .where("project_id", "=", project.id)
      .where("status", "=", "submitted")
      .orderBy("id", "desc")
      .limit(1)
      .offset(index * 7)
      .executeTakeFirst();
    if (!lease) continue;
    const id = await askQuestion(database.db, {
      projectId: project.id,
      annotatorId: lease.annotator_id,
      assignmentId: lease.id,
      text: QUESTIONS[index % QUESTIONS.length]!,
      now: now - (3 - index) * HOUR,
    });
    questions++;
    if (index === 0)
      await answerQuestion(database.db, {
        projectId: project.id,
        questionId: id,
        answer: "None: reporting on hate speech is not itself hateful (guidelines v2, section 3).",
        actorId: reviewer.id,
        now: now - HOUR,
      });
  }
  return { reviewed, questions };
}
