import type { Requirements } from "./assignment/eligibility.js";
import type { LabelSchema } from "./label-schema.js";
import type { GoldPolicy, OverlapSetting, QualityRules } from "./policy/quality-policy.js";

export const PROJECT_STATUSES = ["active", "paused", "archived"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** A labeling job for one business unit (DESIGN.md "Project"). Times are epoch ms. */
export interface Project {
  id: number;
  name: string;
  description: string;
  businessUnit: string | null;
  schema: LabelSchema;
  requirements: Requirements;
  /** Judgments each task needs from different annotators (fixed overlap policy). */
  overlap: number;
  priority: number;
  deadline: number | null;
  leaseSeconds: number;
  /** The guideline version in force; every judgment records it. 0 before any guideline. */
  guidelineVersion: number;
  sensitive: boolean;
  goldPolicy: GoldPolicy;
  /** Fixed uses `overlap`; dynamic asks for more judgments only while the task is uncertain. */
  overlapPolicy: OverlapSetting;
  qualityRules: QualityRules;
  status: ProjectStatus;
  createdAt: number;
  updatedAt: number;
}

export const DEFAULT_LEASE_SECONDS = 600;

export interface User {
  id: number;
  email: string;
  name: string;
  role: import("./roles.js").Role;
  languages: string[];
  skills: Record<string, number>;
  vendor: string | null;
  /** `erased`: personal data removed on request; the row stays so their judgments keep an author. */
  status: "active" | "paused" | "deactivated" | "erased";
  createdAt: number;
}

/** Judgments a new task starts by needing: N for fixed overlap, the minimum for dynamic overlap. */
export function initialRequired(project: Pick<Project, "overlap" | "overlapPolicy">): number {
  return project.overlapPolicy.mode === "dynamic" ? project.overlapPolicy.min : project.overlap;
}
