import type { Requirements } from "./assignment/eligibility.js";
import type { LabelSchema } from "./label-schema.js";
import {
  type GoldPolicy,
  type OverlapSetting,
  parseOverlapSetting,
  type QualityRules,
} from "./policy/quality-policy.js";
import type { ReviewPolicy } from "./review/review-policy.js";
import type { ProjectHarm } from "./wellbeing/harm.js";

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
  /** How long a reviewer's claim on a review item protects it from other reviewers. */
  reviewLeaseSeconds: number;
  /** The guideline version in force; every judgment records it. 0 before any guideline. */
  guidelineVersion: number;
  /** True when the project is harmful (`harm.category` set or harmful tasks present). */
  sensitive: boolean;
  /** Harm categories, their media filters (wellbeing, issue 12 item 7). */
  harm: ProjectHarm;
  goldPolicy: GoldPolicy;
  /** Fixed uses `overlap`; dynamic asks for more judgments only while the task is uncertain. */
  overlapPolicy: OverlapSetting;
  qualityRules: QualityRules;
  /** Which tasks go to review on their own as they become done (`reviewSourceForDoneTask`). */
  reviewPolicy: ReviewPolicy;
  status: ProjectStatus;
  createdAt: number;
  updatedAt: number;
}

/** An annotator's standing in a project: set by the quality rules (QualityRules.action) or by a manager. */
export const ANNOTATOR_STATUSES = ["ok", "paused", "retrain", "flagged"] as const;
export type AnnotatorStatus = (typeof ANNOTATOR_STATUSES)[number];

/** How long an annotator holds a task before it returns to the queue, when a project does not say. */
export const DEFAULT_LEASE_SECONDS = 600;

/** How long a reviewer holds a claimed review item before anyone may take it, when a project does not say. */
export const DEFAULT_REVIEW_LEASE_SECONDS = 900;

/** Judgments each task needs (fixed overlap) when a project is created without `overlap`. */
export const DEFAULT_OVERLAP = 3;

/** Dynamic overlap: at least `min`, at most `max` judgments until the leading label reaches `target`. */
export type DynamicOverlap = Extract<OverlapSetting, { mode: "dynamic" }>;

/**
 * The bounds and target a dynamic overlap policy gets when only `{mode: "dynamic"}` is given:
 * read from the policy parser itself, so they are stated in one place.
 */
export const DEFAULT_DYNAMIC_OVERLAP: DynamicOverlap = dynamicDefaults();

function dynamicDefaults(): DynamicOverlap {
  const setting = parseOverlapSetting({ mode: "dynamic" });
  if (setting.mode !== "dynamic") throw new Error("parseOverlapSetting ignored mode: dynamic");
  return setting;
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: import("./roles.js").Role;
  languages: string[];
  skills: Record<string, number>;
  /** The name of the vendor of the person's current team (kept in step with `team_memberships`). */
  vendor: string | null;
  /** Where the person works (`fair_pay_floors.region`, the people directory); null when unknown. */
  region?: string | null;
  /** IANA time zone ("Europe/Vienna"); null: the workspace's (UTC). Their "today" follows it. */
  timeZone?: string | null;
  /** Proficiency per tag of `languages` (CEFR or native); tags missing here are unrated. */
  languageLevels?: Record<string, import("./language/proficiency.js").LanguageLevel>;
  /** The person's tier (`workforce/tiers.ts`), read with the account; absent: the first. */
  tier?: import("./workforce/tiers.js").Tier;
  /** `erased`: personal data removed on request; the row stays so their judgments keep an author. */
  status: "active" | "paused" | "deactivated" | "erased";
  /**
   * The password was chosen by someone else (an invite's or a reset's temporary password): until
   * the person sets their own, they may only change it or sign out. Absent: false.
   */
  passwordChangeRequired?: boolean;
  createdAt: number;
}

/** Judgments a new task starts by needing: N for fixed overlap, the minimum for dynamic overlap. */
export function initialRequired(project: Pick<Project, "overlap" | "overlapPolicy">): number {
  return project.overlapPolicy.mode === "dynamic" ? project.overlapPolicy.min : project.overlap;
}
