/** What of a report schedule decides when it runs next. */
export interface ScheduleTiming {
  cron: string;
  timeZone: string;
  /** When it was paused; null while it runs. */
  pausedAt: number | null;
}

/**
 * How an edit changes a schedule's timing at `now`: its pause (`pausedAt`, absent when unchanged;
 * pausing twice keeps the first pause) and whether its next run is to be worked out again from
 * now: a new pattern or zone, or a resume, whose missed runs are not made up.
 */
export function scheduleTimingChange(
  before: ScheduleTiming,
  edit: { cron: string; timeZone: string; paused?: boolean | undefined },
  now: number,
): { pausedAt?: number | null; rescheduled: boolean } {
  const wasPaused = before.pausedAt !== null;
  const pausing = edit.paused === true && !wasPaused;
  const resuming = edit.paused === false && wasPaused;
  return {
    ...(pausing && { pausedAt: now }),
    ...(resuming && { pausedAt: null }),
    rescheduled: edit.cron !== before.cron || edit.timeZone !== before.timeZone || resuming,
  };
}
