import type { HarmCategory } from "@quorum/core";
import type { WellbeingStateView } from "@quorum/server";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { useFormat } from "../../i18n/use-format.js";
import { budgetLeftText } from "../../lib/budget-left-text.js";
import { exposureFor, onBreak } from "../../lib/wellbeing.js";

/** How often the workbench reads the person's exposure while they work on harmful content. */
const REFRESH_MS = 60_000;

/**
 * The caller's wellbeing state, read when `harmful` (never for benign projects), every minute and
 * whenever `refreshKey` changes. `ready` is true once read (or at once when not harmful).
 */
export function useWellbeing(harmful: boolean, refreshKey: number) {
  const [state, setState] = useState<WellbeingStateView | undefined>();
  const [settled, setSettled] = useState(false);
  const refresh = useCallback(() => {
    if (!harmful) return;
    api<WellbeingStateView>("/wellbeing/me")
      .then(setState)
      .catch(() => undefined)
      .finally(() => setSettled(true));
  }, [harmful]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey asks for a new read
  useEffect(() => {
    refresh();
    if (!harmful) return;
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, harmful, refreshKey]);
  return { state, ready: !harmful || settled, refresh };
}

/** What is left of today's budgets in the project's categories. */
export function ExposureStrip({
  state,
  categories,
}: {
  state: WellbeingStateView | undefined;
  categories: readonly HarmCategory[];
}) {
  const { t } = useTranslation();
  const shown = exposureFor(state, categories);
  if (shown.length === 0) return null;
  return (
    <ul className="exposure-strip" aria-label={t("wellbeing.exposureTitle")} data-testid="exposure-strip">
      {shown.map((c) => {
        const category = t(`wellbeing.categories.${c.category}`);
        const text = c.exhausted
          ? t("wellbeing.exhausted", { category })
          : budgetLeftText(category, c.itemsLeft, c.minutesLeft === null ? null : Math.floor(c.minutesLeft), t);
        return (
          <li key={c.category} className={`exposure-pill ${c.exhausted ? "exposure-pill-exhausted" : ""}`}>
            {text}
          </li>
        );
      })}
    </ul>
  );
}

/** A reminder to rest after a long stretch of harmful work; Continue hides it until the next stretch. */
export function BreakReminder({ state }: { state: WellbeingStateView | undefined }) {
  const { t } = useTranslation();
  const [dismissedAt, setDismissedAt] = useState<number | undefined>();
  if (!state?.reminderDue) return null;
  if (dismissedAt !== undefined && state.continuousMinutes < dismissedAt + state.session.reminderMinutes) return null;
  return (
    <div className="banner banner-warn banner-small" role="status" data-testid="break-reminder">
      <strong>{t("wellbeing.reminderTitle")}</strong>{" "}
      {t("wellbeing.reminder", { count: Math.floor(state.continuousMinutes) })}{" "}
      <button type="button" className="link-button" onClick={() => setDismissedAt(state.continuousMinutes)}>
        {t("wellbeing.dismiss")}
      </button>
    </div>
  );
}

/**
 * Why no task came, when wellbeing limits are why: the break screen during a session-cap break, or
 * the budget message when the project's categories are exhausted for today. Null otherwise.
 */
export function NoTaskReason({
  state,
  categories,
}: {
  state: WellbeingStateView | undefined;
  categories: readonly HarmCategory[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!state) return null;
  if (onBreak(state, Date.now()) && state.breakUntil)
    return (
      <section className="break-screen card" data-testid="break-screen" aria-live="polite">
        <h2>{t("wellbeing.breakTitle")}</h2>
        <p>{t("wellbeing.breakUntil", { time: format.dateTime(state.breakUntil) })}</p>
      </section>
    );
  if (exposureFor(state, categories).some((c) => c.exhausted))
    return (
      <section className="break-screen card" data-testid="budget-reached" aria-live="polite">
        <h2>{t("wellbeing.budgetReachedTitle")}</h2>
        <p>{t("wellbeing.budgetReached")}</p>
      </section>
    );
  return null;
}
