import { useTranslation } from "react-i18next";
import { calendarMonth, type DayRange, monthToDate } from "../../../lib/cost-period.js";

/** From and to dates (the last day included) in the viewer's time zone, with this and last month a click away. */
export function PeriodPicker({ value, onChange }: { value: DayRange; onChange: (range: DayRange) => void }) {
  const { t } = useTranslation();
  const now = new Date();
  const presets: [string, DayRange][] = [
    [t("console.cost.thisMonth"), monthToDate(now)],
    [t("console.cost.lastMonth"), calendarMonth(now, -1)],
  ];
  return (
    <fieldset className="period-picker inline-fields">
      <legend className="visually-hidden">{t("console.cost.period")}</legend>
      <label>
        {t("console.cost.from")}{" "}
        <input
          type="date"
          value={value.from}
          max={value.to}
          onChange={(e) => onChange({ ...value, from: e.target.value })}
        />
      </label>
      <label>
        {t("console.cost.to")}{" "}
        <input
          type="date"
          value={value.to}
          min={value.from}
          onChange={(e) => onChange({ ...value, to: e.target.value })}
        />
      </label>
      <span className="segmented">
        {presets.map(([label, range]) => (
          <button
            key={label}
            type="button"
            aria-pressed={range.from === value.from && range.to === value.to}
            onClick={() => onChange(range)}
          >
            {label}
          </button>
        ))}
      </span>
    </fieldset>
  );
}
