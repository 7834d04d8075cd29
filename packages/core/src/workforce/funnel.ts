/** The stages of the recruitment funnel, in order. */
export const FUNNEL_STAGES = ["applied", "screened", "trained", "qualified", "active", "retained", "churned"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const RECRUITMENT_CHANNELS = ["job_board", "referral", "vendor", "social", "event", "other"] as const;
export type RecruitmentChannel = (typeof RECRUITMENT_CHANNELS)[number];

/** One applicant's path through the funnel: when they reached each stage (epoch ms). */
export interface Applicant {
  userId: number;
  campaignId: number;
  channel: string;
  /** BCP 47 tags the person works in; they count once in each. */
  languages: readonly string[];
  stages: Partial<Record<FunnelStage, number>>;
}

export interface StageFigure {
  stage: FunnelStage;
  count: number;
  /** count ÷ applied; null when nobody applied. */
  ofApplied: number | null;
  /** count ÷ the previous stage's count (churned: ÷ active); null when that is 0 or for "applied". */
  ofPrevious: number | null;
}

export interface FunnelFigures {
  applicants: number;
  stages: StageFigure[];
  /** Median of qualified − applied over those who qualified, in ms; null when nobody did. */
  medianTimeToQualifyMs: number | null;
}

/** The median of a list of numbers (mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Count and conversion at every stage of a group of applicants. A stage counts a person who
 * reached it, whether or not the log holds the stages before it (an applicant imported as
 * already trained still counts as trained). Conversion from the previous stage compares with the
 * stage before in `FUNNEL_STAGES`, except churned, which is a share of those who became active
 * (retained and churned are alternatives, not steps).
 */
export function funnelFigures(applicants: readonly Applicant[]): FunnelFigures {
  const counts = new Map<FunnelStage, number>(FUNNEL_STAGES.map((s) => [s, 0]));
  const toQualify: number[] = [];
  for (const applicant of applicants) {
    for (const stage of FUNNEL_STAGES)
      if (applicant.stages[stage] !== undefined) counts.set(stage, counts.get(stage)! + 1);
    const { applied, qualified } = applicant.stages;
    if (applied !== undefined && qualified !== undefined) toQualify.push(Math.max(0, qualified - applied));
  }
  const applied = counts.get("applied")!;
  const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
  const stages = FUNNEL_STAGES.map((stage, i): StageFigure => {
    const count = counts.get(stage)!;
    const previous = stage === "churned" ? counts.get("active")! : i > 0 ? counts.get(FUNNEL_STAGES[i - 1]!)! : 0;
    return { stage, count, ofApplied: ratio(count, applied), ofPrevious: i === 0 ? null : ratio(count, previous) };
  });
  return { applicants: applicants.length, stages, medianTimeToQualifyMs: median(toQualify) };
}

/** Qualified annotators of a group, from its figures. */
export function qualifiedCount(figures: FunnelFigures): number {
  return figures.stages.find((s) => s.stage === "qualified")!.count;
}

/**
 * Cost per qualified annotator: spend ÷ qualified, in the spend's minor units, rounded to the
 * nearest unit; null when nobody qualified (the cost is not yet spread over anyone).
 */
export function costPerQualified(spendMinor: number, qualified: number): number | null {
  return qualified > 0 ? Math.round(spendMinor / qualified) : null;
}

/**
 * Groups applicants by a key (one applicant may fall in several groups, e.g. one per language)
 * and gives each group's figures, keys in first-seen order.
 */
export function funnelBy(
  applicants: readonly Applicant[],
  keysOf: (applicant: Applicant) => readonly string[],
): { key: string; figures: FunnelFigures }[] {
  const groups = new Map<string, Applicant[]>();
  for (const applicant of applicants)
    for (const key of new Set(keysOf(applicant))) {
      const group = groups.get(key) ?? [];
      group.push(applicant);
      groups.set(key, group);
    }
  return [...groups].map(([key, members]) => ({ key, figures: funnelFigures(members) }));
}

/** How long a person must keep working after their first production judgment to count as retained. */
export const RETENTION_WINDOW_MS = 28 * 86_400_000;

/**
 * The rule for the last two stages, applied when the funnel is read: an active person who judged
 * again at least `RETENTION_WINDOW_MS` after their first production judgment is retained; one
 * whose latest judgment is more than `RETENTION_WINDOW_MS` ago (or whose account is deactivated)
 * has churned. Both may hold (retained, then left). Returns the stages newly reached, with when.
 */
export function retentionStages(options: {
  firstActiveAt: number;
  lastActiveAt: number;
  deactivated: boolean;
  now: number;
  reached: ReadonlySet<FunnelStage>;
}): { stage: "retained" | "churned"; at: number }[] {
  const { firstActiveAt, lastActiveAt, now, reached } = options;
  const out: { stage: "retained" | "churned"; at: number }[] = [];
  if (!reached.has("retained") && lastActiveAt - firstActiveAt >= RETENTION_WINDOW_MS)
    out.push({ stage: "retained", at: firstActiveAt + RETENTION_WINDOW_MS });
  if (!reached.has("churned")) {
    if (now - lastActiveAt > RETENTION_WINDOW_MS)
      out.push({ stage: "churned", at: lastActiveAt + RETENTION_WINDOW_MS });
    else if (options.deactivated) out.push({ stage: "churned", at: now });
  }
  return out;
}
