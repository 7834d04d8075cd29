import { notFound, type ThreadStatus } from "@quorum/core";
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { DB } from "../schema.js";
import { parseJson, parseJsonOrNull } from "./json-column.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * An annotator's question about a task they hold or held ("this case is unclear"). The task must
 * be one leased to them, so a question can never be used to reach another person's task.
 */
export async function askQuestion(
  db: Kysely<DB>,
  options: {
    projectId: number;
    annotatorId: number;
    assignmentId: number | null;
    text: string;
    now: number;
    /** Guideline section heading and label the question is about (checked by the caller). */
    section?: string | null;
    label?: string | null;
    /** When the first staff answer is due; a day after asking when not given. */
    dueAt?: number;
  },
) {
  let taskId: number | null = null;
  if (options.assignmentId !== null) {
    const lease = await db
      .selectFrom("assignments")
      .select("task_id")
      .where("project_id", "=", options.projectId)
      .where("id", "=", options.assignmentId)
      .where("annotator_id", "=", options.annotatorId)
      .executeTakeFirst();
    if (!lease) throw notFound("Assignment");
    taskId = lease.task_id;
  }
  const row = await db
    .insertInto("questions")
    .values({
      project_id: options.projectId,
      task_id: taskId,
      assignment_id: options.assignmentId,
      annotator_id: options.annotatorId,
      text: options.text,
      status: "open",
      answer: null,
      answered_by: null,
      created_at: options.now,
      answered_at: null,
      section: options.section ?? null,
      label: options.label ?? null,
      due_at: options.dueAt ?? options.now + 86_400_000,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Which of a project's questions: one person's own, some people's, a status, a page. */
export interface QuestionFilter {
  annotatorId?: number;
  annotatorIds?: readonly number[];
  status?: ThreadStatus;
  limit?: number;
  /** A page: only questions older than this id. */
  beforeId?: number;
}

/** Questions in a project, newest first (200, or `limit`); `annotatorId` limits them to one person's own. */
export async function listQuestions(db: Kysely<DB>, projectId: number, options: QuestionFilter = {}) {
  return listThreads(db, { ...options, projectId, withTask: true });
}

/** The statement counting a project's questions (its plan is pinned in support.contract.test.ts). */
export function countQuestionsQuery(
  db: Kysely<DB>,
  projectId: number,
  options: Omit<QuestionFilter, "limit" | "beforeId"> = {},
) {
  return filterThreads(db.selectFrom("questions"), { ...options, projectId }).select((eb) =>
    eb.fn.countAll<number | string>().as("n"),
  );
}

/** How many of a project's questions match, over every page (on the `questions_project` index). */
export async function countQuestions(
  db: Kysely<DB>,
  projectId: number,
  options: Omit<QuestionFilter, "limit" | "beforeId"> = {},
): Promise<number> {
  const row = await countQuestionsQuery(db, projectId, options).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Filters of the support inbox; every one optional. */
export interface ThreadFilter {
  projectId?: number;
  questionId?: number;
  annotatorId?: number;
  /** Only these people's threads (a vendor lead's team). */
  annotatorIds?: readonly number[];
  status?: ThreadStatus;
  section?: string;
  label?: string;
  assigneeId?: number;
  /** Only threads whose first answer came late, or is overdue at this time. */
  breachedAt?: number;
  /** Only threads whose first answer came in time, or is not yet due at this time. */
  inTimeAt?: number;
  /** Only threads still without a staff answer past their due time at this time (the overdue list). */
  overdueAt?: number;
  withTask?: boolean;
  limit?: number;
  /** A page: only threads older than this id (ids grow with creation). */
  beforeId?: number;
}

/** The inbox's statement (its plan is pinned in support.contract.test.ts). */
export function threadsQuery(db: Kysely<DB>, filter: ThreadFilter) {
  return filterThreads(db.selectFrom("questions"), filter)
    .innerJoin("users", "users.id", "questions.annotator_id")
    .leftJoin("users as assignee", "assignee.id", "questions.assignee_id")
    .leftJoin("projects", "projects.id", "questions.project_id")
    .select([
      "questions.project_id",
      "projects.name as project_name",
      "questions.id",
      "questions.task_id",
      "questions.annotator_id",
      "users.name",
      "questions.text",
      "questions.status",
      "questions.answer",
      "questions.created_at",
      "questions.answered_at",
      "questions.section",
      "questions.label",
      "questions.assignee_id",
      "assignee.name as assignee_name",
      "questions.due_at",
      "questions.first_response_at",
      "questions.resolved_at",
    ])
    .orderBy("questions.id", "desc")
    .limit(filter.limit ?? 200);
}

/** The filter's conditions on `questions`, shared by the inbox's page and its counts. */
function filterThreads<O>(query: SelectQueryBuilder<DB, "questions", O>, filter: ThreadFilter) {
  let filtered = query;
  if (filter.projectId !== undefined) filtered = filtered.where("questions.project_id", "=", filter.projectId);
  if (filter.questionId !== undefined) filtered = filtered.where("questions.id", "=", filter.questionId);
  if (filter.beforeId !== undefined) filtered = filtered.where("questions.id", "<", filter.beforeId);
  if (filter.annotatorId !== undefined) filtered = filtered.where("questions.annotator_id", "=", filter.annotatorId);
  if (filter.annotatorIds !== undefined)
    filtered =
      filter.annotatorIds.length === 0
        ? filtered.where(sql<boolean>`1 = 0`)
        : filtered.where("questions.annotator_id", "in", [...filter.annotatorIds]);
  if (filter.status) filtered = filtered.where("questions.status", "=", filter.status);
  if (filter.section !== undefined) filtered = filtered.where("questions.section", "=", filter.section);
  if (filter.label !== undefined) filtered = filtered.where("questions.label", "=", filter.label);
  if (filter.assigneeId !== undefined) filtered = filtered.where("questions.assignee_id", "=", filter.assigneeId);
  if (filter.overdueAt !== undefined)
    filtered = filtered
      .where("questions.first_response_at", "is", null)
      .where("questions.due_at", "<", filter.overdueAt);
  // As `slaState` decides: late once answered after the due time, or unanswered past it.
  const late = filter.breachedAt;
  if (late !== undefined)
    filtered = filtered.where((eb) =>
      eb.or([
        eb.and([eb("questions.first_response_at", "is", null), eb("questions.due_at", "<", late)]),
        eb("questions.first_response_at", ">", eb.ref("questions.due_at")),
      ]),
    );
  const inTime = filter.inTimeAt;
  if (inTime !== undefined)
    filtered = filtered.where((eb) =>
      eb.or([
        eb.and([eb("questions.first_response_at", "is", null), eb("questions.due_at", ">=", inTime)]),
        eb("questions.first_response_at", "<=", eb.ref("questions.due_at")),
      ]),
    );
  return filtered;
}

/** Support threads, newest first (at most 200), with the asker's and assignee's names. */
export async function listThreads(db: Kysely<DB>, filter: ThreadFilter) {
  const rows = await threadsQuery(db, filter).execute();
  const tasks = filter.withTask ? await taskDataOf(db, rows) : new Map<string, unknown>();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    projectName: r.project_name ?? "",
    taskId: r.task_id,
    annotatorId: r.annotator_id,
    annotatorName: r.name,
    text: r.text,
    status: r.status as ThreadStatus,
    answer: r.answer,
    task: (tasks.get(`${r.project_id}:${r.task_id}`) ?? null) as Record<string, unknown> | null,
    createdAt: iso(r.created_at),
    answeredAt: iso(r.answered_at),
    section: r.section,
    label: r.label,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    dueAt: r.due_at ?? r.created_at + 86_400_000,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
  }));
}

export type SupportThreadRow = Awaited<ReturnType<typeof listThreads>>[number];

async function taskDataOf(db: Kysely<DB>, rows: readonly { project_id: number; task_id: number | null }[]) {
  const found = new Map<string, unknown>();
  const byProject = new Map<number, number[]>();
  for (const r of rows)
    if (r.task_id !== null) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r.task_id]);
  for (const [projectId, ids] of byProject) {
    const tasks = await db
      .selectFrom("tasks")
      .select(["id", "data"])
      .where("project_id", "=", projectId)
      .where("id", "in", ids)
      .execute();
    for (const t of tasks) found.set(`${projectId}:${t.id}`, parseJsonOrNull<Record<string, unknown>>(t.data));
  }
  return found;
}

/** One thread of a project, or undefined. */
export async function getThread(db: Kysely<DB>, projectId: number, questionId: number) {
  const [thread] = await listThreads(db, { projectId, questionId, withTask: true, limit: 1 });
  return thread;
}

export async function answerQuestion(
  db: Kysely<DB>,
  options: { projectId: number; questionId: number; answer: string; actorId: number; now: number },
) {
  const result = await db
    .updateTable("questions")
    .set({ answer: options.answer, status: "answered", answered_by: options.actorId, answered_at: options.now })
    .where("project_id", "=", options.projectId)
    .where("id", "=", options.questionId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw notFound("Question");
}

/** What happened lately in a project: judgments with who gave them, and logged events. */
export async function recentActivity(db: Kysely<DB>, projectId: number, limit = 50) {
  const judgments = await db
    .selectFrom("judgments")
    .innerJoin("users", "users.id", "judgments.annotator_id")
    .select([
      "judgments.id",
      "judgments.task_id",
      "judgments.annotator_id",
      "users.name",
      "judgments.value",
      "judgments.active_ms",
      "judgments.created_at",
    ])
    .where("judgments.project_id", "=", projectId)
    .orderBy("judgments.created_at", "desc")
    .limit(limit)
    .execute();
  const events = await db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .select([
      "audit_log.id",
      "audit_log.action",
      "audit_log.details",
      "audit_log.actor_id",
      "users.name",
      "users.role",
      "audit_log.created_at",
    ])
    .where("audit_log.project_id", "=", projectId)
    .orderBy("audit_log.created_at", "desc")
    .limit(limit)
    .execute();
  return {
    judgments: judgments.map((j) => ({
      id: j.id,
      taskId: j.task_id,
      annotatorId: j.annotator_id,
      annotatorName: j.name,
      value: parseJson<unknown>(j.value),
      activeMs: j.active_ms,
      createdAt: iso(j.created_at),
    })),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      details: parseJson<unknown>(e.details),
      actorId: e.actor_id,
      actorName: e.name,
      /** The actor's role, so a scoped viewer's feed can leave out what people outside their scope did. */
      actorRole: e.role,
      createdAt: iso(e.created_at),
    })),
  };
}

/**
 * Questions per guideline section and label (null where not given), most asked first: which part
 * of the guidelines people find unclear. Counts open, answered and resolved apart.
 */
export async function countQuestionsBySection(db: Kysely<DB>, projectId: number, since?: number) {
  let query = db
    .selectFrom("questions")
    .select(["section", "label", "status", (eb) => eb.fn.countAll<number | string>().as("n")])
    .where("project_id", "=", projectId)
    .groupBy(["section", "label", "status"]);
  if (since !== undefined) query = query.where("created_at", ">=", since);
  const rows = await query.execute();
  const cells = new Map<
    string,
    { section: string | null; label: string | null; open: number; answered: number; resolved: number; total: number }
  >();
  for (const r of rows) {
    const key = JSON.stringify([r.section, r.label]);
    const cell = cells.get(key) ?? { section: r.section, label: r.label, open: 0, answered: 0, resolved: 0, total: 0 };
    const n = Number(r.n);
    if (r.status === "open" || r.status === "answered" || r.status === "resolved") cell[r.status] += n;
    cell.total += n;
    cells.set(key, cell);
  }
  return [...cells.values()].sort(
    (a, b) =>
      b.total - a.total ||
      String(a.section).localeCompare(String(b.section)) ||
      String(a.label).localeCompare(String(b.label)),
  );
}
