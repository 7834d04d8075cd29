import { type ErrorDetail, invalidInput } from "../errors.js";
import { cupedAdjust } from "./cuped.js";
import { type ExperimentUnit, type RatioArmSummary, summarizeRatioArm } from "./ratio-metric.js";
import { type LiftEstimate, relativeLift } from "./relative-lift.js";
import { type SampleRatioMismatch, sampleRatioMismatch } from "./sample-ratio-mismatch.js";

export interface AnalyzeExperimentOptions {
  /** Planned share of units per arm, in order of the arms' first appearance. Default: equal. */
  plannedShares?: readonly number[];
  /** Use the pre-period columns when every arm has some (CUPED). Default true. */
  cuped?: boolean;
  /** Confidence of the intervals. Default 0.95. */
  confidence?: number;
  /** p-value below which the sample-ratio check flags. Default 0.001. */
  srmThreshold?: number;
}

export interface ExperimentEffect extends LiftEstimate {
  /** The treatment arm, compared with the control. */
  arm: string;
  /** True when the estimate is CUPED-adjusted by the pre-period. */
  cuped: boolean;
}

export interface ExperimentAnalysis {
  srm: SampleRatioMismatch;
  /** Every arm, the control first, with its unadjusted mean. */
  arms: RatioArmSummary[];
  /** One effect per treatment arm against the control. */
  effects: ExperimentEffect[];
}

function checkUnits(units: readonly ExperimentUnit[]): void {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  units.forEach((unit, i) => {
    const at = (field: string, message: string) => details.push({ path: `units[${i}].${field}`, message });
    if (unit.unit === "") at("unit", "is empty");
    else if (seen.has(unit.unit)) at("unit", `"${unit.unit}" appears twice (one row per randomisation unit)`);
    seen.add(unit.unit);
    if (unit.arm === "") at("arm", "is empty");
    if (!Number.isFinite(unit.numerator)) at("numerator", "must be a number");
    if (!(unit.denominator >= 0 && Number.isFinite(unit.denominator))) at("denominator", "must be a number ≥ 0");
    if (unit.preNumerator !== undefined && !Number.isFinite(unit.preNumerator)) at("preNumerator", "must be a number");
    if (unit.preDenominator !== undefined && !(unit.preDenominator >= 0 && Number.isFinite(unit.preDenominator)))
      at("preDenominator", "must be a number ≥ 0");
  });
  if (details.length > 0) throw invalidInput("invalid experiment units", details);
}

/**
 * Analyses an experiment on a ratio metric: units grouped by arm (the first arm to appear is the
 * control), a sample-ratio check against the planned split, each arm's ratio mean by the delta
 * method at the randomisation unit, and each treatment's relative lift over the control with
 * its interval and p-value — CUPED-adjusted when the units carry a pre-period. Assumes units
 * were randomised independently and each unit appears once.
 */
export function analyzeExperiment(
  units: readonly ExperimentUnit[],
  options: AnalyzeExperimentOptions = {},
): ExperimentAnalysis {
  const { confidence = 0.95, cuped = true } = options;
  checkUnits(units);
  const byArm = new Map<string, ExperimentUnit[]>();
  for (const unit of units) {
    const list = byArm.get(unit.arm);
    if (list) list.push(unit);
    else byArm.set(unit.arm, [unit]);
  }
  if (byArm.size < 2) throw invalidInput("an experiment needs at least 2 arms (the first one is the control)");
  const groups = [...byArm].map(([arm, armUnits]) => ({ arm, units: armUnits }));
  const srm = sampleRatioMismatch(
    groups.map((group) => group.units.length),
    {
      ...(options.plannedShares ? { plannedShares: options.plannedShares } : {}),
      ...(options.srmThreshold === undefined ? {} : { threshold: options.srmThreshold }),
    },
  );
  const arms = groups.map((group) => summarizeRatioArm(group.arm, group.units));
  const hasPrePeriod = units.some((u) => u.preNumerator !== undefined || u.preDenominator !== undefined);
  const adjusted = cuped && hasPrePeriod ? cupedAdjust(groups) : undefined;
  const estimates = adjusted?.arms ?? arms;
  const control = estimates[0]!;
  const effects = estimates.slice(1).map((treatment) => ({
    arm: treatment.arm,
    ...relativeLift(treatment, control, confidence),
    cuped: adjusted !== undefined,
  }));
  return { srm, arms, effects };
}
