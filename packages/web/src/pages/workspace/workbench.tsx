import type { LabelSchema } from "@quorum/core";
import type { AssignmentView, ProjectView } from "@quorum/server";
import { useEffect, useRef, useState } from "react";
import { ActiveClock } from "../../lib/active-clock.js";
import { type Draft, draftValue, initialDraft, moveRankingItem, pickOption } from "../../lib/answer-draft.js";
import { keyAction } from "../../lib/keyboard.js";
import { AnswerInput } from "./answer-input.js";
import { LeaseTimer } from "./lease-timer.js";
import { TaskView } from "./task-view.js";

interface WorkbenchProps {
  lease: AssignmentView;
  project: ProjectView;
  schema: LabelSchema;
  /** No further task is waiting after this one. */
  lastAvailable: boolean;
  /** A dialog is open: the workbench leaves the keyboard to it. */
  overlayOpen: boolean;
  onSubmit: (value: unknown, activeMs: number) => void;
  onSkip: () => void;
  onHelp: () => void;
  onFlag: () => void;
  onToggleGuidelines: () => void;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && target.type !== "checkbox" && target.type !== "radio") ||
    target instanceof HTMLSelectElement
  );
}

/** One task: its content, the answer control and the actions. Keyed by lease, so state starts fresh. */
export function Workbench(props: WorkbenchProps) {
  const { lease, project, schema } = props;
  const data = lease.task.data;
  const [draft, setDraft] = useState<Draft>(() => initialDraft(schema, data));
  const [message, setMessage] = useState<string | undefined>();
  const [revealed, setRevealed] = useState(!project.sensitive);
  const [expired, setExpired] = useState(false);
  const textRef = useRef<HTMLTextAreaElement | null>(null);
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
    const result = draftValue(schema, d, data);
    if (!result.ok) {
      setMessage(result.message);
      return;
    }
    p.onSubmit(result.value, clock.current?.read() ?? 0);
  };

  const pick = (index: number) => {
    setMessage(undefined);
    setDraft((d) => pickOption(schema, d, index));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the handler reads the latest state through a ref
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { draft: d, props: p } = latest.current;
      if (p.overlayOpen || event.defaultPrevented || event.repeat) return;
      const action = keyAction(
        schema,
        {
          key: event.key,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          inTextField: isTextField(event.target),
        },
        d.type === "ranking" ? d.order.length : 0,
      );
      if (!action) return;
      event.preventDefault();
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
      <section className="task-pane" data-task-id={lease.task.id} aria-label={`Task ${lease.task.id}`}>
        <TaskView
          schema={schema}
          data={data}
          blurred={!revealed}
          onReveal={() => setRevealed(true)}
          highlight={pairPick}
        />
      </section>
      <aside className="answer-pane" aria-label="Your answer">
        <div className="answer-head">
          <h2>Your answer</h2>
          <LeaseTimer expiresAt={lease.expiresAt} onExpire={() => setExpired(true)} />
        </div>
        {expired && (
          <div className="banner banner-warn banner-small" role="alert">
            Time is up on this task. Submit anyway: if the server refuses, your answer is kept for you.
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
        />
        <div className="answer-message" role="alert">
          {message}
        </div>
        <div className="answer-actions">
          <button type="button" className="btn btn-primary" onClick={submit} aria-keyshortcuts="Enter">
            Submit <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" onClick={props.onSkip} aria-keyshortcuts="s">
            Skip <kbd>S</kbd>
          </button>
        </div>
        <button type="button" className="link-button" onClick={props.onFlag} aria-keyshortcuts="f">
          This case is unclear <kbd>F</kbd>
        </button>
        <p className="answer-foot muted">
          {props.lastAvailable ? "This is the last task available right now." : "\u00a0"}
        </p>
      </aside>
    </>
  );
}
