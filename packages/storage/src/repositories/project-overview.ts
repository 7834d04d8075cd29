import { can, ownGoldCounts, type Project, projectVisibleTo, startOfLocalDay, type User } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { type DeliveryStatus, readDeliveryStatuses } from "./project-delivery-status.js";
import { listProjects } from "./projects.js";
import { annotatorToday, pendingReviewCount, projectTaskCounts } from "./stats.js";

/** A project as one viewer's project list shows it: staff see the whole picture, annotators their share. */
export type ProjectOverview =
  | {
      project: Project;
      tasks: { total: number; open: number; full: number; done: number };
      reviews: { pending: number };
      /** Its latest delivery verdict (`project_delivery_status`); null before its first forecast. */
      delivery: DeliveryStatus | null;
    }
  | {
      project: Project;
      tasks: { total: number; remaining: number };
      today: { judgments: number; activeMs: number; goldAnswered: number; goldCorrect: number };
    };

/**
 * The projects a viewer may see (core's `projectVisibleTo`), each with the figures their role
 * gets: staff with `projects.read` every project with task counts, pending reviews and its latest
 * delivery verdict (one query for all: the list forecasts no project itself); an
 * annotator the active projects they are eligible for, with what is left and their own figures
 * today (gold counts as `ownGoldCounts` allows); anyone else none.
 */
export async function projectOverviews(db: Kysely<DB>, viewer: User, now: number): Promise<ProjectOverview[]> {
  const projects = (await listProjects(db)).filter((project) => projectVisibleTo(viewer, project));
  if (can(viewer.role, "projects.read")) {
    const verdicts = await readDeliveryStatuses(
      db,
      projects.map((project) => project.id),
    );
    // Budget risks name money: only for those who may see it.
    const seesMoney = can(viewer.role, "cost.read");
    return Promise.all(
      projects.map(async (project) => {
        const verdict = verdicts.get(project.id);
        return {
          project,
          tasks: await projectTaskCounts(db, project.id),
          reviews: { pending: await pendingReviewCount(db, project.id) },
          delivery: !verdict
            ? null
            : seesMoney
              ? verdict
              : { ...verdict, risks: verdict.risks.filter((risk) => risk.kind !== "budget_overrun") },
        };
      }),
    );
  }
  const today = await annotatorToday(db, viewer.id, startOfLocalDay(now, viewer.timeZone));
  return Promise.all(
    projects.map(async (project) => {
      const counts = await projectTaskCounts(db, project.id);
      const own = today.find((t) => t.projectId === project.id);
      const gold = ownGoldCounts(project.goldPolicy.feedback, {
        goldAnswered: own?.goldAnswered ?? 0,
        goldCorrect: own?.goldCorrect ?? 0,
      });
      return {
        project,
        tasks: { total: counts.total, remaining: counts.open + counts.full },
        today: {
          judgments: own?.judgments ?? 0,
          activeMs: own?.activeMs ?? 0,
          goldAnswered: gold.goldAnswered,
          goldCorrect: gold.goldCorrect,
        },
      };
    }),
  );
}
