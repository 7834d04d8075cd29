import { invalidInput } from "../errors.js";
import { peopleNeeded } from "./capacity.js";

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Open work of one project in one language. */
export interface OpenWork {
  projectId: number;
  language: string;
  /** Judgments still needed to finish the open tasks. */
  judgmentsLeft: number;
  /** The work's deadline (epoch ms), or null for none (planned over `defaultHorizonDays`). */
  deadline: number | null;
  /** Measured mean active seconds per judgment. */
  secondsPerJudgment: number;
  /**
   * Share in (0, 1] of a person's productive hours they may spend on this content (harmful
   * content under an exposure budget); 1 or absent means no cap. The wellbeing rules' effective
   * harmful hours per person plug in here as a factor per project.
   */
  exposureCapFactor?: number;
}

export interface CapacityPolicy {
  paidHoursPerWeek: number;
  shrinkage: number;
  utilisation: number;
  /** Planning horizon for work without a deadline. */
  defaultHorizonDays: number;
}

export interface ProjectCapacity {
  projectId: number;
  language: string;
  judgmentsLeft: number;
  workloadHours: number;
  /** Days until the deadline (at least one; the default horizon without a deadline). */
  days: number;
  /** True when the deadline has passed: the work is planned over one day. */
  overdue: boolean;
  hoursPerPerson: number;
  exposureCapped: boolean;
  fte: number;
  people: number;
}

export interface LanguageCapacity {
  language: string;
  workloadHours: number;
  /** Sum of the projects' FTE: each project's workload over its own time to deadline. */
  fte: number;
  people: number;
  /** Active people who speak the language. */
  pool: number;
  /** People needed beyond the pool (0 when the pool suffices). */
  shortfall: number;
}

/**
 * People needed to finish the open work by its deadlines, per project and language and per
 * language: for each project, workload ÷ (paid hours to its deadline × (1 − shrinkage) ×
 * utilisation), each person's hours capped by the content's exposure factor (`peopleNeeded`).
 * A language needs the sum of its projects' FTE, rounded up, against the active pool of that
 * language. Assumes a person works on one language and is free for the whole period; a deadline
 * already passed is planned over one day (and flagged) rather than dropped.
 */
export function planCapacity(
  work: readonly OpenWork[],
  pool: ReadonlyMap<string, number>,
  policy: CapacityPolicy,
  now: number,
): { projects: ProjectCapacity[]; languages: LanguageCapacity[] } {
  if (!(policy.paidHoursPerWeek > 0 && policy.paidHoursPerWeek <= 168))
    throw invalidInput(`paidHoursPerWeek: ${policy.paidHoursPerWeek} must be in (0, 168]`);
  if (!(policy.defaultHorizonDays >= 1)) throw invalidInput("defaultHorizonDays: must be at least 1");
  const projects = work.map((item, i): ProjectCapacity => {
    const factor = item.exposureCapFactor ?? 1;
    if (!(factor > 0 && factor <= 1)) throw invalidInput(`work[${i}].exposureCapFactor: must be in (0, 1]`);
    const overdue = item.deadline !== null && item.deadline < now;
    const spanMs = item.deadline === null ? policy.defaultHorizonDays * DAY : Math.max(DAY, item.deadline - now);
    const paidHours = policy.paidHoursPerWeek * (spanMs / WEEK);
    const productive = paidHours * (1 - policy.shrinkage) * policy.utilisation;
    const [staffing] = peopleNeeded(
      [
        {
          language: item.language,
          judgments: item.judgmentsLeft,
          secondsPerJudgment: item.secondsPerJudgment,
          ...(factor < 1 ? { exposureCapHours: productive * factor } : {}),
        },
      ],
      { paidHours, shrinkage: policy.shrinkage, utilisation: policy.utilisation },
    );
    return {
      projectId: item.projectId,
      language: item.language,
      judgmentsLeft: item.judgmentsLeft,
      workloadHours: staffing!.workloadHours,
      days: spanMs / DAY,
      overdue,
      hoursPerPerson: staffing!.hoursPerPerson,
      exposureCapped: staffing!.capped,
      fte: staffing!.fte,
      people: staffing!.people,
    };
  });
  const byLanguage = new Map<string, { workloadHours: number; fte: number }>();
  for (const p of projects) {
    const sums = byLanguage.get(p.language) ?? { workloadHours: 0, fte: 0 };
    sums.workloadHours += p.workloadHours;
    sums.fte += p.fte;
    byLanguage.set(p.language, sums);
  }
  const languages = [...byLanguage].map(([language, sums]): LanguageCapacity => {
    const people = Math.max(0, Math.ceil(sums.fte - 1e-9));
    const available = pool.get(language) ?? 0;
    return { language, ...sums, people, pool: available, shortfall: Math.max(0, people - available) };
  });
  languages.sort((a, b) => b.shortfall - a.shortfall || a.language.localeCompare(b.language));
  return { projects, languages };
}
