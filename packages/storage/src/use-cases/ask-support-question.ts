import { findGuidelineSection, firstResponseDue, invalidInput, type Project, schemaClasses } from "@quorum/core";
import type { Database } from "../database.js";
import { listGuidelineVersions } from "../repositories/projects.js";
import { askQuestion } from "../repositories/questions.js";
import { readSupportPolicy } from "./read-support-policy.js";

/**
 * Opens a support thread: an annotator's question, optionally about one of their own leases'
 * task, a section of the guidelines in force (stored under its heading as written there) and a
 * label of the schema. Its first answer is due by the project's support policy as it is now.
 */
export async function askSupportQuestion(
  database: Database,
  options: {
    project: Project;
    annotatorId: number;
    assignmentId: number | null;
    text: string;
    section?: string | undefined;
    label?: string | undefined;
    now: number;
  },
): Promise<number> {
  const { db } = database;
  const { project, now } = options;
  let section: string | null = null;
  if (options.section !== undefined) {
    const [inForce] = await listGuidelineVersions(db, project.id).then((all) =>
      all.filter((v) => v.version === project.guidelineVersion),
    );
    section = findGuidelineSection(inForce?.body ?? "", options.section).heading;
  }
  const classes = schemaClasses(project.schema);
  if (options.label !== undefined && classes !== undefined && !classes.includes(options.label))
    throw invalidInput(`"${options.label}" is not a label of this project`, [
      { path: "label", message: `one of ${classes.map((c) => JSON.stringify(c)).join(", ")}` },
    ]);
  const policy = await readSupportPolicy(db, project.id);
  return askQuestion(db, {
    projectId: project.id,
    annotatorId: options.annotatorId,
    assignmentId: options.assignmentId,
    text: options.text,
    section,
    label: options.label ?? null,
    dueAt: firstResponseDue(now, policy),
    now,
  });
}
