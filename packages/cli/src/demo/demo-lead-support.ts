import { guidelineSections, type Project, schemaClasses, type User } from "@quorum/core";
import {
  askSupportQuestion,
  type Database,
  listGuidelineVersions,
  postSupportMessage,
  updateSupportThread,
} from "@quorum/storage";
import { LEXICON } from "./demo-people.js";

const HOUR = 3_600_000;

/**
 * What Lexicon Partners' annotators ask, one thread each: one still waiting for a first answer
 * (inside the one-day SLA), one answered, one answered and resolved by the asker.
 */
const THREADS: { text: string; label?: string; reply?: string; resolve?: boolean; askedHoursAgo: number }[] = [
  { text: "Some posts mix two languages. Do we label them by this section too?", askedHoursAgo: 5 },
  {
    text: "A post names a real person without insulting them. Is that already targeting?",
    label: "harassment",
    reply: "Not by itself: it is targeting when the post attacks or demeans the person it names.",
    askedHoursAgo: 20,
  },
  {
    text: "Should a news headline that repeats a threat be labeled as a threat?",
    label: "violence",
    reply: "No: reporting a threat is not making one. Label what the post itself does.",
    resolve: true,
    askedHoursAgo: 44,
  },
];

/**
 * Support threads in the demo from Lexicon Partners' people, so their vendor lead's inbox is not
 * empty: on the first project, from the newest submitted work of three different Lexicon
 * annotators. The other demo threads come from other people, so the lead sees these only.
 */
export async function seedLeadSupport(
  database: Database,
  options: { project: Project | undefined; reviewer: User | undefined; now: number },
): Promise<number> {
  const { project, reviewer, now } = options;
  if (!project || !reviewer) return 0;
  const [current] = (await listGuidelineVersions(database.db, project.id)).filter(
    (v) => v.version === project.guidelineVersion,
  );
  const headings = guidelineSections(current?.body ?? "").map((s) => s.heading);
  const sections = headings.length > 1 ? headings.slice(1) : headings;
  const schema = project.schema;
  const labels = schema.type === "multi_label" ? schema.options.map((o) => o.value) : (schemaClasses(schema) ?? []);
  const leases = await database.db
    .selectFrom("assignments")
    .innerJoin("users", "users.id", "assignments.annotator_id")
    .select(["assignments.id", "assignments.annotator_id"])
    .where("assignments.project_id", "=", project.id)
    .where("assignments.status", "=", "submitted")
    .where("users.vendor", "=", LEXICON)
    .where("users.role", "=", "annotator")
    .orderBy("assignments.id", "desc")
    .limit(200)
    .execute();
  // One thread per person: the newest lease of each, in turn.
  const seen = new Set<number>();
  const picked = leases.filter((l) => !seen.has(l.annotator_id) && seen.add(l.annotator_id)).slice(0, THREADS.length);
  for (const [k, lease] of picked.entries()) {
    const plan = THREADS[k]!;
    const askedAt = now - plan.askedHoursAgo * HOUR;
    const questionId = await askSupportQuestion(database, {
      project,
      annotatorId: lease.annotator_id,
      assignmentId: lease.id,
      text: plan.text,
      ...(sections.length > 0 ? { section: sections[k % sections.length] } : {}),
      ...(plan.label && labels.includes(plan.label) ? { label: plan.label } : {}),
      now: askedAt,
    });
    const thread = { projectId: project.id, questionId };
    if (plan.reply)
      await postSupportMessage(database, {
        ...thread,
        authorId: reviewer.id,
        fromStaff: true,
        body: plan.reply,
        now: askedAt + 3 * HOUR,
      });
    if (plan.resolve)
      await updateSupportThread(database.db, {
        ...thread,
        actorId: lease.annotator_id,
        status: "resolved",
        now: askedAt + 5 * HOUR,
      });
  }
  return picked.length;
}
