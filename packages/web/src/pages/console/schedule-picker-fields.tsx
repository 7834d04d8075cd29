import { useTranslation } from "react-i18next";
import {
  cronFromPick,
  LAST_PICKABLE_DAY,
  type ScheduleFrequency,
  type SchedulePick,
} from "../../lib/schedule-picker.js";

const FREQUENCIES: readonly ScheduleFrequency[] = ["daily", "weekly", "monthly", "custom"];
const DAYS = Array.from({ length: LAST_PICKABLE_DAY }, (_, i) => i + 1);
/** 1 January 2023 was a Sunday: day `d` after it is cron weekday `d`. */
const SUNDAY = Date.UTC(2023, 0, 1);
const DAY_MS = 86_400_000;

/**
 * The fields that say when a report runs: how often, which weekday or day of the month, and the
 * time of day; "custom" shows the raw cron pattern instead. Rendered as siblings so each sits in
 * the form's row like its other fields; the line saying the schedule in words goes below the row.
 */
export function SchedulePickerFields({
  pick,
  onChange,
  describedBy,
  invalid,
}: {
  pick: SchedulePick;
  onChange: (pick: SchedulePick) => void;
  describedBy: string;
  invalid: boolean;
}) {
  const { t, i18n } = useTranslation();
  const weekdayName = new Intl.DateTimeFormat(i18n.language, { weekday: "long", timeZone: "UTC" });
  const set = (change: Partial<SchedulePick>) => onChange({ ...pick, ...change });
  // Custom starts from the pattern picked so far, to be adjusted rather than typed from nothing.
  const choose = (frequency: ScheduleFrequency) =>
    set(frequency === "custom" && !pick.cron.trim() ? { frequency, cron: cronFromPick(pick) ?? "" } : { frequency });
  return (
    <>
      <label>
        {t("console.reports.frequency")}
        <select
          value={pick.frequency}
          onChange={(e) => choose(e.target.value as ScheduleFrequency)}
          aria-describedby={describedBy}
        >
          {FREQUENCIES.map((f) => (
            <option key={f} value={f}>
              {t(`console.reports.frequencies.${f}`)}
            </option>
          ))}
        </select>
      </label>
      {pick.frequency === "weekly" && (
        <label>
          {t("console.reports.weekday")}
          <select value={pick.weekday} onChange={(e) => set({ weekday: Number(e.target.value) })}>
            {[1, 2, 3, 4, 5, 6, 0].map((d) => (
              <option key={d} value={d}>
                {weekdayName.format(SUNDAY + d * DAY_MS)}
              </option>
            ))}
          </select>
        </label>
      )}
      {pick.frequency === "monthly" && (
        <label>
          {t("console.reports.dayOfMonth")}
          <select value={pick.dayOfMonth} onChange={(e) => set({ dayOfMonth: Number(e.target.value) })}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      )}
      {pick.frequency === "custom" ? (
        <label>
          {t("console.reports.cron")}
          <input
            value={pick.cron}
            onChange={(e) => set({ cron: e.target.value })}
            placeholder="0 7 * * 1-5"
            required
            aria-invalid={invalid}
            aria-describedby={describedBy}
          />
        </label>
      ) : (
        <label>
          {t("console.reports.time")}
          <input
            type="time"
            value={pick.time}
            onChange={(e) => set({ time: e.target.value })}
            required
            aria-invalid={invalid}
            aria-describedby={describedBy}
          />
        </label>
      )}
    </>
  );
}
