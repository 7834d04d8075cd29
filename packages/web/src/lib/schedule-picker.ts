/**
 * A report schedule as people pick it (every day, every week on a weekday, every month on a day,
 * at a time of day) and the cron pattern the API takes. Patterns the picker cannot say exactly
 * fall to "custom", which keeps the pattern as typed, so nothing a person wrote is rewritten.
 */
export type ScheduleFrequency = "daily" | "weekly" | "monthly" | "custom";

export interface SchedulePick {
  frequency: ScheduleFrequency;
  /** Time of day, "HH:MM" (24-hour), in the schedule's time zone. */
  time: string;
  /** 0 = Sunday … 6 = Saturday, as cron counts them; used when weekly. */
  weekday: number;
  /** 1–28, so every month has the day; used when monthly. */
  dayOfMonth: number;
  /** The raw pattern; used when custom. */
  cron: string;
}

/** Months have at least 28 days: later days would skip February. */
export const LAST_PICKABLE_DAY = 28;

const NUMBER = /^\d{1,2}$/;

function field(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !NUMBER.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The picker's state for a pattern: a preset when the pattern is exactly one, else custom. */
export function pickFromCron(cron: string): SchedulePick {
  const pattern = cron.trim();
  const custom: SchedulePick = { frequency: "custom", time: "07:00", weekday: 1, dayOfMonth: 1, cron: pattern };
  const parts = pattern.split(/\s+/);
  if (parts.length !== 5) return custom;
  const [minuteText, hourText, dayText, monthText, weekdayText] = parts;
  const minute = field(minuteText, 0, 59);
  const hour = field(hourText, 0, 23);
  if (minute === undefined || hour === undefined || monthText !== "*") return custom;
  const picked = { ...custom, time: `${pad(hour)}:${pad(minute)}` };
  if (dayText === "*" && weekdayText === "*") return { ...picked, frequency: "daily" };
  if (dayText === "*") {
    const weekday = field(weekdayText, 0, 6);
    return weekday === undefined ? custom : { ...picked, frequency: "weekly", weekday };
  }
  if (weekdayText === "*") {
    const day = field(dayText, 1, LAST_PICKABLE_DAY);
    return day === undefined ? custom : { ...picked, frequency: "monthly", dayOfMonth: day };
  }
  return custom;
}

/**
 * The cron pattern (minute hour day month weekday) for a pick; a custom pick's pattern as typed
 * (trimmed). Undefined when the time is not "HH:MM" (the form says so before sending).
 */
export function cronFromPick(pick: SchedulePick): string | undefined {
  if (pick.frequency === "custom") return pick.cron.trim();
  const time = /^(\d{1,2}):(\d{2})$/.exec(pick.time);
  const hour = field(time?.[1], 0, 23);
  const minute = field(time?.[2], 0, 59);
  if (hour === undefined || minute === undefined) return undefined;
  if (pick.frequency === "daily") return `${minute} ${hour} * * *`;
  if (pick.frequency === "weekly") return `${minute} ${hour} * * ${pick.weekday}`;
  return `${minute} ${hour} ${pick.dayOfMonth} * *`;
}
