import { countOf } from "../count-of.js";
import type { LanguagePool } from "./risk-register.js";

/**
 * What stops a project from ever finishing, whatever its pace: a language (or the whole project,
 * when it asks for none) whose open tasks each need more judgments from different annotators than
 * there are annotators eligible for them, none at all included. Those tasks stay open for good,
 * so no finish date of the backlog they belong to is true until the pool grows.
 */
export interface DeliveryBlock {
  kind: "pool_too_small";
  /** The starved languages, in the project's order; [""] for a project without languages. */
  languages: string[];
  /**
   * `all`: every language with open tasks is starved, so no part of the backlog can finish;
   * `part`: other languages can still finish their tasks (see `ProjectRisk.blocked.finishable`).
   */
  scope: "all" | "part";
  /** The judgments each task needs from different annotators. */
  judgmentsPerTask: number;
  /** Per starved language, the eligible annotators and how many more it needs at least. */
  pools: { language: string; openTasks: number; eligiblePeople: number; missingPeople: number }[];
  /** Why there is no finish date, in a sentence. */
  driver: string;
  /** What to do, in a sentence. */
  action: string;
}

/** Whether no open task of the pool can finish: fewer eligible people than judgments per task. */
export function isStarved(pool: LanguagePool, judgmentsPerTask: number): boolean {
  return pool.openTasks > 0 && pool.eligiblePeople < Math.max(1, judgmentsPerTask);
}

function list(languages: readonly string[]): string {
  if (languages.length <= 1) return languages[0] ?? "";
  return `${languages.slice(0, -1).join(", ")} and ${languages.at(-1)}`;
}

/**
 * The block on a project's delivery from its language pools (`readLanguagePools`), or null when
 * every language with open tasks has at least `judgmentsPerTask` eligible annotators (fixed
 * overlap, or dynamic overlap's minimum: a task needs that many different people to finish).
 * The same rule as the risk register's `pool_too_small` entries.
 */
export function deliveryBlock(pools: readonly LanguagePool[], judgmentsPerTask: number): DeliveryBlock | null {
  const needed = Math.max(1, judgmentsPerTask);
  const starved = pools.filter((pool) => isStarved(pool, needed));
  if (starved.length === 0) return null;
  const working = pools.filter((pool) => pool.openTasks > 0 && !isStarved(pool, needed));
  const scope = working.length === 0 ? "all" : "part";
  const languages = starved.map((pool) => pool.language);
  const named = languages.filter((language) => language !== "");
  const tasksOf = named.length > 0 ? `${list(named)} tasks` : "tasks";
  const missing = starved.map((pool) => ({
    language: pool.language,
    openTasks: pool.openTasks,
    eligiblePeople: pool.eligiblePeople,
    missingPeople: needed - pool.eligiblePeople,
  }));
  const asks = missing
    .map((m) =>
      countOf(
        m.missingPeople,
        `more ${m.language ? `${m.language} ` : ""}annotator`,
        `more ${m.language ? `${m.language} ` : ""}annotators`,
      ),
    )
    .join(" and ");
  const driver =
    scope === "all"
      ? `No finish date: each task needs ${needed} judgments from different annotators and too few eligible annotators work on the ${tasksOf}, so none can finish.`
      : `No finish date for the whole project: the ${tasksOf} need ${needed} judgments each from different annotators and too few eligible annotators work on them, so they cannot finish; the other languages' tasks can.`;
  const action = `Invite or qualify ${asks} at least (the project's language and skill requirements); the forecast gives a date again once they can work.`;
  return { kind: "pool_too_small", languages, scope, judgmentsPerTask: needed, pools: missing, driver, action };
}
