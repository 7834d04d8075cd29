import type { LabelSchema } from "@quorum/core";
import type { AnnotatorProjectFields, AssignmentView, WellbeingStateView } from "@quorum/server";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActiveClock } from "../../lib/active-clock.js";
import { type Draft, draftValue, initialDraft, moveRankingItem, pickOption } from "../../lib/answer-draft.js";
import { keyInputOf } from "../../lib/key-event.js";
import { keyAction } from "../../lib/keyboard.js";
import { taskFilters } from "../../lib/wellbeing.js";
import { AnswerInput } from "./answer-input.js";
import { GoldFeedbackCard, type GoldFeedbackItem } from "./gold-feedback.js";
import { LeaseTimer } from "./lease-timer.js";
import { TaskView } from "./task-view.js";

interface WorkbenchProps {
  lease: AssignmentView;
  project: AnnotatorProjectFields;
  schema: LabelSchema;
  /** The annotator's own media choices (wellbeing); the project's defaults apply where absent. */
  media?: WellbeingStateView["media"] | undefined;
  /** No further task is waiting after this one. */
  lastAvailable: boolean;
  /** A dialog is open: the workbench leaves the keyboard to it. */
  overlayOpen: boolean;
  /** Gold feedback on this task, shown before the next task: Enter (or Esc) moves on. */
  held: GoldFeedbackItem | undefined;
  /** Gold feedback on earlier tasks that arrived late, shown until dismissed. */
  late: GoldFeedbackItem[];
  onDismissLate: (id: string) => void;
  onContinue: () => void;
  onSubmit: (value: unknown, activeMs: number) => void;
  onSkip: () => void;
  onHelp: () => void;
  onFlag: () => void;
  onToggleGuidelines: () => void;
}

/** One task: its content, the answer control and the actions. Keyed by lease, so state starts fresh. */
export function Workbench(props: WorkbenchProps) {
  const { t } = useTranslation();
  const { lease, project, schema } = props;
  const data = lease.task.data;
  const [draft, setDraft] = useState<Draft>(() => initialDraft(schema, data));
  const [message, setMessage] = useState<string | undefined>();
  const filters = taskFilters(project, props.media);
  const [revealed, setRevealed] = useState(!(filters.blur || filters.greyscale));
  const [expired, setExpired] = useState(false);
  const textRef = useRef<HTMLTextAreaElement | null>(null);
  /** Submitted: a second Enter while the answer is on its way must not send it again. */
  const sent = useRef(false);
  const clock = useRef<ActiveClock | undefined>(undefined);
  if (!clock.current) clock.current = new ActiveClock(() => performance.now());

  // Active time: input and visibility.
  useEffect(() => {
    const active = () => clock.current?.activity();
    const visibility = () => clock.current?.setVisible(document.visibilityState === "visible");
    window.addEventListener("keydown", active, true);
    window.addEventListener("pointerdown", active, true);
    window.addEventListener("pointermove", active, { passive: true });
    document.addEventListener("visibilitychange", visibility);
    return () => {
      window.removeEventListener("keydown", active, true);
      window.removeEventListener("pointerdown", active, true);
      window.removeEventListener("pointermove", active);
      document.removeEventListener("visibilitychange", visibility);
    };
  }, []);

  const latest = useRef({ draft, props });
  latest.current = { draft, props };

  const submit = () => {
    const { draft: d, props: p } = latest.current;
    if (p.held) return p.onContinue();
    if (sent.current) return;
    const result = draftValue(schema, d, data, t);
    if (!result.ok) {
      setMessage(result.message);
      return;
    }
    sent.current = true;
    p.onSubmit(result.value, clock.current?.read() ?? 0);
  };

  const pick = (index: number) => {
    setMessage(undefined);
    setDraft((d) => pickOption(schema, d, index));
  };

  // A layout effect: the keys listen before the new item is painted, so a key pressed the moment it
  // appears is not lost (a passive effect attaches after paint, a frame or more later).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the handler reads the latest state through a ref
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { draft: d, props: p } = latest.current;
      if (p.overlayOpen || event.defaultPrevented || event.repeat) return;
      const action = keyAction(schema, keyInputOf(event), d.type === "ranking" ? d.order.length : 0);
      if (!action) return;
      event.preventDefault();
      // While gold feedback is on screen the task is answered: Enter or Esc moves on.
      if (p.held && (action.type === "submit" || action.type === "close")) return p.onContinue();
      if ((p.held || sent.current) && action.type !== "help" && action.type !== "guidelines") return;
      switch (action.type) {
        case "pick":
          pick(action.index);
          break;
        case "move":
          setDraft((x) => moveRankingItem(x, action.delta));
          break;
        case "submit":
          submit();
          break;
        case "skip":
          p.onSkip();
          break;
        case "help":
          p.onHelp();
          break;
        case "guidelines":
          p.onToggleGuidelines();
          break;
        case "flag":
          p.onFlag();
          break;
        case "reveal":
          setRevealed(true);
          break;
        case "focus_text":
          textRef.current?.focus();
          break;
        case "close":
          if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
          break;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [schema]);

  const pairPick = draft.type === "choice" && schema.type === "pairwise" ? String(draft.value) : undefined;
  return (
    <>
      <section
        className="task-pane"
        data-task-id={lease.task.id}
        aria-label={t("workbench.task", { id: lease.task.id })}
      >
        <TaskView
          schema={schema}
          data={data}
          blurred={!revealed && filters.blur}
          greyscale={!revealed && filters.greyscale}
          muted={filters.mute}
          onReveal={() => setRevealed(true)}
          highlight={pairPick}
        />
      </section>
      <aside className="answer-pane" aria-label={t("workbench.yourAnswer")}>
        {props.late.map((item) => (
          <GoldFeedbackCard
            key={item.id}
            item={item}
            schema={schema}
            held={false}
            onDone={() => props.onDismissLate(item.id)}
          />
        ))}
        <div className="answer-head">
          <h2>{t("workbench.yourAnswer")}</h2>
          {!props.held && <LeaseTimer expiresAt={lease.expiresAt} onExpire={() => setExpired(true)} />}
        </div>
        {expired && !props.held && (
          <div className="banner banner-warn banner-small" role="alert">
            {t("workbench.timeUp")}
          </div>
        )}
        <AnswerInput
          schema={schema}
          data={data}
          draft={draft}
          onPick={pick}
          onMove={(delta) => setDraft((x) => moveRankingItem(x, delta))}
          onText={(text) => {
            setMessage(undefined);
            setDraft({ type: "text", text });
          }}
          textRef={textRef}
          variant={lease.toolVariant}
        />
        <div className="answer-message" role="alert">
          {message}
        </div>
        {props.held ? (
          <GoldFeedbackCard item={props.held} schema={schema} held onDone={props.onContinue} />
        ) : (
          <>
            <div className="answer-actions">
              <button type="button" className="btn btn-primary" onClick={submit} aria-keyshortcuts="Enter">
                {t("workbench.submit")} <kbd>Enter</kbd>
              </button>
              <button type="button" className="btn" onClick={props.onSkip} aria-keyshortcuts="s">
                {t("workbench.skip")} <kbd>S</kbd>
              </button>
            </div>
            <button type="button" className="link-button" onClick={props.onFlag} aria-keyshortcuts="f">
              {t("workbench.unclear")} <kbd>F</kbd>
            </button>
          </>
        )}
        <p className="answer-foot muted">{props.lastAvailable ? t("workbench.lastTask") : "\u00a0"}</p>
      </aside>
    </>
  );
}
