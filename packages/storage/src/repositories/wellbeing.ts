import {
  type BudgetOverrides,
  DEFAULT_WELLBEING_POLICY,
  type ExposureUsage,
  type HarmCategory,
  isHarmCategory,
  type MediaFilters,
  type SessionPolicy,
  type WellbeingPolicy,
  type WorkSession,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Dialect } from "../database.js";
import { PreparedStatement } from "../prepared-statement.js";
import type { DB } from "../schema.js";

/** How long a process serves the workspace's wellbeing policy from memory (as projects, `PROJECT_CACHE_MS`). */
export const WELLBEING_POLICY_CACHE_MS = 1000;
const policyCache = new WeakMap<Kysely<DB>, { policy: WellbeingPolicy; at: number }>();

/**
 * The workspace's policy (the defaults until a manager saves one), its `timeZone` the workspace's
 * (`workspace_settings.time_zone`, the zone of every daily figure), read in the same statement.
 * `reader` reads on a miss (a transaction of `db`).
 */
export async function readWellbeingPolicy(db: Kysely<DB>, reader: Kysely<DB> = db): Promise<WellbeingPolicy> {
  const hit = policyCache.get(db);
  const clock = Date.now();
  if (hit && clock - hit.at < WELLBEING_POLICY_CACHE_MS && clock >= hit.at) return hit.policy;
  const row = await reader
    .selectNoFrom((eb) => [
      eb.selectFrom("wellbeing_settings").select("policy").where("id", "=", 1).as("policy"),
      eb.selectFrom("workspace_settings").select("value").where("key", "=", "time_zone").as("time_zone"),
    ])
    .executeTakeFirstOrThrow();
  // A zone stored with the policy by earlier versions gives way to the workspace's.
  const stored = row.policy ? (JSON.parse(row.policy) as Partial<WellbeingPolicy>) : {};
  const policy: WellbeingPolicy = {
    ...DEFAULT_WELLBEING_POLICY,
    ...stored,
    timeZone: row.time_zone ?? DEFAULT_WELLBEING_POLICY.timeZone,
  };
  policyCache.set(db, { policy, at: clock });
  return policy;
}

/** Drops the cached policy of `db`, e.g. when the workspace's time zone changes. */
export function forgetWellbeingPolicy(db: Kysely<DB>): void {
  policyCache.delete(db);
}

export async function saveWellbeingPolicy(
  db: Kysely<DB>,
  policy: WellbeingPolicy,
  actorId: number,
  now: number,
): Promise<void> {
  // The zone is the workspace's (workspace_settings), not the policy's own.
  const { timeZone: _workspaceZone, ...own } = policy;
  const text = JSON.stringify(own);
  await db
    .insertInto("wellbeing_settings")
    .values({ id: 1, policy: text, updated_by: actorId, updated_at: now })
    .onConflict((oc) => oc.column("id").doUpdateSet({ policy: text, updated_by: actorId, updated_at: now }))
    .execute();
  policyCache.delete(db);
}

/** One person's wellbeing row: a manager's budget overrides, their own media choices, their session. */
export interface PersonWellbeing {
  budgets: BudgetOverrides;
  media: Partial<MediaFilters>;
  session: WorkSession;
}

export async function readPersonWellbeing(db: Kysely<DB>, userId: number): Promise<PersonWellbeing> {
  const row = await db.selectFrom("wellbeing_people").selectAll().where("user_id", "=", userId).executeTakeFirst();
  if (!row) return { budgets: {}, media: {}, session: { startedAt: null, lastAt: null, breakUntil: null } };
  return {
    budgets: JSON.parse(row.budgets) as BudgetOverrides,
    media: JSON.parse(row.media) as Partial<MediaFilters>,
    session: { startedAt: row.session_started_at, lastAt: row.session_last_at, breakUntil: row.break_until },
  };
}

/** Sets one column of a person's row (`budgets` by a manager, `media` by the person), creating the row. */
export async function setPersonWellbeing(
  db: Kysely<DB>,
  userId: number,
  column: "budgets" | "media",
  value: BudgetOverrides | Partial<MediaFilters>,
  now: number,
): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto("wellbeing_people")
    .values({
      user_id: userId,
      [column]: text,
      session_started_at: null,
      session_last_at: null,
      break_until: null,
      updated_at: now,
    })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ [column]: text, updated_at: now }))
    .execute();
}

type ExposureSlot =
  | "projectId"
  | "userId"
  | "day"
  | "category"
  | "activeMs"
  | "now"
  | "gapMs"
  | "capMs"
  | "firstStartedAt"
  | "firstLastAt"
  | "firstBreakUntil";

/** One judged harmful item added to the person's exposure of its day. */
function addExposureSql(slot: (name: ExposureSlot) => never) {
  return sql`
    insert into exposure_daily (project_id, user_id, day, category, items, active_ms)
    values (${slot("projectId")}, ${slot("userId")}, ${slot("day")}, ${slot("category")}, 1, ${slot("activeMs")})
    on conflict (project_id, user_id, day, category)
    do update set items = exposure_daily.items + 1, active_ms = exposure_daily.active_ms + excluded.active_ms`;
}

/**
 * The person's session advanced by one harmful judgment, in the row itself: core's
 * `advanceSession` in SQL for a stored session (a gap of a break or more since the last judgment
 * starts a new one; reaching the cap starts a break), its result on no session (`first*`) for a
 * new row. Done by the upsert, no read: two judgments of one person never lose a step.
 */
function advanceSessionSql(slot: (name: ExposureSlot) => never, dialect: Dialect) {
  const big = (name: ExposureSlot) => (dialect === "postgres" ? sql`${slot(name)}::bigint` : sql`${slot(name)}`);
  const now = big("now");
  const started = sql`(case when wellbeing_people.session_last_at is null or wellbeing_people.session_started_at is null
      or ${now} - wellbeing_people.session_last_at >= ${big("gapMs")}
    then ${now} - ${big("activeMs")} else wellbeing_people.session_started_at end)`;
  const capped = sql`${now} - ${started} >= ${big("capMs")}`;
  return sql`
    insert into wellbeing_people (user_id, session_started_at, session_last_at, break_until, updated_at)
    values (${slot("userId")}, ${big("firstStartedAt")}, ${big("firstLastAt")}, ${big("firstBreakUntil")}, ${now})
    on conflict (user_id) do update set
      session_started_at = case when ${capped} then null else ${started} end,
      session_last_at = case when ${capped} then null else ${now} end,
      break_until = case when ${capped} then ${now} + ${big("gapMs")} else wellbeing_people.break_until end,
      updated_at = ${now}`;
}

// PostgreSQL: both in one statement (a data-modifying WITH runs whether or not it is read).
const recordExposureStatements = {
  postgres: [
    new PreparedStatement<unknown, ExposureSlot>(
      (_db, slot, dialect) => sql`with exposure as (${addExposureSql(slot)}) ${advanceSessionSql(slot, dialect)}`,
    ),
  ],
  sqlite: [
    new PreparedStatement<unknown, ExposureSlot>((_db, slot) => addExposureSql(slot)),
    new PreparedStatement<unknown, ExposureSlot>((_db, slot, dialect) => advanceSessionSql(slot, dialect)),
  ],
};

/**
 * Counts one judged harmful item against the person's exposure of its day and advances their
 * session (`advanceSessionSql`), in the judgment's transaction: one statement on PostgreSQL, two
 * on SQLite (which has no data-modifying WITH). `first` is `advanceSession` from no session.
 */
export async function addExposureAndAdvanceSession(
  trx: Kysely<DB>,
  dialect: Dialect,
  exposure: {
    projectId: number;
    userId: number;
    day: number;
    category: HarmCategory;
    activeMs: number;
    now: number;
    session: SessionPolicy;
    first: WorkSession;
  },
): Promise<void> {
  const { session, first } = exposure;
  const values: Record<ExposureSlot, unknown> = {
    projectId: exposure.projectId,
    userId: exposure.userId,
    day: exposure.day,
    category: exposure.category,
    activeMs: exposure.activeMs,
    now: exposure.now,
    gapMs: session.breakMinutes * 60_000,
    capMs: session.capMinutes * 60_000,
    firstStartedAt: first.startedAt,
    firstLastAt: first.lastAt,
    firstBreakUntil: first.breakUntil,
  };
  for (const statement of recordExposureStatements[dialect]) await statement.run(trx, dialect, values);
}

/** What the lease needs of a person's exposure, from one read. */
export interface ExposureState {
  usage: ExposureUsage[];
  held: Partial<Record<HarmCategory, number>>;
  overrides: BudgetOverrides;
  breakUntil: number | null;
}

type ExposureRow = {
  kind: "usage" | "held" | "person";
  category: string | null;
  day: number | string;
  items: number | string;
  active_ms: number | string;
  budgets: string | null;
  break_until: number | string | null;
};

// No GROUP BY: the rows are few (a person's projects × days × categories, their held leases) and
// are summed in JS, which spares SQLite two temporary B-trees on every lease.
const exposureStateStatement = new PreparedStatement<ExposureRow, "userId" | "fromDay" | "toDay" | "now">(
  (_db, slot) => sql<ExposureRow>`
    select 'usage' as kind, category, day, items, active_ms, cast(null as text) as budgets, cast(null as bigint) as break_until
    from exposure_daily where user_id = ${slot("userId")} and day >= ${slot("fromDay")} and day <= ${slot("toDay")}
    union all
    select 'held', tasks.harm, 0, 1, 0, null, null
    from assignments join tasks on tasks.project_id = assignments.project_id and tasks.id = assignments.task_id
    where assignments.annotator_id = ${slot("userId")} and assignments.status = 'active'
      and assignments.expires_at > ${slot("now")} and tasks.harm is not null
    union all
    select 'person', null, 0, 0, 0, budgets, break_until from wellbeing_people where user_id = ${slot("userId")}`,
);

/**
 * One statement, three parts: the person's exposure by project, category and day since `fromDay`
 * (index `exposure_daily_user_day`), the harmful leases they hold unexpired in any project
 * (partial index `assignments_annotator_active`), and their wellbeing row (primary key). Compiled
 * once per dialect (`PreparedStatement`): it runs on every lease in a harmful project.
 */
export async function readExposureState(
  trx: Kysely<DB>,
  dialect: Dialect,
  query: { userId: number; fromDay: number; toDay: number; now: number },
): Promise<ExposureState> {
  const { rows } = await exposureStateStatement.run(trx, dialect, query);
  const state: ExposureState = { usage: [], held: {}, overrides: {}, breakUntil: null };
  for (const row of rows) {
    if (row.kind === "person") {
      state.overrides = JSON.parse(row.budgets ?? "{}") as BudgetOverrides;
      state.breakUntil = row.break_until === null ? null : Number(row.break_until);
    } else if (isHarmCategory(row.category)) {
      if (row.kind === "held") state.held[row.category] = (state.held[row.category] ?? 0) + 1;
      else
        state.usage.push({
          category: row.category,
          day: Number(row.day),
          items: Number(row.items),
          activeMs: Number(row.active_ms),
        });
    }
  }
  return state;
}

/** What a claim in a harmful project decides on: `readClaimState`'s standing and held leases, and `ExposureState`. */
export interface ClaimAndExposureState {
  standing: { status: string; statusReason: string | null; judgments: number };
  /** The annotator's unexpired active leases in the project, oldest first. */
  held: { id: number; taskId: number; createdAt: number; expiresAt: number }[];
  exposure: ExposureState;
}

type ClaimAndExposureRow = {
  kind: "held" | "standing" | "usage" | "person";
  id: number | null;
  project_id: number | null;
  task_id: number | null;
  created_at: number | null;
  expires_at: number | null;
  category: string | null;
  status: string | null;
  status_reason: string | null;
  judgments: number | null;
  day: number | null;
  items: number | null;
  active_ms: number | null;
  budgets: string | null;
  break_until: number | null;
};

// Each part fills its own columns, the others null (typed in the first part for PostgreSQL).
// Held leases are read once for both uses: this project's (the lease cap) and harmful ones in any
// project (the budgets).
const claimAndExposureStatement = new PreparedStatement<
  ClaimAndExposureRow,
  "projectId" | "userId" | "fromDay" | "toDay" | "now"
>(
  (_db, slot) => sql<ClaimAndExposureRow>`
    select 'held' as kind, held.id, held.project_id, held.task_id, held.created_at, held.expires_at,
      tasks.harm as category, cast(null as text) as status, cast(null as text) as status_reason,
      cast(null as bigint) as judgments, cast(null as bigint) as day, cast(null as bigint) as items,
      cast(null as bigint) as active_ms, cast(null as text) as budgets, cast(null as bigint) as break_until
    from assignments as held join tasks on tasks.project_id = held.project_id and tasks.id = held.task_id
    where held.annotator_id = ${slot("userId")} and held.status = 'active' and held.expires_at > ${slot("now")}
      and (held.project_id = ${slot("projectId")} or tasks.harm is not null)
    union all
    select 'standing', null, null, null, null, null, null, status, status_reason, judgments, null, null, null, null, null
    from annotator_quality where project_id = ${slot("projectId")} and annotator_id = ${slot("userId")}
    union all
    select 'usage', null, null, null, null, null, category, null, null, null, day, items, active_ms, null, null
    from exposure_daily where user_id = ${slot("userId")} and day >= ${slot("fromDay")} and day <= ${slot("toDay")}
    union all
    select 'person', null, null, null, null, null, null, null, null, null, null, null, null, budgets, break_until
    from wellbeing_people where user_id = ${slot("userId")}`,
);

/**
 * `readClaimState` and `readExposureState` in one statement, for a claim in a harmful project:
 * the claim costs no statement more than one in a project without harmful tasks.
 */
export async function readClaimAndExposureState(
  trx: Kysely<DB>,
  dialect: Dialect,
  query: { projectId: number; userId: number; fromDay: number; toDay: number; now: number },
): Promise<ClaimAndExposureState> {
  const { rows } = await claimAndExposureStatement.run(trx, dialect, query);
  const state: ClaimAndExposureState = {
    standing: { status: "ok", statusReason: null, judgments: 0 },
    held: [],
    exposure: { usage: [], held: {}, overrides: {}, breakUntil: null },
  };
  const { exposure } = state;
  for (const row of rows) {
    if (row.kind === "held") {
      if (Number(row.project_id) === query.projectId)
        state.held.push({
          id: Number(row.id),
          taskId: Number(row.task_id),
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
        });
      if (isHarmCategory(row.category)) exposure.held[row.category] = (exposure.held[row.category] ?? 0) + 1;
    } else if (row.kind === "standing") {
      state.standing = {
        status: row.status ?? "ok",
        statusReason: row.status_reason,
        judgments: Number(row.judgments ?? 0),
      };
    } else if (row.kind === "usage") {
      if (isHarmCategory(row.category))
        exposure.usage.push({
          category: row.category,
          day: Number(row.day),
          items: Number(row.items),
          activeMs: Number(row.active_ms),
        });
    } else {
      exposure.overrides = JSON.parse(row.budgets ?? "{}") as BudgetOverrides;
      exposure.breakUntil = row.break_until === null ? null : Number(row.break_until);
    }
  }
  if (state.held.length > 1) state.held.sort((a, b) => a.id - b.id);
  return state;
}

/** Stores a WHO-5 check-in. */
export async function insertCheckin(
  db: Kysely<DB>,
  checkin: { userId: number; answers: readonly number[]; score: number; now: number },
): Promise<void> {
  await db
    .insertInto("wellbeing_checkins")
    .values({
      user_id: checkin.userId,
      answers: JSON.stringify(checkin.answers),
      score: checkin.score,
      created_at: checkin.now,
    })
    .execute();
}

/** The caller's own check-ins, newest first (nobody else's: the caller passes their own id). */
export async function listOwnCheckins(db: Kysely<DB>, userId: number, limit = 20) {
  const rows = await db
    .selectFrom("wellbeing_checkins")
    .select(["score", "created_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ score: r.score, createdAt: r.created_at }));
}

/**
 * Each person's latest score since `since`, with the group they belong to (their vendor, or
 * "—" for none): the input of core's `aggregateCheckins`, which suppresses small groups.
 */
export async function latestCheckinScores(db: Kysely<DB>, since: number, vendors?: readonly string[]) {
  let query = db
    .selectFrom("wellbeing_checkins as c")
    .innerJoin("users", "users.id", "c.user_id")
    .select(["c.user_id", "c.score", "users.vendor"])
    .where("c.created_at", ">=", since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("wellbeing_checkins as later")
            .select(sql.lit(1).as("one"))
            .whereRef("later.user_id", "=", "c.user_id")
            .whereRef("later.created_at", ">", "c.created_at"),
        ),
      ),
    );
  if (vendors) query = query.where("users.vendor", "in", vendors.length > 0 ? [...vendors] : [""]);
  const rows = await query.execute();
  return rows.map((r) => ({ userId: r.user_id, group: r.vendor ?? "—", score: r.score }));
}
