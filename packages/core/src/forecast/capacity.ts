import { invalidInput } from "../errors.js";
import type { EtsForecast } from "./ets-forecast.js";

/** How many productive hours a person gives in the planning period. */
export interface StaffingPolicy {
  /** Paid hours per person in the period (40 for a week, 8 for a day). */
  paidHours: number;
  /** Share of paid time lost to leave, training, meetings and breaks, in [0, 1). */
  shrinkage: number;
  /** Share of the remaining time spent labeling, in (0, 1]. */
  utilisation: number;
  /** Most hours one person may spend on this content in the period (distressing material), if capped. */
  exposureCapHours?: number;
}

/** The work one language brings in the period. */
export interface LanguageWorkload {
  language: string;
  /** Judgments expected in the period (a forecast's total: see `forecastJudgments`). */
  judgments: number;
  /** Mean active seconds per judgment in this language. */
  secondsPerJudgment: number;
  /** Overrides the policy's exposure cap for this language's content. */
  exposureCapHours?: number;
}

export interface LanguageStaffing {
  language: string;
  workloadHours: number;
  /** Productive hours per person: paid × (1 − shrinkage) × utilisation, no more than the exposure cap. */
  hoursPerPerson: number;
  /** True when the exposure cap, not shrinkage and utilisation, sets a person's hours. */
  capped: boolean;
  /** Workload ÷ hours per person: full-time equivalents, unrounded. */
  fte: number;
  /** People to staff: the FTE rounded up (a person is not divisible within a language). */
  people: number;
}

function fraction(value: number, field: string, allowZero: boolean, allowOne: boolean): void {
  const ok = (allowZero ? value >= 0 : value > 0) && (allowOne ? value <= 1 : value < 1);
  if (!ok) throw invalidInput(`${field}: ${value} must be in ${allowZero ? "[" : "("}0, 1${allowOne ? "]" : ")"}`);
}

/**
 * People needed per language: workload hours ÷ (paid hours × (1 − shrinkage) × utilisation),
 * with each person's hours capped by the exposure cap when the content calls for one. Assumes
 * people are not shared across languages and the workload is spread evenly over the period (no
 * peaks within it); round the period down (days, not weeks) where peaks matter.
 */
export function peopleNeeded(workloads: readonly LanguageWorkload[], policy: StaffingPolicy): LanguageStaffing[] {
  if (!(policy.paidHours > 0)) throw invalidInput(`paidHours: ${policy.paidHours} must be above 0`);
  fraction(policy.shrinkage, "shrinkage", true, false);
  fraction(policy.utilisation, "utilisation", false, true);
  const productive = policy.paidHours * (1 - policy.shrinkage) * policy.utilisation;
  return workloads.map((workload, i) => {
    if (!(workload.judgments >= 0)) throw invalidInput(`workloads[${i}].judgments: must be ≥ 0`);
    if (!(workload.secondsPerJudgment > 0)) throw invalidInput(`workloads[${i}].secondsPerJudgment: must be above 0`);
    const cap = workload.exposureCapHours ?? policy.exposureCapHours;
    if (cap !== undefined && !(cap > 0)) throw invalidInput(`workloads[${i}].exposureCapHours: must be above 0`);
    const capped = cap !== undefined && cap < productive;
    const hoursPerPerson = capped ? cap : productive;
    const workloadHours = (workload.judgments * workload.secondsPerJudgment) / 3600;
    const fte = workloadHours / hoursPerPerson;
    return {
      language: workload.language,
      workloadHours,
      hoursPerPerson,
      capped,
      fte,
      // 2.0000000001 FTE is two people.
      people: Math.max(0, Math.ceil(fte - 1e-9)),
    };
  });
}

/**
 * Judgments a forecast expects over its horizon: the sum of the point forecasts, or, given an
 * interval level the forecast holds, the sum of its upper bounds (a deliberately safe margin:
 * every horizon at its upper bound at once is less likely than the level). Negative forecasts
 * count as zero.
 */
export function forecastJudgments(forecast: EtsForecast, upperLevel?: number): number {
  const values =
    upperLevel === undefined
      ? forecast.mean
      : forecast.intervals.find((interval) => Math.abs(interval.level - upperLevel) < 1e-9)?.upper;
  if (!values) throw invalidInput(`level: the forecast has no ${upperLevel} interval`);
  return values.reduce((sum, v) => sum + Math.max(0, v), 0);
}
