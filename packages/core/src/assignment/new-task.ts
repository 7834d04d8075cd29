import { placeOf } from "../formats/import-rejected.js";
import type { ImportedTask, ImportIssue } from "../formats/import-tasks.js";
import { primaryLanguage } from "../language/proficiency.js";
import { type GoldPolicy, goldIsControl } from "../policy/quality-policy.js";
import { initialRequired, type Project } from "../project.js";
import type { HarmCategory } from "../wellbeing/harm.js";
import { taskLanguage } from "./eligibility.js";
import type { Task } from "./task.js";
import { deadlineKey } from "./task-status.js";

/** The stored fields of a task that an import decides; counters start at zero. */
export type NewTask = Pick<
  Task,
  "externalId" | "language" | "data" | "gold" | "goldExplanation" | "priority" | "deadlineKey" | "required" | "status"
> & {
  /** Harm category (the task's own mark, else the project's); null for benign content. */
  harm?: HarmCategory | null;
};

/** What every task of one import batch shares, decided once for the batch. */
export interface BatchDefaults {
  /** The project's languages; empty when any language is accepted. */
  languages: readonly string[];
  /** Gold tasks become control tasks (status `gold`) under a gold policy with a share or onboarding. */
  goldControl: boolean;
  required: number;
  deadlineKey: number;
  priority: number;
  /** The project's harm category, for tasks that carry no mark of their own. */
  harmCategory: HarmCategory | null;
}

/**
 * The defaults of a batch: the batch's priority and deadline (the project's deadline when the
 * batch has none), the judgments a new task needs (`initialRequired`) and whether gold is control.
 */
export function batchDefaults(
  project: Pick<Project, "requirements" | "overlap" | "overlapPolicy" | "deadline"> & {
    harm?: { category: HarmCategory | null };
    goldPolicy: Pick<GoldPolicy, "share" | "onboarding">;
  },
  batch: { priority?: number | undefined; deadline?: number | null | undefined },
): BatchDefaults {
  return {
    languages: project.requirements.languages,
    goldControl: goldIsControl(project.goldPolicy),
    required: initialRequired(project),
    deadlineKey: deadlineKey(batch.deadline ?? project.deadline),
    priority: batch.priority ?? 0,
    harmCategory: project.harm?.category ?? null,
  };
}

/**
 * An imported task as it will be stored, or the problem that refuses it: a task whose data names
 * a language (`taskLanguage`) must be in one of the project's languages, when the project lists any.
 */
export function newTask(
  defaults: BatchDefaults,
  imported: ImportedTask,
): { ok: true; task: NewTask } | { ok: false; issue: ImportIssue } {
  const language = taskLanguage(imported.data);
  const { languages } = defaults;
  if (language && languages.length > 0 && !languages.some((tag) => primaryLanguage(tag) === language))
    return {
      ok: false,
      issue: {
        ...placeOf(imported),
        path: "data.language",
        message: `"${language}" is not one of the project's languages (${languages.join(", ")})`,
      },
    };
  const gold = imported.gold ?? null;
  return {
    ok: true,
    task: {
      externalId: imported.externalId ?? null,
      language,
      data: imported.data,
      gold,
      goldExplanation: imported.goldExplanation ?? null,
      priority: imported.priority ?? defaults.priority,
      deadlineKey: defaults.deadlineKey,
      required: defaults.required,
      status: defaults.goldControl && gold !== null ? "gold" : "open",
      harm: imported.harm === "none" ? null : (imported.harm ?? defaults.harmCategory ?? null),
    },
  };
}
