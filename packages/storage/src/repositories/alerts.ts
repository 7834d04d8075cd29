import { type DatedText, isDatedText } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { AlertsTable } from "../schema-monitoring.js";

export interface Alert {
  id: number;
  /** Null for a budget's alert. */
  monitorId: number | null;
  /** A budget threshold's alert: the budget and the percentage of its amount reached. */
  budgetId: number | null;
  threshold: number | null;
  /** A risk register entry's alert: its key (kind, or kind:language). */
  risk: string | null;
  projectId: number | null;
  status: "open" | "resolved";
  value: number | null;
  expected: number | null;
  /** The sentence as written when raised (its days in the workspace's zone, in English). */
  message: string;
  /** The same sentence with its days as instants, to write for each reader; null when it has none (and for alerts raised before these were kept). */
  messageParts: DatedText | null;
  openedAt: number;
  /** When the open alert's sentence was last rewritten in place (its cause or figures moved); null while it reads as raised. */
  updatedAt: number | null;
  resolvedAt: number | null;
  acknowledgedBy: number | null;
  acknowledgedAt: number | null;
}

function readParts(json: string | null | undefined): DatedText | null {
  if (!json) return null;
  const parts: unknown = JSON.parse(json);
  return isDatedText(parts) ? parts : null;
}

export function toAlert(row: Selectable<AlertsTable>): Alert {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    budgetId: row.budget_id,
    threshold: row.threshold,
    risk: row.risk ?? null,
    projectId: row.project_id,
    status: row.status as Alert["status"],
    value: row.value,
    expected: row.expected,
    message: row.message,
    messageParts: readParts(row.message_parts),
    openedAt: row.opened_at,
    updatedAt: row.updated_at ?? null,
    resolvedAt: row.resolved_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
  };
}

/**
 * Opens the monitor's alert unless one is open already (a unique partial index keeps one open
 * alert per monitor, even when two evaluators race); returns it, or undefined when it was open.
 */
export async function openAlert(
  db: Kysely<DB>,
  alert: {
    monitorId: number;
    projectId: number | null;
    value: number | null;
    expected: number | null;
    message: string;
    now: number;
  },
): Promise<Alert | undefined> {
  return insertOpenAlert(db, { monitor_id: alert.monitorId }, alert);
}

/** Inserts an open alert of a monitor or a budget unless its unique index already holds one. */
async function insertOpenAlert(
  db: Kysely<DB>,
  source:
    | { monitor_id: number }
    | { monitor_id: null; budget_id: number; threshold: number }
    | { monitor_id: null; risk: string },
  alert: {
    projectId: number | null;
    value: number | null;
    expected: number | null;
    message: string;
    messageParts?: DatedText | null;
    now: number;
  },
): Promise<Alert | undefined> {
  const row = await db
    .insertInto("alerts")
    .values({
      ...source,
      project_id: alert.projectId,
      status: "open",
      value: alert.value,
      expected: alert.expected,
      message: alert.message,
      message_parts: alert.messageParts ? JSON.stringify(alert.messageParts) : null,
      opened_at: alert.now,
      resolved_at: null,
      acknowledged_by: null,
      acknowledged_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toAlert(row);
}

/**
 * Rewrites an open alert's sentence in place and records when, if it still reads `replacing`;
 * undefined when it was not open (resolved meanwhile) or was rewritten already (a racing
 * evaluator did it: told once). It stays the same alert: same id, opening time and acknowledgement.
 */
export async function rewordOpenAlert(
  db: Kysely<DB>,
  id: number,
  sentence: { replacing: string; message: string; messageParts: DatedText | null; now: number },
): Promise<Alert | undefined> {
  const row = await db
    .updateTable("alerts")
    .set({
      message: sentence.message,
      message_parts: sentence.messageParts ? JSON.stringify(sentence.messageParts) : null,
      updated_at: sentence.now,
    })
    .where("id", "=", id)
    .where("status", "=", "open")
    .where("message", "=", sentence.replacing)
    .returningAll()
    .executeTakeFirst();
  return row && toAlert(row);
}

/** Closes an open alert; undefined when it was not open (someone else closed it). */
export async function resolveAlert(db: Kysely<DB>, id: number, now: number): Promise<Alert | undefined> {
  const row = await db
    .updateTable("alerts")
    .set({ status: "resolved", resolved_at: now })
    .where("id", "=", id)
    .where("status", "=", "open")
    .returningAll()
    .executeTakeFirst();
  return row && toAlert(row);
}

/** The open alert of each monitor that has one. */
export async function openAlertsByMonitor(db: Kysely<DB>): Promise<Map<number, Alert>> {
  const rows = await db
    .selectFrom("alerts")
    .selectAll()
    .where("status", "=", "open")
    .where("monitor_id", "is not", null)
    .execute();
  return new Map(rows.map((row) => [row.monitor_id!, toAlert(row)]));
}

/** The inbox, newest first, with the monitor's name; `before` pages by id. */
export async function listAlerts(
  db: Kysely<DB>,
  filter: { status?: "open" | "resolved"; projectId?: number; before?: number; limit: number },
) {
  let query = db
    .selectFrom("alerts")
    .leftJoin("monitors", "monitors.id", "alerts.monitor_id")
    .selectAll("alerts")
    .select(["monitors.name as monitor_name", "monitors.metric as metric"])
    .orderBy("alerts.id", "desc")
    .limit(filter.limit);
  if (filter.status) query = query.where("alerts.status", "=", filter.status);
  if (filter.projectId !== undefined) query = query.where("alerts.project_id", "=", filter.projectId);
  if (filter.before !== undefined) query = query.where("alerts.id", "<", filter.before);
  const rows = await query.execute();
  return rows.map((row) => ({ ...toAlert(row), monitorName: row.monitor_name, metric: row.metric }));
}

export async function getAlert(db: Kysely<DB>, id: number): Promise<Alert | undefined> {
  const row = await db.selectFrom("alerts").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toAlert(row);
}

/** Marks an alert seen by a person (it stays open until its condition clears). */
export async function acknowledgeAlert(
  db: Kysely<DB>,
  id: number,
  userId: number,
  now: number,
): Promise<Alert | undefined> {
  const row = await db
    .updateTable("alerts")
    .set({ acknowledged_by: userId, acknowledged_at: now })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row && toAlert(row);
}

/**
 * Raises a budget's alert for one threshold unless it was raised before (a unique index on
 * budget and threshold: two evaluators racing raise it once); returns it, or undefined when it
 * existed already. It stays open until someone acknowledges it or the budget's period ends.
 */
export async function openBudgetAlert(
  db: Kysely<DB>,
  alert: {
    budgetId: number;
    threshold: number;
    projectId: number | null;
    value: number;
    expected: number;
    message: string;
    messageParts: DatedText | null;
    now: number;
  },
): Promise<Alert | undefined> {
  return insertOpenAlert(db, { monitor_id: null, budget_id: alert.budgetId, threshold: alert.threshold }, alert);
}

/**
 * Opens a risk register alert of a project unless one with the same risk key is open (a unique
 * partial index on project and risk); returns it, or undefined when it was open already.
 */
export async function openRiskAlert(
  db: Kysely<DB>,
  alert: {
    projectId: number;
    risk: string;
    value: number | null;
    expected: number | null;
    message: string;
    messageParts: DatedText | null;
    now: number;
  },
): Promise<Alert | undefined> {
  return insertOpenAlert(db, { monitor_id: null, risk: alert.risk }, alert);
}

/** The open risk alerts of a project, by risk key. */
export async function openRiskAlerts(db: Kysely<DB>, projectId: number): Promise<Map<string, Alert>> {
  const rows = await db
    .selectFrom("alerts")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("status", "=", "open")
    .where("risk", "is not", null)
    .execute();
  return new Map(rows.map((row) => [row.risk!, toAlert(row)]));
}
