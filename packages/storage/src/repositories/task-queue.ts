import { compareQueueOrder, type Task } from "@quorum/core";
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Dialect } from "../database.js";
import { PreparedStatement } from "../prepared-statement.js";
import type { DB } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { lockForUpdate } from "../transaction.js";
import { GOLD, OPEN } from "./partial-index-values.js";
import { toTask } from "./task-rows.js";

/**
 * `limit 1` written into the statement, not bound, on both dialects: SQLite prepares a statement
 * with a bound LIMIT again at every run (see `InlineLimitCompiler`, which writes in SQLite's
 * anyway), and PostgreSQL's generic plan of a prepared statement would not know the LIMIT.
 */
const ONE = sql.lit(1);

/**
 * How a queue read treats rows other transactions hold: `skip-locked` passes over them
 * (PostgreSQL's `FOR UPDATE SKIP LOCKED`, locking the row it returns), `none` reads without locking.
 */
export type QueueLock = "skip-locked" | "none";

// Built once: these fragments are the same in every lease.
const ONE_MORE_SLOT = sql<number>`slots_taken + 1`;
const STATUS_WITH_ONE_MORE = taskStatusSql({ slotsDelta: 1 });
const SLOT_FREE = sql<boolean>`slots_taken < required`;

export type QueuedTask = Pick<Task, "id" | "priority" | "deadlineKey" | "data">;

/**
 * Tasks of no harm category or of one not in `excluded` (categories whose exposure budget the
 * person has reached). PostgreSQL reads the list as a text array, SQLite as JSON text.
 */
function harmAllowed(dialect: Dialect, excluded: unknown) {
  return dialect === "postgres"
    ? sql<boolean>`(tasks.harm is null or tasks.harm <> all(${excluded}::text[]))`
    : sql<boolean>`(tasks.harm is null or tasks.harm not in (select value from json_each(${excluded})))`;
}

/** `excluded` as the filter's parameter on this dialect. */
function excludedParameter(dialect: Dialect, excluded: readonly string[]): unknown {
  return dialect === "postgres" ? excluded : JSON.stringify(excluded);
}

/** Tasks this annotator has never held a lease on (rule 1: never twice on one task). */
function neverHeldBy(annotatorId: number) {
  return ({ not, exists, selectFrom }: ExpressionBuilder<DB, "tasks">) =>
    not(
      exists(
        selectFrom("assignments")
          .select(sql.lit(1).as("one"))
          .whereRef("assignments.project_id", "=", "tasks.project_id")
          .whereRef("assignments.task_id", "=", "tasks.id")
          .where("assignments.annotator_id", "=", annotatorId),
      ),
    );
}

/** Not a practice task of a training module (index `training_items_task`). */
function notPractice({ not, exists, selectFrom }: ExpressionBuilder<DB, "tasks">) {
  return not(
    exists(
      selectFrom("training_items")
        .select(sql.lit(1).as("one"))
        .whereRef("training_items.project_id", "=", "tasks.project_id")
        .whereRef("training_items.task_id", "=", "tasks.id"),
    ),
  );
}

/**
 * The best open task in one language queue that this annotator has never held: the first row of
 * the partial index `tasks_queue` (priority, then deadline, then age) that has no assignment of
 * theirs.
 */
export function nextTaskQuery(
  db: Kysely<DB>,
  dialect: Dialect,
  projectId: number,
  language: string,
  annotatorId: number,
  lock: QueueLock = "skip-locked",
  queueArm = 0,
  /** Harm categories to pass over (the parameter as `excludedParameter` gives it), or none. */
  excluded?: unknown,
) {
  const query = queueHeadRows(db, dialect, projectId, language, annotatorId, queueArm, excluded).select([
    "tasks.id",
    "tasks.priority",
    "tasks.deadline_key",
    "tasks.data",
  ]);
  return lock === "none" ? query : lockForUpdate(query, dialect, { skipLocked: true, of: "tasks" });
}

/** `nextTaskQuery` before its columns: the rules a queued task must meet, in queue order, the first. */
function queueHeadRows(
  db: Kysely<DB>,
  dialect: Dialect,
  projectId: number,
  language: string,
  annotatorId: number,
  queueArm: number,
  excluded: unknown,
) {
  let query = db
    .selectFrom("tasks")
    .where("tasks.project_id", "=", projectId)
    .where("tasks.language", "=", language)
    .where("tasks.queue_arm", "=", queueArm)
    .where("tasks.status", "=", OPEN)
    .where(neverHeldBy(annotatorId));
  if (excluded !== undefined) query = query.where(harmAllowed(dialect, excluded));
  return query.orderBy("tasks.priority", "desc").orderBy("tasks.deadline_key").orderBy("tasks.id").limit(ONE);
}

/** Whose queues to read: a project's, in some languages, for one annotator. */
export interface QueueOf {
  projectId: number;
  languages: readonly string[];
  annotatorId: number;
  /** Harm categories the annotator may not be given now (exposure budgets); absent or empty: none. */
  excludedHarm?: readonly string[];
  /** The share of the queue a running annotator experiment gives their arm (`tasks.queue_arm`); 0 without one. */
  queueArm?: number;
}

function excludedOf(queue: QueueOf, dialect: Dialect): unknown {
  return queue.excludedHarm?.length ? excludedParameter(dialect, queue.excludedHarm) : undefined;
}

/** The head of each language queue, and of those the first in queue order (`compareQueueOrder`). */
export async function bestQueuedTask(
  trx: Kysely<DB>,
  dialect: Dialect,
  queue: QueueOf,
  lock: QueueLock,
): Promise<QueuedTask | undefined> {
  let best: QueuedTask | undefined;
  for (const language of queue.languages) {
    const row = await nextTaskQuery(
      trx,
      dialect,
      queue.projectId,
      language,
      queue.annotatorId,
      lock,
      queue.queueArm ?? 0,
      excludedOf(queue, dialect),
    ).executeTakeFirst();
    if (!row) continue;
    const candidate = toTask(row);
    if (!best || compareQueueOrder(candidate, best) < 0) best = candidate;
  }
  return best;
}

/**
 * The head of the annotator's queues in one project, in one statement whatever the number of
 * languages: the head of each language queue (`nextTaskQuery`, through `tasks_queue`, no lock),
 * the first of them in queue order. "Next task anywhere" reads one per eligible project.
 */
export async function peekQueueHead(db: Kysely<DB>, dialect: Dialect, queue: QueueOf): Promise<QueuedTask | undefined> {
  const [first, ...others] = queue.languages;
  if (first === undefined) return undefined;
  const head = (language: string, i: number) =>
    db
      .selectFrom(
        nextTaskQuery(
          db,
          dialect,
          queue.projectId,
          language,
          queue.annotatorId,
          "none",
          queue.queueArm ?? 0,
          excludedOf(queue, dialect),
        ).as(`q${i}`),
      )
      .select(["id", "priority", "deadline_key", "data"]);
  let heads = head(first, 0);
  others.forEach((language, i) => {
    heads = heads.unionAll(head(language, i + 1));
  });
  const row = await db
    .selectFrom(heads.as("heads"))
    .selectAll()
    .orderBy("priority", "desc")
    .orderBy("deadline_key")
    .orderBy("id")
    .limit(ONE)
    .executeTakeFirst();
  return row && toTask(row);
}

export type QueueSlot = "projectId" | "annotatorId" | "queueArm" | "now" | "excluded" | `language${number}`;

/**
 * SQLite: the best queued task (as `bestQueuedTask` finds it, over up to N language queues) in one
 * read; `takeQueueHead` then takes its slot by id. One `UPDATE ... WHERE id = (that read)` did both,
 * but SQLite ran it 4-8 times slower than the read and the update by primary key together
 * (0.5-1 ms against 0.1-0.2 ms in `bench/hot-path-cpu.ts`): the claim was half of a pair's CPU.
 * SQLite has one writer at a time, so the task read is the task updated and nothing is locked or skipped.
 *
 * The read names only columns of `tasks_queue` (the task's data comes back from the update), so
 * SQLite walks the index alone, in queue order, and stops at the first task the annotator never
 * held: no row of `tasks` is read. With one language the read is that walk and nothing more; with
 * more, each language's walk is a subquery (SQLite allows no ORDER BY/LIMIT on a member of a
 * UNION) and the heads are compared.
 */
const queueHeadStatements = new Map<string, PreparedStatement<{ id: number }, QueueSlot>>();

function queueHeadStatement(languages: number, filtered: boolean) {
  const key = `${languages}${filtered ? "h" : ""}`;
  let statement = queueHeadStatements.get(key);
  if (!statement) {
    statement = new PreparedStatement((db, slot, dialect) => queueHeadQuery(db, slot, dialect, languages, filtered));
    queueHeadStatements.set(key, statement);
  }
  return statement;
}

/** `queueHeadStatement`'s query (the best queued task's id over `languages` queues), values in slots. */
export function queueHeadQuery<Name extends string>(
  db: Kysely<DB>,
  slot: (name: QueueSlot | Name) => never,
  dialect: Dialect,
  languages: number,
  filtered: boolean,
) {
  const head = (i: number) =>
    queueHeadRows(
      db,
      dialect,
      slot("projectId"),
      slot(`language${i}`),
      slot("annotatorId"),
      slot("queueArm"),
      filtered ? slot("excluded") : undefined,
    ).select("tasks.id");
  if (languages === 1) return head(0);
  const ranked = (i: number) =>
    db.selectFrom(head(i).select(["tasks.priority", "tasks.deadline_key"]).as(`q${i}`)).selectAll();
  let heads = ranked(0);
  for (let i = 1; i < languages; i++) heads = heads.unionAll(ranked(i));
  return db
    .selectFrom(heads.orderBy("priority", "desc").orderBy("deadline_key").orderBy("id").limit(ONE).as("best"))
    .select("id");
}

/** SQLite: a slot of a task known by id, if one is free (the guard keeps the overlap whatever the read saw). */
const takeSlotStatement = new PreparedStatement<{ id: number; data: string }, "projectId" | "id" | "now">(
  (_db, slot) => sql<{ id: number; data: string }>`
    update tasks set slots_taken = ${ONE_MORE_SLOT}, status = ${STATUS_WITH_ONE_MORE}, updated_at = ${slot("now")}
    where project_id = ${slot("projectId")} and id = ${slot("id")} and ${SLOT_FREE} and status <> 'gold'
    returning id, data`,
);

/**
 * SQLite: the same for a task that stays open after it (most takes): `status` is left out of the
 * SET list, because SQLite rewrites the task's entries in every index naming a column being set
 * (`tasks_status`, `tasks_queue`, `tasks_unfinished`), changed or not. The guard is where
 * `STATUS_WITH_ONE_MORE` gives `open` again; a take that fills the task runs `takeSlotStatement`.
 */
const takeSlotStayingOpenStatement = new PreparedStatement<{ id: number; data: string }, "projectId" | "id" | "now">(
  (_db, slot) => sql<{ id: number; data: string }>`
    update tasks set slots_taken = ${ONE_MORE_SLOT}, updated_at = ${slot("now")}
    where project_id = ${slot("projectId")} and id = ${slot("id")} and status = 'open'
      and judgment_count < required and ${ONE_MORE_SLOT} < required
    returning id, data`,
);

/**
 * SQLite: see `queueHeadStatement`; the task whose slot it took, or undefined when none is left.
 * `head` is the queue head's id when this transaction has read it already (`readClaimStateAndQueueHead`;
 * null: the queue was empty), so it is not read twice.
 */
export async function takeQueueHead(
  trx: Kysely<DB>,
  queue: QueueOf,
  now: number,
  head?: number | null,
): Promise<Pick<Task, "id" | "data"> | undefined> {
  const filtered = (queue.excludedHarm?.length ?? 0) > 0;
  const id =
    head !== undefined
      ? head
      : (await queueHeadStatement(queue.languages.length, filtered).run(trx, "sqlite", queueHeadValues(queue, now)))
          .rows[0]?.id;
  if (id === null || id === undefined) return undefined;
  const values = { projectId: queue.projectId, id, now };
  const taken =
    (await takeSlotStayingOpenStatement.run(trx, "sqlite", values)).rows[0] ??
    (await takeSlotStatement.run(trx, "sqlite", values)).rows[0];
  return taken && toTask(taken);
}

export function queueHeadValues(queue: QueueOf, now: number): Record<QueueSlot, unknown> {
  const values: Record<QueueSlot, unknown> = {
    projectId: queue.projectId,
    annotatorId: queue.annotatorId,
    queueArm: queue.queueArm ?? 0,
    now,
    excluded: JSON.stringify(queue.excludedHarm ?? []),
  };
  queue.languages.forEach((language, i) => {
    values[`language${i}`] = language;
  });
  return values;
}

/** What one claim statement did: leased a task, found one but lost its last slot, or found none. */
export type ClaimOutcome =
  | { kind: "leased"; assignmentId: number; task: Pick<Task, "id" | "data"> }
  | { kind: "lost" }
  | { kind: "none" };

/**
 * PostgreSQL: the whole claim of a queued task in one statement. Takes the head of each language
 * queue that this annotator never held (`FOR UPDATE SKIP LOCKED`, as `nextTaskQuery`), keeps the
 * first in queue order, takes its slot if one is still free and records the lease.
 */
const claimQueueHead = claimQueueHeadStatement(false);
/** The same, passing over tasks of the harm categories in slot `excluded`. */
const claimQueueHeadSkippingHarm = claimQueueHeadStatement(true);
/** The two with their transaction's commit (`endsTransaction`), for a lease that writes nothing after its claim. */
const claimQueueHeadAndCommit = claimQueueHeadStatement(false, true);
const claimQueueHeadSkippingHarmAndCommit = claimQueueHeadStatement(true, true);

function claimQueueHeadStatement(filtered: boolean, endsTransaction = false) {
  return new PreparedStatement<
    { task_id: number; data: string; assignment_id: number | null },
    "projectId" | "annotatorId" | "queueArm" | "languages" | "now" | "expiresAt" | "excluded"
  >(
    (_db, slot) => sql<{ task_id: number; data: string; assignment_id: number | null }>`
    with picked as (
      select head.id, head.data from unnest(${slot("languages")}::text[]) as queue(language)
      cross join lateral (
        select tasks.id, tasks.priority, tasks.deadline_key, tasks.data from tasks
        where tasks.project_id = ${slot("projectId")} and tasks.language = queue.language
          and tasks.queue_arm = ${slot("queueArm")}::int and tasks.status = 'open'
          and not exists (
            select 1 from assignments where assignments.project_id = tasks.project_id
              and assignments.task_id = tasks.id and assignments.annotator_id = ${slot("annotatorId")})
          ${filtered ? sql`and ${harmAllowed("postgres", slot("excluded"))}` : sql``}
        order by tasks.priority desc, tasks.deadline_key, tasks.id
        limit 1
        for update of tasks skip locked
      ) as head
      order by head.priority desc, head.deadline_key, head.id
      limit 1
    ), taken as (
      update tasks set slots_taken = ${ONE_MORE_SLOT}, status = ${STATUS_WITH_ONE_MORE}, updated_at = ${slot("now")}
      where tasks.project_id = ${slot("projectId")} and tasks.id = (select id from picked)
        and ${SLOT_FREE} and tasks.status <> 'gold'
      returning tasks.id
    ), leased as (
      insert into assignments (project_id, task_id, annotator_id, status, created_at, expires_at, finished_at, served_as)
      select ${slot("projectId")}::bigint, taken.id, ${slot("annotatorId")}::bigint, 'active', ${slot("now")}::bigint,
        ${slot("expiresAt")}::bigint, null, null
      from taken
      returning id
    )
    select picked.id as task_id, picked.data, leased.id as assignment_id from picked left join leased on true`,
    { endsTransaction },
  );
}

/**
 * The statement that claims a queued task on this dialect, as sent (for tests that explain it):
 * on PostgreSQL the whole claim, on SQLite the read of the queue heads (the slot is taken by id next).
 */
export function queueClaimQuery(db: Kysely<DB>, dialect: Dialect, queue: QueueOf, now: number) {
  const filtered = (queue.excludedHarm?.length ?? 0) > 0;
  if (dialect === "postgres")
    return (filtered ? claimQueueHeadSkippingHarm : claimQueueHead).compiled(db, dialect, {
      ...queue,
      queueArm: queue.queueArm ?? 0,
      now,
      expiresAt: now + 60_000,
      excluded: queue.excludedHarm ?? [],
    });
  return queueHeadStatement(queue.languages.length, filtered).compiled(db, dialect, queueHeadValues(queue, now));
}

/**
 * See `claimQueueHead`; PostgreSQL only. `commit`: the transaction commits with the claim, whatever
 * its outcome; only reads may follow (they run on their own), and no rollback can undo the lease.
 */
export async function claimQueuedTaskInOneStatement(
  trx: Kysely<DB>,
  queue: QueueOf,
  lease: { now: number; expiresAt: number; commit: boolean },
): Promise<ClaimOutcome> {
  const filtered = (queue.excludedHarm?.length ?? 0) > 0;
  const statement = lease.commit
    ? filtered
      ? claimQueueHeadSkippingHarmAndCommit
      : claimQueueHeadAndCommit
    : filtered
      ? claimQueueHeadSkippingHarm
      : claimQueueHead;
  const { rows } = await statement.run(trx, "postgres", {
    projectId: queue.projectId,
    annotatorId: queue.annotatorId,
    queueArm: queue.queueArm ?? 0,
    languages: queue.languages,
    now: lease.now,
    expiresAt: lease.expiresAt,
    excluded: queue.excludedHarm ?? [],
  });
  const row = rows[0];
  if (!row) return { kind: "none" };
  if (row.assignment_id === null) return { kind: "lost" };
  return { kind: "leased", assignmentId: row.assignment_id, task: toTask({ id: row.task_id, data: row.data }) };
}

/**
 * Whether open tasks for this annotator exist that a locked read skipped: rows other transactions
 * hold right now. Only PostgreSQL skips locked rows; on SQLite nothing was skipped.
 */
export async function queueHasLockedTasks(trx: Kysely<DB>, dialect: Dialect, queue: QueueOf): Promise<boolean> {
  if (dialect !== "postgres") return false;
  return (await bestQueuedTask(trx, dialect, queue, "none")) !== undefined;
}

/**
 * A control task in one language that this annotator has not held yet (any number of annotators
 * may answer one), leaving out what cannot be a secret check: training modules' practice tasks
 * (their answers are taught) and `shown`, the tasks the annotator already met elsewhere (exam items).
 */
export async function nextGoldTask(
  trx: Kysely<DB>,
  projectId: number,
  language: string,
  annotatorId: number,
  excluded: { dialect: Dialect; harm: readonly string[] } | undefined = undefined,
  shown: readonly number[] = [],
) {
  let query = trx
    .selectFrom("tasks")
    .select(["tasks.id", "tasks.data"])
    .where("tasks.project_id", "=", projectId)
    .where("tasks.language", "=", language)
    .where("tasks.status", "=", GOLD)
    .where(neverHeldBy(annotatorId))
    .where(notPractice);
  if (shown.length > 0) query = query.where("tasks.id", "not in", shown);
  if (excluded && excluded.harm.length > 0)
    query = query.where(harmAllowed(excluded.dialect, excludedParameter(excluded.dialect, excluded.harm)));
  const row = await query.orderBy("tasks.id").limit(ONE).executeTakeFirst();
  return row && toTask(row);
}

/** Counts a lease of a control task (its status stays `gold`). */
export async function takeGoldSlot(trx: Kysely<DB>, projectId: number, taskId: number, now: number): Promise<void> {
  await trx
    .updateTable("tasks")
    .set({ slots_taken: ONE_MORE_SLOT, updated_at: now })
    .where("project_id", "=", projectId)
    .where("id", "=", taskId)
    .execute();
}
