import { randomUUID } from "node:crypto";
import {
  acquireWorkerLease,
  advanceOverlapPolicyChange,
  type Database,
  releaseWorkerLease,
  runningOverlapPolicyChanges,
} from "@quorum/storage";

export interface OverlapPolicyWorkerOptions {
  database: Database;
  now: () => number;
  log: (line: string) => void;
  /** Between looks for running changes when there was nothing to do (default 1 s). */
  everyMs?: number;
  /** How long one round may spend on one project before it turns to the next (default 2 s). */
  roundMs?: number;
  /** Tasks a batch (default storage's `POLICY_CHANGE_BATCH`). */
  batchSize?: number;
  /** This process's name in the projects' leases (default: random). */
  holder?: string;
  random?: () => number;
}

/** A project's lease lasts this long unless renewed: a process that died hands its projects on after it. */
const LEASE_MS = 30_000;
const leaseName = (projectId: number) => `overlap-policy-change:${projectId}`;

/**
 * The server's background work that applies changed overlap policies (`advanceOverlapPolicyChange`):
 * each round takes every running change whose project lease it wins (one process a project at a
 * time across processes sharing a PostgreSQL database) and applies batches to it for up to
 * `roundMs`; while work is left the next round follows at once. Each batch commits with its
 * cursor, so a stop or crash resumes where it stopped. `runOnce` runs one round now (tests, and
 * the loop itself).
 */
export function createOverlapPolicyWorker(options: OverlapPolicyWorkerOptions) {
  const { database, now, log } = options;
  const everyMs = options.everyMs ?? 1000;
  const roundMs = options.roundMs ?? 2000;
  const holder = options.holder ?? randomUUID();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round$: Promise<unknown> | undefined;
  /** Projects whose lease this process holds with work left: handed on at a clean stop. */
  const held = new Set<number>();

  /** One round; returns the batches applied and whether any change is still running here. */
  async function runOnce(): Promise<{ batches: number; running: boolean }> {
    let batches = 0;
    let running = false;
    for (const projectId of await runningOverlapPolicyChanges(database.db)) {
      if (stopped) break;
      const lease = { name: leaseName(projectId), holder, now: now(), ttlMs: LEASE_MS };
      if (!(await acquireWorkerLease(database.db, lease))) continue;
      const started = performance.now();
      for (;;) {
        const change = await advanceOverlapPolicyChange(database, {
          projectId,
          now: now(),
          ...(options.random ? { random: options.random } : {}),
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        });
        batches++;
        if (change?.state !== "running") {
          if (change)
            log(`overlap policy of project ${projectId} applied: ${change.settled} of ${change.checked} tasks settled`);
          await releaseWorkerLease(database.db, lease.name, holder);
          held.delete(projectId);
          break;
        }
        if (stopped || performance.now() - started >= roundMs) {
          held.add(projectId);
          running = true;
          break;
        }
      }
    }
    return { batches, running };
  }

  function tick() {
    if (stopped) return;
    round$ = runOnce()
      .then(({ running }) => running)
      .catch((error: Error) => {
        log(`overlap policy change failed: ${error.message}`);
        return false;
      })
      .then((running) => {
        round$ = undefined;
        if (!stopped) timer = setTimeout(tick, running ? 0 : everyMs).unref();
      });
  }

  return {
    runOnce,
    start() {
      timer = setTimeout(tick, everyMs).unref();
    },
    /** Stops after the batch in progress (committed: the next process resumes after it) and hands the leases on. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round$;
      for (const projectId of held) await releaseWorkerLease(database.db, leaseName(projectId), holder).catch(() => {});
    },
  };
}

export type OverlapPolicyWorker = ReturnType<typeof createOverlapPolicyWorker>;
