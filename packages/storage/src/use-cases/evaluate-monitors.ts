import { setImmediate as nextMacrotask } from "node:timers/promises";
import {
  type ActivityMetric,
  type AlertEventData,
  activitySegments,
  alertTransition,
  type ConditionOutcome,
  dailyEvaluationDue,
  describeOutcome,
  evaluateCondition,
  evaluationWindows,
  findMetric,
  type MetricDefinition,
  NO_ACTIVITY,
  type RollupSample,
  sumOver,
  type TaskCounts,
} from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import { type Alert, openAlert, openAlertsByMonitor, resolveAlert } from "../repositories/alerts.js";
import { activityByHour, taskCountsBy } from "../repositories/metric-rollups.js";
import { listMonitors, type Monitor, markMonitorsEvaluated } from "../repositories/monitors.js";
import type { DB } from "../schema.js";
import { recordEvent } from "./record-event.js";

const HOUR = 3_600_000;
/** Samples older than this no longer refine any window worth refining. */
const SAMPLE_RETENTION_MS = 6 * HOUR;

/**
 * What the evaluator remembers between ticks: per activity scope, what the roll-up of the
 * current hour held at each tick. The hourly roll-up alone cannot tell a drop within a minute;
 * its growth between two ticks can (see core's `activitySegments`). Lost on restart: the first
 * tick after one falls back on pro-rated hours.
 */
export interface MonitorMemory {
  samples: Map<string, RollupSample[]>;
}

export function newMonitorMemory(): MonitorMemory {
  return { samples: new Map() };
}

export interface RaisedAlert {
  alert: Alert;
  monitor: Monitor;
  data: AlertEventData;
}

export interface EvaluationSummary {
  evaluated: number;
  raised: RaisedAlert[];
  resolved: Alert[];
}

interface Evaluation {
  monitor: Monitor;
  metric: MetricDefinition;
  outcome: ConditionOutcome;
}

/**
 * One evaluation tick: every enabled realtime monitor, and the daily monitors due today, are
 * measured (activity monitors from the hourly roll-up refined by the remembered samples, task
 * monitors from task counts; each distinct scope is read once however many monitors share it),
 * then alerts are raised or resolved with their events in one transaction. The caller makes sure
 * one process evaluates at a time (a worker lease); the open-alert index makes a race harmless.
 */
export async function evaluateMonitors(
  database: Database,
  options: { now: number; memory: MonitorMemory },
): Promise<EvaluationSummary> {
  const { db } = database;
  const { now, memory } = options;
  const monitors = (await listMonitors(db, { enabledOnly: true })).filter(
    (m) => m.schedule === "realtime" || dailyEvaluationDue(m.lastEvaluatedAt, now),
  );
  const evaluations: Evaluation[] = [];
  const byActivityScope = new Map<string, { monitor: Monitor; metric: ActivityMetric }[]>();
  const byTaskScope = new Map<string, Monitor[]>();
  for (const monitor of monitors) {
    const metric = findMetric(monitor.metric);
    if (!metric) continue;
    const { projectId, vendor, language } = monitor.scope;
    if (metric.source === "activity") {
      const key = `${projectId ?? "*"}|${vendor ?? "*"}`;
      byActivityScope.set(key, [...(byActivityScope.get(key) ?? []), { monitor, metric }]);
    } else {
      const key = `${projectId ?? "*"}|${language ?? "*"}`;
      byTaskScope.set(key, [...(byTaskScope.get(key) ?? []), monitor]);
    }
  }

  const currentHour = Math.floor(now / HOUR) * HOUR;
  for (const [key, group] of byActivityScope) {
    // SQLite answers synchronously: let waiting requests in between scopes, so a tick of a
    // thousand rules is many short pauses of the event loop rather than one long one.
    await nextMacrotask();
    const first = group[0]!.monitor.scope;
    const windows = group.map(({ monitor }) => evaluationWindows(monitor, now));
    const earliest = Math.min(...windows.flatMap((w) => [w.current.from, ...w.baseline.map((b) => b.from)]));
    const hourly = await activityByHour(
      db,
      { projectId: first.projectId, vendor: first.vendor },
      Math.floor(earliest / HOUR) * HOUR,
      currentHour + HOUR,
    );
    const samples = memory.samples.get(key) ?? [];
    const segments = activitySegments(hourly, samples, now);
    group.forEach(({ monitor, metric }, i) => {
      const { current, baseline } = windows[i]!;
      const value = (w: { from: number; to: number }) => metric.value(sumOver(segments, w.from, w.to), w.to - w.from);
      evaluations.push({
        monitor,
        metric,
        outcome: evaluateCondition(monitor.condition, value(current), baseline.map(value)),
      });
    });
    const sums = hourly.find((h) => h.hour === currentHour)?.sums ?? NO_ACTIVITY;
    memory.samples.set(key, [
      ...samples.filter((s) => s.at >= now - SAMPLE_RETENTION_MS && s.at < now),
      { at: now, hour: currentHour, sums },
    ]);
  }
  for (const group of byTaskScope.values()) {
    await nextMacrotask();
    const { projectId, language } = group[0]!.scope;
    const [row] = await taskCountsBy(db, { projectId, language }, "none");
    const counts: TaskCounts = row?.counts ?? { open: 0, full: 0, done: 0 };
    for (const monitor of group) {
      const metric = findMetric(monitor.metric)!;
      const value = metric.source === "tasks" ? metric.value(counts) : null;
      evaluations.push({ monitor, metric, outcome: evaluateCondition(monitor.condition, value, []) });
    }
  }

  const open = await openAlertsByMonitor(db);
  const summary: EvaluationSummary = { evaluated: evaluations.length, raised: [], resolved: [] };
  const changes = evaluations
    .map((e) => ({ ...e, transition: alertTransition(e.outcome.status, open.has(e.monitor.id)) }))
    .filter((e) => e.transition !== "none");
  if (changes.length > 0)
    await db.transaction().execute(async (trx) => {
      for (const change of changes) {
        if (change.transition === "raise") {
          const raised = await raiseAlert(trx, change, now);
          if (raised) summary.raised.push(raised);
        } else {
          const alert = open.get(change.monitor.id)!;
          const resolved = await resolveAlert(trx, alert.id, now);
          if (!resolved) continue;
          summary.resolved.push(resolved);
          await recordEvent(trx, {
            type: "alert.resolved",
            projectId: resolved.projectId,
            data: alertData(change.monitor, resolved),
            now,
          });
        }
      }
    });
  await markMonitorsEvaluated(
    db,
    monitors.filter((m) => m.schedule === "daily").map((m) => m.id),
    now,
  );
  return summary;
}

async function raiseAlert(trx: Kysely<DB>, evaluation: Evaluation, now: number): Promise<RaisedAlert | undefined> {
  const { monitor, metric, outcome } = evaluation;
  const alert = await openAlert(trx, {
    monitorId: monitor.id,
    projectId: monitor.scope.projectId,
    value: outcome.value,
    expected: outcome.expected,
    message: `${monitor.name}: ${describeOutcome(metric, monitor.condition, outcome)}`,
    now,
  });
  if (!alert) return undefined;
  const data = alertData(monitor, alert);
  await recordEvent(trx, { type: "alert.raised", projectId: alert.projectId, data, now });
  return { alert, monitor, data };
}

function alertData(monitor: Monitor, alert: Alert): AlertEventData {
  return {
    alertId: alert.id,
    monitorId: monitor.id,
    risk: null,
    monitorName: monitor.name,
    metric: monitor.metric,
    scope: monitor.scope,
    value: alert.value,
    expected: alert.expected,
    message: alert.message,
    openedAt: new Date(alert.openedAt).toISOString(),
    resolvedAt: alert.resolvedAt === null ? null : new Date(alert.resolvedAt).toISOString(),
  };
}
