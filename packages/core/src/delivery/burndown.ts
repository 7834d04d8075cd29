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
  /**
   * From now to zero at the forecast's median finish, or, without a forecast, the pace of the last
   * 24 hours continued (null before now).
   */
  projection: (number | null)[];
  /** From now to zero at the forecast's 85th-percentile finish; all null without a forecast. */
  projectionLate: (number | null)[];
}

/** The server's forecast of the finish (epoch ms), as `GET /projects/{id}/forecast` gives it. */
export interface ForecastFinish {
  /** The median finish; null when no finish can be forecast (no throughput). */
  likely: number | null;
  /** The 85th-percentile finish, the one the risk pill compares with the deadline. */
  late: number | null;
}

const HOUR_S = 3600;
/** How far past now the axis may reach for a forecast finish, so a far-off one does not flatten the chart. */
const MAX_AHEAD_S = 60 * 24 * HOUR_S;

export function burndownSeries(
  fullTimeline: TimelinePoint[],
  remainingNow: number,
  now: number,
  deadline: number | null,
  createdAt: number,
  finish?: ForecastFinish,
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

  const likelyS = finish?.likely == null ? null : Math.floor(finish.likely / 1000);
  const lateS = finish?.late == null ? null : Math.floor(finish.late / 1000);
  // Extend the x axis to the deadline and the forecast's late finish (or, without a forecast, the
  // projected finish within 7 days), so every line can end.
  const extendTo = Math.min(
    Math.max(
      deadline !== null ? Math.floor(deadline / 1000) : nowS,
      lateS ?? likelyS ?? nowS,
      finish === undefined && deadline === null && ratePerSecond > 0
        ? Math.min(nowS + remainingNow / ratePerSecond, nowS + 7 * 24 * HOUR_S)
        : nowS,
      // A forecast of "never" (no throughput, or tasks that cannot finish): a week of its flat
      // lines, rather than an axis that ends now (one point, which a chart spreads over years).
      finish !== undefined && likelyS === null && lateS === null && remainingNow > 0 ? nowS + 7 * 24 * HOUR_S : nowS,
    ),
    nowS + MAX_AHEAD_S,
  );
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
  const towards = (end: number | null) => (t: number) =>
    t < lastTime
      ? null
      : end === null
        ? remainingNow
        : Math.max(0, remainingNow * (1 - (t - lastTime) / Math.max(1, end - lastTime)));
  const projection = finish
    ? times.map(towards(likelyS))
    : times.map((t) => (t < lastTime ? null : Math.max(0, remainingNow - ratePerSecond * (t - lastTime))));
  const projectionLate = finish ? times.map(towards(lateS)) : times.map(() => null);
  return { times, remaining, ideal, projection, projectionLate };
}
