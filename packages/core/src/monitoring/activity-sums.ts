/**
 * The additive columns of the `activity_hourly` roll-up. Every activity metric is a function of
 * their sums over an interval, so they can be added across hours, annotators and projects.
 */
export interface ActivitySums {
  judgments: number;
  activeMs: number;
  goldAnswered: number;
  goldCorrect: number;
}

export const NO_ACTIVITY: Readonly<ActivitySums> = Object.freeze({
  judgments: 0,
  activeMs: 0,
  goldAnswered: 0,
  goldCorrect: 0,
});

export function addSums(a: ActivitySums, b: ActivitySums): ActivitySums {
  return {
    judgments: a.judgments + b.judgments,
    activeMs: a.activeMs + b.activeMs,
    goldAnswered: a.goldAnswered + b.goldAnswered,
    goldCorrect: a.goldCorrect + b.goldCorrect,
  };
}

/** `a - b`, each column floored at 0 (a roll-up never shrinks; a negative difference is noise). */
export function subtractSums(a: ActivitySums, b: ActivitySums): ActivitySums {
  return {
    judgments: Math.max(0, a.judgments - b.judgments),
    activeMs: Math.max(0, a.activeMs - b.activeMs),
    goldAnswered: Math.max(0, a.goldAnswered - b.goldAnswered),
    goldCorrect: Math.max(0, a.goldCorrect - b.goldCorrect),
  };
}

export function scaleSums(a: ActivitySums, factor: number): ActivitySums {
  return {
    judgments: a.judgments * factor,
    activeMs: a.activeMs * factor,
    goldAnswered: a.goldAnswered * factor,
    goldCorrect: a.goldCorrect * factor,
  };
}
