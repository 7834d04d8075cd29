import { peopleNeeded, type StaffingPolicy } from "../forecast/capacity.js";

/** Judgments still needed in one language by one deadline. */
export interface LanguageWorkDue {
  language: string;
  /** Epoch ms; null when the work has no deadline (then `horizonMs` from now is assumed). */
  deadline: number | null;
  judgments: number;
}

/**
 * The staffing assumptions of the pool gap: a person's day is `paidHours` (8) less shrinkage (20%)
 * at a utilisation of 85%, so 5.44 productive hours a day; work without a deadline is planned
 * over `horizonMs` (14 days); a deadline already past counts as one day away.
 */
export const POOL_GAP_POLICY = {
  paidHoursPerDay: 8,
  shrinkage: 0.2,
  utilisation: 0.85,
  horizonMs: 14 * 86_400_000,
} as const;

export interface PoolGapRow {
  language: string;
  judgmentsLeft: number;
  /** People needed to finish every deadline in time (the tightest deadline decides). */
  needed: number;
  /** Active qualified people who work in the language. */
  active: number;
  /** needed − active: positive is a shortfall. */
  gap: number;
}

const DAY = 86_400_000;

/**
 * People needed per language against the active pool. For each language, the work due by each
 * deadline (cumulative, earliest first) must be done by then: people = judgments × seconds per
 * judgment ÷ (days to the deadline × productive hours a day), through `peopleNeeded` of
 * core/forecast/capacity.ts; the most demanding deadline sets the figure. Assumes people work
 * in one language at a time and `secondsPerJudgment` holds for every language.
 */
export function poolGap(options: {
  work: readonly LanguageWorkDue[];
  activeByLanguage: ReadonlyMap<string, number>;
  secondsPerJudgment: number;
  now: number;
}): PoolGapRow[] {
  const { now, secondsPerJudgment } = options;
  const byLanguage = new Map<string, LanguageWorkDue[]>();
  for (const w of options.work) {
    if (w.judgments <= 0) continue;
    byLanguage.set(w.language, [...(byLanguage.get(w.language) ?? []), w]);
  }
  for (const language of options.activeByLanguage.keys()) if (!byLanguage.has(language)) byLanguage.set(language, []);
  const rows: PoolGapRow[] = [];
  for (const [language, work] of byLanguage) {
    const due = work
      .map((w) => ({ at: w.deadline ?? now + POOL_GAP_POLICY.horizonMs, judgments: w.judgments }))
      .sort((a, b) => a.at - b.at);
    let cumulative = 0;
    let needed = 0;
    for (const d of due) {
      cumulative += d.judgments;
      const days = Math.max(1, (d.at - now) / DAY);
      const policy: StaffingPolicy = {
        paidHours: POOL_GAP_POLICY.paidHoursPerDay * days,
        shrinkage: POOL_GAP_POLICY.shrinkage,
        utilisation: POOL_GAP_POLICY.utilisation,
      };
      const [staffing] = peopleNeeded([{ language, judgments: cumulative, secondsPerJudgment }], policy);
      needed = Math.max(needed, staffing!.people);
    }
    const active = options.activeByLanguage.get(language) ?? 0;
    rows.push({ language, judgmentsLeft: cumulative, needed, active, gap: needed - active });
  }
  return rows.sort((a, b) => b.gap - a.gap || a.language.localeCompare(b.language));
}
