import { can, ownGoldCounts, type Project, projectVisibleTo, startOfLocalDay, type User } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { listProjects } from "./projects.js";
import { annotatorToday, judgmentsLastDay, pendingReviewCount, projectTaskCounts } from "./stats.js";

/** A project as one viewer's project list shows it: staff see the whole picture, annotators their share. */
export type ProjectOverview =
  | {
      project: Project;
      tasks: { total: number; open: number; full: number; done: number };
      reviews: { pending: number };
      /** Judgments of the last 24 hours (the current hour and the 23 before it). */
      judgments: { lastDay: number };
    }
  | {
      project: Project;
      tasks: { total: number; remaining: number };
      today: { judgments: number; activeMs: number; goldAnswered: number; goldCorrect: number };
    };

/**
 * The projects a viewer may see (core's `projectVisibleTo`), each with the figures their role
 * gets: staff with `projects.read` every project with task counts, pending reviews and the last
 * 24 hours' judgments; an annotator the active projects they are eligible for, with what is left
 * and their own figures today (gold counts as `ownGoldCounts` allows); anyone else none.
 */
export async function projectOverviews(db: Kysely<DB>, viewer: User, now: number): Promise<ProjectOverview[]> {
  const projects = (await listProjects(db)).filter((project) => projectVisibleTo(viewer, project));
  if (can(viewer.role, "projects.read"))
    return Promise.all(
      projects.map(async (project) => ({
        project,
        tasks: await projectTaskCounts(db, project.id),
        reviews: { pending: await pendingReviewCount(db, project.id) },
        judgments: { lastDay: await judgmentsLastDay(db, project.id, now) },
      })),
    );
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
