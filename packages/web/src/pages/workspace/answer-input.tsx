import type { LabelSchema, ToolVariant } from "@quorum/core";
import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useTouchOnly } from "../../components/touch-only.js";
import type { Draft } from "../../lib/answer-draft.js";
import { choicesFor } from "../../lib/choices.js";
import { rankingItemTexts } from "../../lib/task-content.js";

interface AnswerInputProps {
  schema: LabelSchema;
  data: Record<string, unknown>;
  draft: Draft;
  onPick: (index: number) => void;
  onMove: (delta: -1 | 1) => void;
  onText: (text: string) => void;
  textRef: React.RefObject<HTMLTextAreaElement | null>;
  /** The labeling view's variant (an experiment arm's): hide the options' keys, or lay them out in two columns. */
  variant?: ToolVariant | undefined;
}

/** The answer control for the project's task type. Every option shows its key, unless the variant hides them. */
export function AnswerInput({ schema, data, draft, onPick, onMove, onText, textRef, variant }: AnswerInputProps) {
  const { t } = useTranslation();
  // A move button's name says the direction; its description says which item moves.
  const itemIdPrefix = useId();
  if (draft.type === "ranking" && schema.type === "ranking") {
    const texts = rankingItemTexts(schema, data);
    return (
      <ol className="ranking" aria-label={t("answer.ranking")}>
        {draft.order.map((id, i) => (
          <li key={id} className={i === draft.focused ? "ranking-item ranking-focused" : "ranking-item"}>
            <button
              type="button"
              className="ranking-select"
              onClick={() => onPick(i)}
              aria-pressed={i === draft.focused}
            >
              <span className="ranking-pos">{i + 1}</span>
              <span className="ranking-text" dir="auto" id={`${itemIdPrefix}-${i}`}>
                {texts.get(id) ?? id}
              </span>
            </button>
            <span className="ranking-moves">
              <button
                type="button"
                className="btn-icon"
                aria-label={t("answer.moveUp")}
                aria-describedby={`${itemIdPrefix}-${i}`}
                disabled={i === 0}
                onClick={() => {
                  onPick(i);
                  onMove(-1);
                }}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn-icon"
                aria-label={t("answer.moveDown")}
                aria-describedby={`${itemIdPrefix}-${i}`}
                disabled={i === draft.order.length - 1}
                onClick={() => {
                  onPick(i);
                  onMove(1);
                }}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
    );
  }
  if (draft.type === "text" && schema.type === "free_text") {
    return <FreeText schema={schema} text={draft.text} onText={onText} textRef={textRef} />;
  }
  const choices = choicesFor(schema, t);
  const isMulti = draft.type === "multi";
  const selected = (value: string | number) =>
    draft.type === "multi" ? draft.selected.includes(String(value)) : draft.type === "choice" && draft.value === value;
  const layout =
    schema.type === "rating" ? "choices-scale" : schema.type === "pairwise" ? "choices-pair" : "choices-list";
  const showKeys = variant !== "no_key_hints";
  let lastGroup: string | undefined;
  return (
    <fieldset
      className={`choices ${layout}${variant === "option_grid" ? " choices-grid" : ""}`}
      data-tool-variant={variant ?? "standard"}
      aria-label={isMulti ? t("answer.pickAll") : t("answer.pickOne")}
    >
      {choices.map((c, i) => {
        const heading = isMulti && c.group && c.group !== lastGroup ? c.group : undefined;
        lastGroup = c.group;
        return (
          <div key={String(c.value)} className="choice-wrap">
            {heading && <div className="choice-group">{heading}</div>}
            <button
              type="button"
              aria-pressed={selected(c.value)}
              className={`choice ${selected(c.value) ? "choice-selected" : ""}`}
              onClick={() => onPick(i)}
            >
              {c.key && showKeys && <kbd className="choice-key">{c.key}</kbd>}
              {isMulti && <span className="choice-check" aria-hidden="true" />}
              <span className="choice-label" dir="auto">
                {schema.type === "rating" && c.label !== String(c.value) ? (
                  <>
                    <span className="choice-value">{c.value}</span> {c.label}
                  </>
                ) : (
                  c.label
                )}
              </span>
            </button>
          </div>
        );
      })}
    </fieldset>
  );
}

function FreeText({
  schema,
  text,
  onText,
  textRef,
}: {
  schema: { minLength: number; maxLength: number };
  text: string;
  onText: (text: string) => void;
  textRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const { t } = useTranslation();
  const touchOnly = useTouchOnly();
  const local = useRef<HTMLTextAreaElement | null>(null);
  useEffect(() => {
    local.current?.focus();
  }, []);
  const length = text.trim().length;
  return (
    <div className="free-text">
      <label className="visually-hidden" htmlFor="answer-text">
        {t("workbench.yourAnswer")}
      </label>
      <textarea
        id="answer-text"
        ref={(el) => {
          local.current = el;
          textRef.current = el;
        }}
        value={text}
        maxLength={schema.maxLength + 50}
        onChange={(e) => onText(e.target.value)}
        rows={8}
        placeholder={touchOnly ? t("answer.placeholderTouch") : t("answer.placeholder")}
      />
      <div className={`char-count ${length > schema.maxLength || length < schema.minLength ? "char-count-bad" : ""}`}>
        {length} / {schema.maxLength}
        {schema.minLength > 1 && ` ${t("answer.atLeast", { count: schema.minLength })}`}
      </div>
    </div>
  );
}
