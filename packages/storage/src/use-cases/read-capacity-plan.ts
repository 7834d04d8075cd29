import {
  type CapacityPolicy,
  languageFallbacks,
  NO_DEADLINE,
  type OpenWork,
  type Project,
  planCapacity,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { presenceMinutesSince } from "../repositories/presence.js";
import { listProjects } from "../repositories/projects.js";
import { listUsers } from "../repositories/users.js";
import type { DB } from "../schema.js";

const DAY = 86_400_000;
/** Used when nothing was measured yet: a handling time and a share of logged-in time spent labeling. */
export const FALLBACK_SECONDS_PER_JUDGMENT = 30;
export const FALLBACK_UTILISATION = 0.75;

export interface CapacityInputs {
  paidHoursPerWeek: number;
  shrinkage: number;
  /** Share of productive time spent labeling; measured from presence when omitted. */
  utilisation?: number;
  defaultHorizonDays: number;
  /** Days of history that handling times and utilisation are measured over. */
  measureDays: number;
  /**
   * Share of a person's productive hours that may go to a project's content (exposure budgets for
   * harmful content); 1 for every project by default. The wellbeing rules plug in here.
   */
  exposureCapFactor?: (project: Project) => number;
}

/**
 * The staffing plan for the open work of the active projects: per project, language and deadline
 * (tasks carry their batch's deadline) the judgments still needed, the measured handling time of
 * the project (active time ÷ judgments in the hourly roll-up over `measureDays`), and the active
 * annotators per language (a person with `de-AT` counts for `de` work too), fed to core's
 * `planCapacity`. Utilisation, unless given, is measured: active time ÷ logged-in time of the
 * people with presence over `measureDays`. Reads the open tasks of each project grouped by
 * language and deadline (the `tasks_status` index), the hourly roll-up and presence; never the judgments.
 */
export async function readCapacityPlan(db: Kysely<DB>, inputs: CapacityInputs, now: number) {
  const since = now - inputs.measureDays * DAY;
  const projects = (await listProjects(db)).filter((p) => p.status === "active");
  const projectIds = projects.map((p) => p.id);
  const [open, handling, people, presence] = await Promise.all([
    projectIds.length
      ? db
          .selectFrom("tasks")
          .select([
            "project_id",
            "language",
            "deadline_key",
            (eb) => eb.fn.sum<number | string>(eb("required", "-", eb.ref("judgment_count"))).as("left"),
          ])
          .where("project_id", "in", projectIds)
          .where("status", "in", ["open", "full"])
          .whereRef("required", ">", "judgment_count")
          .groupBy(["project_id", "language", "deadline_key"])
          .execute()
      : [],
    db
      .selectFrom("activity_hourly")
      .select([
        "project_id",
        "annotator_id",
        (eb) => eb.fn.sum<number | string>("judgments").as("judgments"),
        (eb) => eb.fn.sum<number | string>("active_ms").as("active_ms"),
      ])
      .where("hour", ">=", since)
      .groupBy(["project_id", "annotator_id"])
      .execute(),
    listUsers(db, { role: "annotator" }),
    presenceMinutesSince(db, since),
  ]);

  const perProject = new Map<number, { judgments: number; activeMs: number }>();
  const activeByPerson = new Map<number, number>();
  let allJudgments = 0;
  let allActive = 0;
  for (const row of handling) {
    const judgments = Number(row.judgments);
    const activeMs = Number(row.active_ms);
    const sums = perProject.get(Number(row.project_id)) ?? { judgments: 0, activeMs: 0 };
    sums.judgments += judgments;
    sums.activeMs += activeMs;
    perProject.set(Number(row.project_id), sums);
    activeByPerson.set(Number(row.annotator_id), (activeByPerson.get(Number(row.annotator_id)) ?? 0) + activeMs);
    allJudgments += judgments;
    allActive += activeMs;
  }
  const overall = allJudgments > 0 && allActive > 0 ? allActive / allJudgments / 1000 : FALLBACK_SECONDS_PER_JUDGMENT;
  const secondsFor = (projectId: number) => {
    const sums = perProject.get(projectId);
    return sums && sums.judgments > 0 && sums.activeMs > 0 ? sums.activeMs / sums.judgments / 1000 : overall;
  };

  let presentMs = 0;
  let activeOfPresent = 0;
  for (const [userId, minutes] of presence) {
    presentMs += minutes * 60_000;
    activeOfPresent += activeByPerson.get(userId) ?? 0;
  }
  const measuredUtilisation = presentMs > 0 && activeOfPresent > 0 ? Math.min(1, activeOfPresent / presentMs) : null;
  const utilisation = inputs.utilisation ?? measuredUtilisation ?? FALLBACK_UTILISATION;

  const byId = new Map(projects.map((p) => [p.id, p]));
  const work: OpenWork[] = open.map((row) => {
    const project = byId.get(Number(row.project_id))!;
    const deadlineKey = Number(row.deadline_key);
    const factor = inputs.exposureCapFactor?.(project) ?? 1;
    return {
      projectId: project.id,
      language: row.language || project.requirements.languages[0] || "any",
      judgmentsLeft: Number(row.left),
      deadline: deadlineKey >= NO_DEADLINE ? project.deadline : deadlineKey,
      secondsPerJudgment: secondsFor(project.id),
      ...(factor < 1 ? { exposureCapFactor: factor } : {}),
    };
  });

  const pool = new Map<string, number>();
  const languages = new Set(work.map((w) => w.language));
  for (const person of people) {
    if (person.status !== "active") continue;
    const speaks = new Set(person.languages.flatMap((tag) => languageFallbacks(tag)));
    for (const language of languages)
      if (language === "any" || speaks.has(language)) pool.set(language, (pool.get(language) ?? 0) + 1);
  }

  const policy: CapacityPolicy = {
    paidHoursPerWeek: inputs.paidHoursPerWeek,
    shrinkage: inputs.shrinkage,
    utilisation,
    defaultHorizonDays: inputs.defaultHorizonDays,
  };
  const plan = planCapacity(work, pool, policy, now);
  return {
    policy,
    measured: { utilisation: measuredUtilisation, secondsPerJudgment: allJudgments > 0 ? overall : null },
    projectNames: Object.fromEntries(projects.map((p) => [p.id, p.name])),
    ...plan,
  };
}
