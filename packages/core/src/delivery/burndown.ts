/**
 * The series behind the project page's charts, from the hourly timeline of judgments.
 * Remaining work at an hour is today's remaining plus every judgment given after that hour
 * (so it is exact for past hours while the tasks' required judgments did not change). It starts
 * at the hour the project was created: before that there was no work to burn down.
 */
export interface TimelinePoint {
  /** ISO hour start. */
  hour: string;
  judgments: number;
}

export interface Burndown {
  /** Unix seconds (uPlot's x unit). */
  times: number[];
  /** Remaining judgments at each past hour; null in the future. */
  remaining: (number | null)[];
  /** The straight line from the first point's remaining work to zero at the deadline, or null. */
  ideal: (number | null)[];
  /** The pace of the last 24 hours continued from now (null before now). */
  projection: (number | null)[];
}

const HOUR_S = 3600;

export function burndownSeries(
  fullTimeline: TimelinePoint[],
  remainingNow: number,
  now: number,
  deadline: number | null,
  createdAt: number,
): Burndown {
  const createdHour = Math.floor(createdAt / 1000 / HOUR_S) * HOUR_S;
  const timeline = fullTimeline.filter((p) => Date.parse(p.hour) / 1000 >= createdHour);
  const hours = timeline.map((p) => Math.floor(Date.parse(p.hour) / 1000));
  // remaining at the end of hour i = remainingNow + judgments in hours after i
  const remaining: (number | null)[] = new Array<number | null>(timeline.length).fill(null);
  let after = 0;
  for (let i = timeline.length - 1; i >= 0; i--) {
    remaining[i] = remainingNow + after;
    after += timeline[i]?.judgments ?? 0;
  }
  const times = hours.map((h) => h + HOUR_S);
  const nowS = Math.floor(now / 1000);
  const lastDay = timeline.slice(-24).reduce((s, p) => s + p.judgments, 0);
  const ratePerSecond = lastDay / (24 * HOUR_S);

  // Extend the x axis to the deadline, or to the projected finish within 7 days, so both lines can end.
  const extendTo =
    deadline !== null
      ? Math.floor(deadline / 1000)
      : ratePerSecond > 0
        ? Math.min(nowS + remainingNow / ratePerSecond, nowS + 7 * 24 * HOUR_S)
        : nowS;
  const lastTime = times[times.length - 1] ?? nowS;
  if (extendTo > lastTime) {
    const step = Math.max(HOUR_S, Math.ceil((extendTo - lastTime) / 48 / HOUR_S) * HOUR_S);
    for (let t = lastTime + step; t < extendTo + step; t += step) {
      times.push(Math.min(t, extendTo));
      remaining.push(null);
    }
  }

  const start = times[0] ?? nowS;
  const startRemaining = remaining[0] ?? remainingNow;
  const ideal = times.map((t) =>
    deadline === null ? null : Math.max(0, startRemaining * (1 - (t - start) / Math.max(1, deadline / 1000 - start))),
  );
  const projection = times.map((t) =>
    t < lastTime ? null : Math.max(0, remainingNow - ratePerSecond * (t - lastTime)),
  );
  return { times, remaining, ideal, projection };
}
