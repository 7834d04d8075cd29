import { i18n, type Translate } from "../i18n/instance.js";

/**
 * Today's harmful-content budget left in one category. An unlimited part (null) is left out of the
 * sentence rather than counted as ∞, which no language's plural rules can place.
 */
export function budgetLeftText(
  category: string,
  items: number | null,
  minutes: number | null,
  t: Translate = i18n.t,
): string {
  if (items === null) {
    return minutes === null
      ? t("wellbeing.leftUnlimited", { category })
      : t("wellbeing.leftMinutes", { category, count: minutes });
  }
  if (minutes === null) return t("wellbeing.leftItems", { category, count: items });
  return t("wellbeing.left", {
    category,
    items: t("wellbeing.itemCount", { count: items }),
    minutes: t("wellbeing.minuteCount", { count: minutes }),
  });
}
