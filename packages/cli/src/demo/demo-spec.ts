import type { LabelValue } from "@quorum/core";
import type { NewProject } from "@quorum/storage";
import type { Random } from "../simulate/annotator-model.js";

/** One generated demo task: its data, the answer it was generated to have, and why. */
export interface DemoTask {
  externalId: string;
  data: Record<string, unknown>;
  truth: LabelValue;
  /** Shown to the annotator after a gold task (when this task is made gold). */
  explanation: string;
}

/** A demo project: how it is set up, its guideline versions (oldest first) and its task generator. */
export interface DemoProjectSpec {
  project: Omit<NewProject, "deadline" | "guidelines">;
  /** Days from the demo's "now" to the deadline. */
  deadlineDays: number;
  guidelines: string[];
  /** Batches to import, each with its name and tasks; `count` is the total wanted over all batches. */
  batches(
    random: Random,
    count: number,
  ): { name: string; tasks: DemoTask[]; priority?: number; deadlineDays?: number }[];
  /** Task count at scale 1. */
  taskCount: number;
}
