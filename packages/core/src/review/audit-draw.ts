import { DomainError } from "../errors.js";
import type { Random } from "../quality/random.js";
import { type AuditSizeOptions, auditSampleSize } from "./audit-sample-size.js";
import { createReservoir } from "./reservoir-sample.js";

/** The outcome of an audit draw once every done task was offered. */
export interface AuditDraw {
  /** Tasks offered: the done tasks of the project or batch. */
  population: number;
  /** The sample size for ±margin at the confidence, corrected for the population. */
  sampleSize: number;
  /**
   * Up to the unbounded sample size of task ids in uniformly random order: take them in order,
   * the first `sampleSize` if all can be reviewed, later ones as spares for those that cannot.
   */
  candidates: number[];
}

/**
 * An audit's sample drawn in one pass over the done task ids (reservoir sampling, so memory holds
 * at most the unbounded sample size, never the population). `finish` throws `nothing_to_audit`
 * when no task was offered; `scope` names the field the error points at.
 */
export function startAuditDraw(
  options: AuditSizeOptions & { scope: "project" | "batchId" },
  random: Random,
): { offer(taskId: number): void; finish(): AuditDraw } {
  const size = auditSampleSize(options);
  const reservoir = createReservoir<number>(size.unbounded, random);
  return {
    offer: (taskId) => reservoir.offer(taskId),
    finish() {
      const population = reservoir.seen;
      if (population === 0)
        throw new DomainError("nothing_to_audit", "There are no done tasks to audit here yet", [
          { path: options.scope, message: "no done tasks" },
        ]);
      return { population, sampleSize: size.forPopulation(population), candidates: reservoir.drain() };
    },
  };
}
