import { type Project, parseLabelSchema } from "@quorum/core";
import type { Database } from "../database.js";
// The public API, not repository paths: repositories are moving into use cases.
import { insertProject, type NewProject } from "../index.js";
import { TEST_NOW } from "./test-now.js";

export type ProjectOverrides = Partial<NewProject> & { now?: number };

/**
 * Inserts a project as `actor`: a 0–4 rating with overlap 3, no requirements, no deadline, a
 * 600 s lease, unless `overrides` say otherwise.
 */
export function newProject(
  database: Database,
  actor: { id: number },
  overrides: ProjectOverrides = {},
): Promise<Project> {
  const { now = TEST_NOW, ...fields } = overrides;
  return insertProject(
    database.db,
    {
      name: "p",
      schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
      requirements: { languages: [], skills: {} },
      overlap: 3,
      priority: 0,
      deadline: null,
      leaseSeconds: 600,
      sensitive: false,
      ...fields,
    },
    actor.id,
    now,
  );
}
