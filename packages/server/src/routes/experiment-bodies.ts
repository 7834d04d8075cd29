import { EXPERIMENT_METRICS, EXPERIMENT_UNITS, TOOL_VARIANTS } from "@quorum/core";
import { z } from "zod";

const Metric = z.enum(EXPERIMENT_METRICS);

export const ExperimentArmBody = z.object({
  name: z.string().trim().min(1).max(60),
  share: z.number().gt(0).lt(1),
  guidelineVersion: z.number().int().positive().optional().describe("serve this guideline version in the arm"),
  payRateMinor: z
    .number()
    .int()
    .min(0)
    .max(1e9)
    .optional()
    .describe("pay per judgment in the arm, minor units of payCurrency"),
  payCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
    .optional()
    .describe(
      "the currency of payRateMinor: that of the project's rate cards in force (the default when they agree on one). A judgment later priced by a card in another currency is paid the card's rate",
    ),
  overlap: z
    .number()
    .int()
    .min(1)
    .max(20)
    .optional()
    .describe(
      "judgments per task (fixed) for the tasks in the arm's share of the queue that have none yet when it starts or are imported while it runs",
    ),
  toolVariant: z
    .enum(TOOL_VARIANTS)
    .optional()
    .describe(
      "the labeling view served with the arm's leases: standard; no_key_hints (answer options without their shortcut key printed; the keys still work); option_grid (answer options in two columns)",
    ),
});

export const CreateExperimentBody = z.object({
  projectId: z.number().int().positive(),
  name: z.string().trim().min(1).max(200),
  hypothesis: z.string().trim().max(2000).default(""),
  unit: z.enum(EXPERIMENT_UNITS).describe("the randomisation unit"),
  arms: z.array(ExperimentArmBody).min(2).max(8).describe("the control first; shares sum to 1"),
  primaryMetric: Metric,
  guardrails: z
    .array(z.object({ metric: Metric, margin: z.number().gt(0).max(1).describe("largest relative loss accepted") }))
    .max(5)
    .default([]),
  plannedUnits: z.number().int().min(4).max(10_000_000).describe("units (all arms) planned before a decision"),
});
export type CreateExperimentBody = z.infer<typeof CreateExperimentBody>;

export const PlanExperimentBody = z.object({
  baselineMean: z.number().positive(),
  standardDeviation: z.number().positive().optional().describe("default √(p(1 − p)) for a proportion"),
  observationsPerUnit: z.number().min(1).default(1),
  intraclassCorrelation: z.number().min(0).max(1).default(0),
  minimumDetectableLift: z.number().positive().optional(),
  unitsPerArm: z.number().int().positive().optional().describe("instead of a lift: the lift these units detect"),
  alpha: z.number().gt(0).lt(1).default(0.05),
  power: z.number().gt(0).lt(1).default(0.8),
});

export const ListExperimentsQuery = z.object({ projectId: z.coerce.number().int().positive().optional() });
