import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatDuration, formatNumber, formatPercent, formatRelative } from "../lib/format.js";

/** The display formatters bound to the interface language (numbers, durations and dates by `Intl`). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(
    () => ({
      locale,
      number: (n: number) => formatNumber(n, locale),
      percent: (ratio: number | null | undefined, digits = 0) => formatPercent(ratio, digits, locale),
      duration: (ms: number) => formatDuration(ms, locale),
      relative: (at: number, now: number) => formatRelative(at, now, locale),
      dateTime: (at: number | string) => formatDateTime(at, locale),
    }),
    [locale],
  );
}
