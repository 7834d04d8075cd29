import type { LabelSchema } from "@quorum/core";
import type { GoldFeedback } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { formatLabelValue } from "../../lib/choices.js";

/** Feedback on an answered gold task: right or not, the annotator's answer beside the expected one, and why. */
export interface GoldFeedbackItem {
  id: string;
  taskId: number;
  /** What the annotator answered. */
  value: unknown;
  gold: GoldFeedback;
}

/**
 * One gold check's feedback, in the answer pane (never over the task or the guidelines). `held`:
 * shown on the task it is about, and "Next task" (Enter) moves on; otherwise it sits beside the
 * next task until dismissed.
 */
export function GoldFeedbackCard({
  item,
  schema,
  held,
  onDone,
}: {
  item: GoldFeedbackItem;
  schema: LabelSchema;
  held: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { gold } = item;
  return (
    <section
      className={`gold-feedback ${gold.correct ? "gold-feedback-good" : "gold-feedback-bad"}`}
      aria-label={t("gold.region")}
      data-testid="gold-feedback"
      data-held={held ? "1" : "0"}
    >
      <header>
        <strong>{gold.correct ? t("gold.correct") : t("gold.wrong")}</strong>
        {!held && (
          <button type="button" className="btn-icon" onClick={onDone} aria-label={t("gold.dismiss")}>
            ×
          </button>
        )}
      </header>
      {!held && <div className="muted small">{t("common.taskNumber", { id: item.taskId })}</div>}
      <dl className="gold-answers">
        <div className={gold.correct ? "" : "gold-answer-wrong"}>
          <dt>{t("gold.yours")}</dt>
          <dd data-testid="gold-yours">{formatLabelValue(schema, item.value, t)}</dd>
        </div>
        <div>
          <dt>{t("gold.expected")}</dt>
          <dd data-testid="gold-expected">{formatLabelValue(schema, gold.answer, t)}</dd>
        </div>
      </dl>
      {gold.explanation && (
        <div className="gold-why">
          <span className="muted">{t("gold.why")}: </span>
          <span dir="auto">{gold.explanation}</span>
        </div>
      )}
      {held && (
        <button type="button" className="btn btn-primary" onClick={onDone} aria-keyshortcuts="Enter">
          {t("gold.next")} <kbd>Enter</kbd>
        </button>
      )}
    </section>
  );
}
