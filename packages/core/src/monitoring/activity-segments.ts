import { type ActivitySums, addSums, NO_ACTIVITY, scaleSums, subtractSums } from "./activity-sums.js";
import { HOUR_MS } from "./time-units.js";

/** The roll-up of one hour (all rows of the scope added up). */
export interface HourlySums {
  hour: number;
  sums: ActivitySums;
}

/** What the roll-up's row for `hour` held at time `at` (read by an earlier evaluation). */
export interface RollupSample {
  at: number;
  hour: number;
  sums: ActivitySums;
}

/** Activity known to have happened in [from, to). */
export interface ActivitySegment {
  from: number;
  to: number;
  sums: ActivitySums;
}

/**
 * Splits the hourly roll-up into the finest segments the samples allow: an hour sampled at times
 * a1 < a2 < ... is cut there (what grew between two samples happened between them). Hours before
 * `now` end at the hour's end, the current hour at `now`. Without samples an hour is one segment.
 */
export function activitySegments(
  hourly: readonly HourlySums[],
  samples: readonly RollupSample[],
  now: number,
): ActivitySegment[] {
  const segments: ActivitySegment[] = [];
  const sorted = [...hourly].sort((a, b) => a.hour - b.hour);
  for (const { hour, sums } of sorted) {
    const end = Math.min(hour + HOUR_MS, now);
    if (end <= hour) continue;
    const cuts = samples.filter((s) => s.hour === hour && s.at > hour && s.at < end).sort((a, b) => a.at - b.at);
    let from = hour;
    let before: ActivitySums = NO_ACTIVITY;
    for (const cut of cuts) {
      if (cut.at <= from) continue;
      segments.push({ from, to: cut.at, sums: subtractSums(cut.sums, before) });
      from = cut.at;
      before = cut.sums;
    }
    segments.push({ from, to: end, sums: subtractSums(sums, before) });
  }
  return segments;
}

/**
 * The activity in [from, to): whole segments inside it, and the overlapping share of segments cut
 * by its ends, assuming activity was uniform within each segment (so a 1-minute window is exact
 * only when samples bracket it, and otherwise a pro-rated share of the hour).
 */
export function sumOver(segments: readonly ActivitySegment[], from: number, to: number): ActivitySums {
  let total: ActivitySums = NO_ACTIVITY;
  for (const segment of segments) {
    const overlap = Math.min(to, segment.to) - Math.max(from, segment.from);
    if (overlap <= 0) continue;
    const length = segment.to - segment.from;
    total = addSums(total, overlap >= length ? segment.sums : scaleSums(segment.sums, overlap / length));
  }
  return total;
}
