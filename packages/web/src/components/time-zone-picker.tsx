import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  onTimeZonePreference,
  readerQuery,
  readTimeZonePreference,
  timeZoneChoices,
  viewerTimeZone,
  writeTimeZonePreference,
} from "../lib/time-zone-preference.js";

/** The viewer's time zone preference; re-renders when it changes anywhere on the page. */
export function useTimeZonePreference(): string {
  const [zone, setZone] = useState(readTimeZonePreference);
  useEffect(() => onTimeZonePreference(() => setZone(readTimeZonePreference())), []);
  return zone;
}

/** The zone this viewer reads times in: the one chosen in the picker, else the browser's own. */
export function useViewerTimeZone(): string {
  return viewerTimeZone(useTimeZonePreference());
}

/** `timeZone=...&locale=...` of this viewer, for routes whose sentences carry days (see `readerQuery`). */
export function useReaderQuery(): string {
  const zone = useTimeZonePreference();
  const { i18n } = useTranslation();
  return readerQuery(zone, i18n.language);
}

/** A select of the time zone the console's daily charts use (stored in this browser). */
export function TimeZonePicker() {
  const { t } = useTranslation();
  const zone = useTimeZonePreference();
  const [choices] = useState(timeZoneChoices);
  return (
    <select
      className="language-switcher time-zone-picker"
      aria-label={t("timeZonePicker.label")}
      title={t("timeZonePicker.label")}
      value={zone}
      onChange={(e) => writeTimeZonePreference(e.target.value)}
      data-testid="time-zone-picker"
    >
      <option value="">{t("timeZonePicker.workspace")}</option>
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {choice}
        </option>
      ))}
    </select>
  );
}
