import { randomUUID } from "node:crypto";
import {
  acquireWorkerLease,
  type Database,
  type EvaluationSummary,
  evaluateBudgets,
  evaluateMonitors,
  evaluateRiskAlerts,
  newMonitorMemory,
  type RaisedAlert,
  recordPauseEvents,
  releaseWorkerLease,
} from "@quorum/storage";
import type { Mailer } from "./mailer.js";
import { sendDueWebhooks } from "./send-webhooks.js";

export interface MonitoringOptions {
  database: Database;
  now: () => number;
  log: (line: string) => void;
  /** Alerts are also e-mailed to each monitor's addresses when given (QUORUM_SMTP_URL). */
  mailer?: Mailer | undefined;
  /** Between evaluations of every monitor (default 30 s). */
  evaluateEveryMs?: number;
  /** Between evaluations of the projects' risk registers (default five monitor evaluations): they move slowly. */
  riskEveryMs?: number;
  /** Between rounds of webhook deliveries (default 1 s). */
  deliverEveryMs?: number;
  /** This process's name in the evaluator lease (default: random). */
  holder?: string;
  random?: () => number;
}

const LEASE = "monitor-evaluator";
/** How far back the first pause scan of a new evaluator looks. */
const PAUSE_LOOKBACK_MS = 10 * 60_000;

/**
 * The server process's background work for monitors and webhooks: every `evaluateEveryMs` the
 * process holding the evaluator lease (one at a time across processes sharing a PostgreSQL
 * database) evaluates the monitors, records pause events and e-mails new alerts; every
 * `deliverEveryMs` each process sends the webhook deliveries that are due (claims never overlap).
 * `evaluateOnce`/`deliverOnce` run one round now (tests, and the loops themselves).
 */
export function createMonitoringWorker(options: MonitoringOptions) {
  const { database, now, log } = options;
  const evaluateEveryMs = options.evaluateEveryMs ?? 30_000;
  const deliverEveryMs = options.deliverEveryMs ?? 1_000;
  const holder = options.holder ?? randomUUID();
  const memory = newMonitorMemory();
  let pausesScannedAt: number | undefined;
  const riskEveryMs = options.riskEveryMs ?? 5 * evaluateEveryMs;
  let risksEvaluatedAt: number | undefined;
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;

  async function evaluateOnce(): Promise<EvaluationSummary | undefined> {
    const at = now();
    const leader = await acquireWorkerLease(database.db, { name: LEASE, holder, now: at, ttlMs: evaluateEveryMs * 3 });
    if (!leader) return undefined;
    const summary = await evaluateMonitors(database, { now: at, memory });
    // Budgets on the same schedule: one indexed sum per budget in force, instead of a check per ledger write.
    const budgetAlerts = await evaluateBudgets(database, { now: at });
    for (const alert of budgetAlerts) log(`budget alert: ${alert.message}`);
    // The risk registers, less often: a few roll-up reads per active project.
    if (risksEvaluatedAt === undefined || at - risksEvaluatedAt >= riskEveryMs) {
      risksEvaluatedAt = at;
      const risks = await evaluateRiskAlerts(database, { now: at });
      for (const alert of risks.raised) log(`risk alert: ${alert.message}`);
    }
    const since = (pausesScannedAt ?? at - PAUSE_LOOKBACK_MS) - 60_000;
    await recordPauseEvents(database.db, { since, now: at });
    pausesScannedAt = at;
    await Promise.all(summary.raised.map(mailAlert));
    return summary;
  }

  async function mailAlert({ monitor, data }: RaisedAlert): Promise<void> {
    if (!options.mailer || monitor.emails.length === 0) return;
    try {
      await options.mailer.send({
        to: monitor.emails,
        subject: `[Quorum] Alert: ${monitor.name}`,
        text: `${data.message}\n\nOpened at ${data.openedAt}. The alert stays open until the condition clears.\n`,
      });
    } catch (error) {
      log(`alert e-mail for monitor ${monitor.id} failed: ${(error as Error).message}`);
    }
  }

  const deliverOnce = () => sendDueWebhooks(database, { now, ...(options.random ? { random: options.random } : {}) });

  /** Runs `round` every `everyMs`, never two at once, logging failures (a database blip must not stop the loop). */
  function loop(name: string, everyMs: number, round: () => Promise<unknown>) {
    const tick = () => {
      if (stopped) return;
      const round$ = round()
        .catch((error: Error) => log(`${name} failed: ${error.message}`))
        .finally(() => {
          inFlight.delete(round$);
          if (!stopped) timers.push(setTimeout(tick, everyMs).unref());
        });
      inFlight.add(round$);
    };
    timers.push(setTimeout(tick, everyMs).unref());
  }

  return {
    evaluateOnce,
    deliverOnce,
    start() {
      loop("monitor evaluation", evaluateEveryMs, evaluateOnce);
      loop("webhook delivery", deliverEveryMs, deliverOnce);
    },
    /** Stops the loops, waits for the round in progress and hands the evaluator lease on. */
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(inFlight);
      await releaseWorkerLease(database.db, LEASE, holder).catch(() => {});
      options.mailer?.close();
    },
  };
}

export type MonitoringWorker = ReturnType<typeof createMonitoringWorker>;
