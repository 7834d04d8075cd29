import type { LabelSchema, LabelValue } from "@quorum/core";
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActiveClock } from "../../lib/active-clock.js";
import { type Draft, draftValue, initialDraft, moveRankingItem, pickOption } from "../../lib/answer-draft.js";
import { keyInputOf } from "../../lib/key-event.js";
import { keyAction } from "../../lib/keyboard.js";
import { AnswerInput } from "./answer-input.js";
import { TaskView } from "./task-view.js";

interface AnswerPadProps {
  schema: LabelSchema;
  item: { id: number; data: Record<string, unknown> };
  sensitive: boolean;
  /** Keys and the submit button do nothing (the answer is on its way, or feedback is shown). */
  locked: boolean;
  onSubmit: (value: LabelValue, activeMs: number) => void;
  /** Shown under the answer control: feedback, a hint, a sending notice. */
  footer?: ReactNode;
}

/**
 * One exam or practice item with the labeling view's keyboard: number keys (then letters) pick,
 * ↑/↓ move a ranking item, Enter submits, V reveals blurred media. Skip, flag and the guidelines
 * have no place in an exam. Keyed by item, so its state starts fresh; measures active time.
 */
export function AnswerPad({ schema, item, sensitive, locked, onSubmit, footer }: AnswerPadProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(schema, item.data));
  const [message, setMessage] = useState<string | undefined>();
  const [revealed, setRevealed] = useState(!sensitive);
  const textRef = useRef<HTMLTextAreaElement | null>(null);
  const clock = useRef<ActiveClock | undefined>(undefined);
  if (!clock.current) clock.current = new ActiveClock(() => performance.now());

  useEffect(() => {
    const active = () => clock.current?.activity();
    const visibility = () => clock.current?.setVisible(document.visibilityState === "visible");
    window.addEventListener("keydown", active, true);
    window.addEventListener("pointerdown", active, true);
    document.addEventListener("visibilitychange", visibility);
    return () => {
      window.removeEventListener("keydown", active, true);
      window.removeEventListener("pointerdown", active, true);
      document.removeEventListener("visibilitychange", visibility);
    };
  }, []);

  const latest = useRef({ draft, locked, onSubmit });
  latest.current = { draft, locked, onSubmit };

  const submit = () => {
    const { draft: d, locked: isLocked, onSubmit: send } = latest.current;
    if (isLocked) return;
    const result = draftValue(schema, d, item.data, t);
    if (!result.ok) {
      setMessage(result.message);
      return;
    }
    send(result.value, clock.current?.read() ?? 0);
  };

  // A layout effect, as in the workbench: the keys listen before the new item is painted.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the handler reads the latest state through a ref
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { draft: d, locked: isLocked } = latest.current;
      if (isLocked || event.defaultPrevented || event.repeat) return;
      const action = keyAction(schema, keyInputOf(event), d.type === "ranking" ? d.order.length : 0);
      if (!action) return;
      switch (action.type) {
        case "pick":
          setMessage(undefined);
          setDraft((x) => pickOption(schema, x, action.index));
          break;
        case "move":
          setDraft((x) => moveRankingItem(x, action.delta));
          break;
        case "submit":
          submit();
          break;
        case "reveal":
          setRevealed(true);
          break;
        case "focus_text":
          textRef.current?.focus();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [schema]);

  const pairPick = draft.type === "choice" && schema.type === "pairwise" ? String(draft.value) : undefined;
  return (
    <>
      <section className="task-pane" data-exam-item-id={item.id} aria-label={t("certification.item", { id: item.id })}>
        <TaskView
          schema={schema}
          data={item.data}
          blurred={!revealed}
          onReveal={() => setRevealed(true)}
          highlight={pairPick}
        />
      </section>
      <aside className="answer-pane" aria-label={t("workbench.yourAnswer")}>
        <div className="answer-head">
          <h2>{t("workbench.yourAnswer")}</h2>
        </div>
        <AnswerInput
          schema={schema}
          data={item.data}
          draft={draft}
          onPick={(index) => {
            setMessage(undefined);
            setDraft((x) => pickOption(schema, x, index));
          }}
          onMove={(delta) => setDraft((x) => moveRankingItem(x, delta))}
          onText={(text) => {
            setMessage(undefined);
            setDraft({ type: "text", text });
          }}
          textRef={textRef}
        />
        <div className="answer-message" role="alert">
          {message}
        </div>
        <div className="answer-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={submit}
            disabled={locked}
            aria-keyshortcuts="Enter"
          >
            {t("workbench.submit")} <kbd>Enter</kbd>
          </button>
        </div>
        {footer}
      </aside>
    </>
  );
}
