import {
  type AlertEventData,
  daySlot,
  type ExposureSignal,
  type Project,
  type RiskEntry,
  storedSentence,
} from "@quorum/core";
import type { Transaction } from "kysely";
import type { Database } from "../database.js";
import { type Alert, openRiskAlert, openRiskAlerts, resolveAlert, rewordOpenAlert } from "../repositories/alerts.js";
import { writeDeliveryStatus } from "../repositories/project-delivery-status.js";
import { listProjects } from "../repositories/projects.js";
import { workspaceTimeZone } from "../repositories/workspace-settings.js";
import type { DB } from "../schema.js";
import { deliveryStatusOf, readProjectForecast } from "./read-project-forecast.js";
import { recordEvent } from "./record-event.js";

/** The alert key of a risk: its kind, and its language when it has one ("pool_too_small:de"). */
export function riskKey(entry: Pick<RiskEntry, "kind" | "language">): string {
  return entry.language ? `${entry.kind}:${entry.language}` : entry.kind;
}

const TITLES: Record<RiskEntry["kind"], string> = {
  deadline_at_risk: "Deadline at risk",
  quality_falling: "Quality falling",
  budget_overrun: "Budget overrun",
  pool_too_small: "Pool too small",
  review_backlog_growing: "Review backlog growing",
  exposure_cap_binding: "Exposure caps binding",
};

function riskData(project: Project, key: string, title: string, alert: Alert): AlertEventData {
  return {
    alertId: alert.id,
    monitorId: null,
    risk: key,
    monitorName: title,
    metric: "risk_register",
    scope: { projectId: project.id, vendor: null, language: key.split(":")[1] ?? null },
    value: alert.value,
    expected: alert.expected,
    message: alert.message,
    ...(alert.messageParts ? { messageParts: alert.messageParts } : {}),
    openedAt: new Date(alert.openedAt).toISOString(),
    updatedAt: alert.updatedAt === null ? null : new Date(alert.updatedAt).toISOString(),
    resolvedAt: alert.resolvedAt === null ? null : new Date(alert.resolvedAt).toISOString(),
  };
}

function titleOf(entry: Pick<RiskEntry, "kind" | "language">): string {
  return `${TITLES[entry.kind]}${entry.language ? ` (${entry.language})` : ""}`;
}

/** The alert's sentence of a register entry: its days kept as instants, written in the workspace's zone in English. */
function riskSentence(project: Project, entry: RiskEntry, timeZone: string, now: number) {
  return storedSentence(
    `${project.name}: ${titleOf(entry)}. ${entry.driver} ${entry.action}`.trim(),
    { timeZone, locale: "en" },
    now,
  );
}

export interface RiskAlertChanges {
  raised: Alert[];
  /** Open alerts whose sentence was rewritten in place: their cause or figures moved. */
  updated: Alert[];
  resolved: Alert[];
}

/**
 * Brings the risk alerts of one project in line with its risk register: an alert opens for each
 * entry without an open alert of its key (deduplicated by a unique index, so racing evaluators
 * raise it once), an open alert whose entry now reads otherwise (its cause, e.g. slow pace become
 * a pool too small, or its figures or dates moved) is rewritten in place with `updated_at` and an
 * `alert.updated` event (not `alert.raised`: subscribers to raised alerts are not told twice),
 * and the open alerts of entries gone are resolved, each with its event for webhooks and the
 * console's live stream, in one transaction. The register's sentences are to be composed with
 * `daySlot` (see `evaluateRiskAlerts`): the alert keeps their days as instants and its text writes
 * them in the workspace's zone, in English; that text is what is compared.
 */
export async function syncProjectRiskAlerts(
  database: Database,
  project: Project,
  risks: readonly RiskEntry[],
  now: number,
): Promise<RiskAlertChanges> {
  const changes: RiskAlertChanges = { raised: [], updated: [], resolved: [] };
  const wanted = new Map(risks.map((entry) => [riskKey(entry), entry]));
  const open = await openRiskAlerts(database.db, project.id);
  const toResolve = [...open].filter(([key]) => !wanted.has(key));
  if (wanted.size === 0 && toResolve.length === 0) return changes;
  const timeZone = await workspaceTimeZone(database.db);
  const sentences = [...wanted].map(([key, entry]) => ({
    key,
    entry,
    alert: open.get(key),
    sentence: riskSentence(project, entry, timeZone, now),
  }));
  const toRaise = sentences.filter(({ alert }) => alert === undefined);
  const toReword = sentences.flatMap(({ alert, ...rest }) =>
    alert && alert.message !== rest.sentence.message ? [{ alert, ...rest }] : [],
  );
  if (toRaise.length === 0 && toReword.length === 0 && toResolve.length === 0) return changes;
  await database.db.transaction().execute(async (trx) => {
    for (const { key, entry, sentence } of toRaise) {
      const alert = await openRiskAlert(trx, {
        projectId: project.id,
        risk: key,
        value: null,
        expected: null,
        ...sentence,
        now,
      });
      if (!alert) continue;
      changes.raised.push(alert);
      await recordEvent(trx, {
        type: "alert.raised",
        projectId: project.id,
        data: riskData(project, key, titleOf(entry), alert),
        now,
      });
    }
    for (const { key, entry, alert, sentence } of toReword) {
      const reworded = await rewordOpenAlert(trx, alert.id, { ...sentence, replacing: alert.message, now });
      if (!reworded) continue;
      changes.updated.push(reworded);
      await recordEvent(trx, {
        type: "alert.updated",
        projectId: project.id,
        data: riskData(project, key, titleOf(entry), reworded),
        now,
      });
    }
    changes.resolved.push(...(await resolveRiskAlerts(trx, project, toResolve, now)));
  });
  return changes;
}

/**
 * Evaluates the risk register of every active project, syncs its alerts and keeps its delivery
 * verdict for the projects list (run on the monitor schedule: each project's register is a few
 * roll-up reads). `exposure` is the exposure
 * module's hook, per project.
 */
export async function evaluateRiskAlerts(
  database: Database,
  options: {
    now: number;
    exposure?: (projectId: number) => Promise<readonly ExposureSignal[]>;
    /** Only these projects (default: every active one). */
    projectIds?: readonly number[];
  },
): Promise<RiskAlertChanges> {
  const changes: RiskAlertChanges = { raised: [], updated: [], resolved: [] };
  const only = options.projectIds ? new Set(options.projectIds) : null;
  if (only?.size === 0) return changes;
  for (const project of await listProjects(database.db)) {
    if (project.status !== "active" || (only && !only.has(project.id))) continue;
    const exposure = options.exposure ? await options.exposure(project.id) : undefined;
    const forecast = await readProjectForecast(database.db, project, {
      now: options.now,
      includeBudgets: true,
      ...(exposure ? { exposure } : {}),
      // Alerts are read by many, each in their own zone: their days stay instants until read.
      writeDay: daySlot,
    });
    // The projects list shows this verdict instead of forecasting every project it lists.
    await writeDeliveryStatus(database.db, deliveryStatusOf(forecast));
    const result = await syncProjectRiskAlerts(database, project, forecast.risks, options.now);
    changes.raised.push(...result.raised);
    changes.updated.push(...result.updated);
    changes.resolved.push(...result.resolved);
  }
  return changes;
}

/** The projects with an open `pool_too_small` alert (of any language). */
async function projectsWithOpenPoolAlerts(database: Database): Promise<number[]> {
  const rows = await database.db
    .selectFrom("alerts")
    .select("project_id")
    .distinct()
    .where("status", "=", "open")
    .where((eb) => eb.or([eb("risk", "=", "pool_too_small"), eb("risk", "like", "pool_too_small:%")]))
    .execute();
  return rows.map((row) => row.project_id).filter((id): id is number => id !== null);
}

/**
 * Re-evaluates, now, the risk registers of the projects with an open `pool_too_small` alert (as
 * the monitor schedule would at its next round): for the moment the pool may have grown, e.g. an
 * invitee set their password and can work. Their alerts resolve with their `alert.resolved`
 * events when the cause has gone; the rest of each register is brought in line as the schedule does.
 */
export async function reevaluatePoolAlerts(database: Database, now: number): Promise<RiskAlertChanges> {
  return evaluateRiskAlerts(database, { now, projectIds: await projectsWithOpenPoolAlerts(database) });
}

/**
 * Resolves the open risk alerts of `kinds` whose risk is not in `risks` (a register just read, e.g.
 * for a page), each with its `alert.resolved` event; raises nothing: a register read for a reader
 * writes its days for them, while alerts keep theirs as instants (`evaluateRiskAlerts` raises).
 * Only kinds the reader's register judges in full belong in `kinds` (budget risks are left out of
 * the register for people who may not see money, so their absence there proves nothing).
 */
export async function resolveGoneRiskAlerts(
  database: Database,
  project: Project,
  risks: readonly RiskEntry[],
  kinds: readonly RiskEntry["kind"][],
  now: number,
): Promise<Alert[]> {
  const present = new Set(risks.map(riskKey));
  const open = await openRiskAlerts(database.db, project.id);
  const gone = [...open].filter(([key]) => kinds.includes(key.split(":")[0] as RiskEntry["kind"]) && !present.has(key));
  if (gone.length === 0) return [];
  return database.db.transaction().execute((trx) => resolveRiskAlerts(trx, project, gone, now));
}

/** Resolves the open risk alerts `open` (by their risk key), each with its `alert.resolved` event. */
async function resolveRiskAlerts(
  trx: Transaction<DB>,
  project: Project,
  open: readonly (readonly [string, Alert])[],
  now: number,
): Promise<Alert[]> {
  const resolved: Alert[] = [];
  for (const [key, alert] of open) {
    const closed = await resolveAlert(trx, alert.id, now);
    if (!closed) continue;
    resolved.push(closed);
    const kind = key.split(":")[0] as RiskEntry["kind"];
    await recordEvent(trx, {
      type: "alert.resolved",
      projectId: project.id,
      data: riskData(project, key, TITLES[kind] ?? kind, closed),
      now,
    });
  }
  return resolved;
}
