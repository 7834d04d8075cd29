import type { Coaching, ScorecardReport, TierChange } from "@quorum/storage";

const iso = (ms: number) => new Date(ms).toISOString();

export function tierChangeView(change: TierChange) {
  return {
    id: change.id,
    from: change.from,
    to: change.to,
    reason: change.reason,
    automatic: change.actorId === null,
    createdAt: iso(change.createdAt),
    reversedAt: change.reversedAt === null ? null : iso(change.reversedAt),
  };
}

/** GET /users/{id}/scorecard. Times are ISO strings; durations ms; rates in [0, 1] or null when undefined. */
export function scorecardView(person: { id: number; name: string }, report: ScorecardReport) {
  return {
    person: { id: person.id, name: person.name, timeZone: report.timeZone, tier: report.tier },
    from: iso(report.from),
    totals: report.totals,
    agreement: report.agreement,
    weeks: report.weeks,
    projects: report.projects.map((p) => ({ ...p, name: report.projectNames[p.projectId] ?? "" })),
    tierChanges: report.tierChanges.map(tierChangeView),
  };
}
export type ScorecardView = ReturnType<typeof scorecardView>;
export type TierChangeView = ReturnType<typeof tierChangeView>;

/** GET /users/{id}/coaching. */
export function coachingView(coaching: Coaching) {
  return {
    groups: coaching.groups.map((g) => ({
      projectId: g.projectId,
      projectName: g.projectName,
      label: g.label,
      section: g.section,
      items: g.items.map((item) => ({
        taskId: item.taskId,
        answer: item.answer,
        gold: item.gold,
        explanation: item.explanation,
        createdAt: iso(item.createdAt),
      })),
    })),
    withheld: coaching.withheld,
    notes: coaching.notes.map((n) => ({
      id: n.id,
      authorName: n.authorName,
      projectId: n.projectId,
      label: n.label,
      body: n.body,
      createdAt: iso(n.createdAt),
    })),
  };
}
export type CoachingView = ReturnType<typeof coachingView>;
