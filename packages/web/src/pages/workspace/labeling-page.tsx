import type { LabelSchema } from "@quorum/core";
import type {
  AssignmentView,
  GoldFeedback,
  GuidelinesResponse,
  GuidelineVersionView,
  ProjectView,
} from "@quorum/server";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { leaseListCheck, leaseResponseCheck } from "../../api/body-check.js";
import { ApiError, api, apiOptional, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { MarkdownView } from "../../components/markdown-view.js";
import { Link } from "../../components/router.js";
import { EmptyState, ErrorBanner, Modal, PageLoading } from "../../components/ui.js";
import { formatLabelValue } from "../../lib/choices.js";
import { shortcutHelp } from "../../lib/keyboard.js";
import { LeaseQueue } from "../../lib/lease-queue.js";
import type { PendingJudgment } from "../../lib/local-queue.js";
import { newClientKey } from "../../lib/local-queue.js";
import { askQuestion, judgmentSender, pendingJudgments, randomId } from "./stores.js";
import { imageUrls } from "./task-view.js";
import { Workbench } from "./workbench.js";

interface Feedback {
  id: string;
  taskId: number;
  gold: GoldFeedback;
}

function leaseSource(projectId: number) {
  return {
    resume: async () => (await api(`/projects/${projectId}/assignments`, { check: leaseListCheck })).assignments,
    next: async () =>
      (await apiOptional(`/projects/${projectId}/assignments/next`, { method: "POST", check: leaseResponseCheck }))
        ?.assignment,
  };
}

function useGuidelinesOpen(): [boolean, () => void] {
  const [open, setOpen] = useState(() => {
    const saved = window.localStorage?.getItem("quorum.guidelines-open");
    return saved === null || saved === undefined ? window.innerWidth >= 1400 : saved === "1";
  });
  const toggle = useCallback(() => {
    setOpen((o) => {
      window.localStorage?.setItem("quorum.guidelines-open", o ? "0" : "1");
      return !o;
    });
  }, []);
  return [open, toggle];
}

/** The labeling view: one task at a time, the next one already leased, answers sent in the background. */
export function LabelingPage({ projectId }: { projectId: number }) {
  const [project, setProject] = useState<ProjectView | undefined>();
  const [guidelines, setGuidelines] = useState<GuidelineVersionView | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [started, setStarted] = useState(false);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const queueRef = useRef<LeaseQueue<AssignmentView> | undefined>(undefined);
  if (!queueRef.current) queueRef.current = new LeaseQueue(leaseSource(projectId), Date.now, 1);
  const queue = queueRef.current;

  const [guidelinesOpen, toggleGuidelines] = useGuidelinesOpen();
  const [helpOpen, setHelpOpen] = useState(false);
  const [flagOpen, setFlagOpen] = useState(false);
  const [doneCount, setDoneCount] = useState(0);
  const [feedback, setFeedback] = useState<Feedback[]>([]);
  const [sending, setSending] = useState(() => ({ waiting: 0, problems: [] as PendingJudgment[] }));

  const loadGuidelines = useCallback(() => {
    api<GuidelinesResponse>(`/projects/${projectId}/guidelines`)
      .then((g) => setGuidelines(g.versions.find((v) => v.version === g.current) ?? g.versions[0]))
      .catch(() => undefined);
  }, [projectId]);

  const load = useCallback(() => {
    setLoadError(undefined);
    api<ProjectView>(`/projects/${projectId}`)
      .then((p) => {
        setProject(p);
        loadGuidelines();
        return queue.start().then(() => setStarted(true));
      })
      .catch((e: unknown) => setLoadError(describeError(e)));
  }, [projectId, queue, loadGuidelines]);

  useEffect(() => {
    const unsubscribe = queue.subscribe(rerender);
    // Back online after a failed fetch-ahead: try again at once.
    const online = () => {
      if (queue.error) void queue.fill();
    };
    window.addEventListener("online", online);
    load();
    return () => {
      unsubscribe();
      window.removeEventListener("online", online);
      // Leases fetched ahead go back to the pool; the one on screen stays, to resume.
      for (const lease of queue.upcoming)
        void fetch(`/api/v1/assignments/${lease.id}/release`, {
          method: "POST",
          credentials: "same-origin",
          keepalive: true,
        });
    };
  }, [queue, load]);

  // Sending status and kept answers for this project.
  useEffect(() => {
    const refresh = () => {
      const mine = pendingJudgments.list().filter((j) => j.projectId === projectId);
      setSending({
        waiting: mine.filter((j) => j.state === "sending").length,
        problems: mine.filter((j) => j.state !== "sending"),
      });
    };
    refresh();
    return judgmentSender.subscribe((event) => {
      if (event.type === "stored" && event.gold && event.judgment.projectId === projectId) {
        const item = { id: event.judgment.id, taskId: event.judgment.taskId, gold: event.gold };
        setFeedback((list) => [...list.slice(-2), item]);
        window.setTimeout(
          () => setFeedback((list) => list.filter((f) => f.id !== item.id)),
          event.gold.correct ? 4000 : 12_000,
        );
      }
      refresh();
    });
  }, [projectId]);

  // Warm the image cache for the task waiting next, so it appears without a flash.
  const upcoming = queue.upcoming[0];
  useEffect(() => {
    if (!upcoming) return;
    for (const url of imageUrls(upcoming.task.data).slice(0, 8)) new Image().src = url;
  }, [upcoming]);

  const current = queue.current;
  useEffect(() => {
    if (current && guidelines && current.guidelineVersion !== guidelines.version) loadGuidelines();
  }, [current, guidelines, loadGuidelines]);

  const submit = useCallback(
    (lease: AssignmentView, value: unknown, activeMs: number) => {
      judgmentSender.submit({
        id: newClientKey(lease.id, randomId),
        projectId,
        assignmentId: lease.id,
        taskId: lease.task.id,
        value,
        activeMs,
      });
      setDoneCount((n) => n + 1);
      queue.advance();
    },
    [projectId, queue],
  );

  const skip = useCallback(
    (lease: AssignmentView) => {
      void api(`/assignments/${lease.id}/skip`, { method: "POST" }).catch(() => undefined);
      queue.advance();
    },
    [queue],
  );

  if (loadError)
    return (
      <div className="labeling-message">
        <ErrorBanner error={loadError} onRetry={load} />
        <Link to={{ name: "work" }}>Back to projects</Link>
      </div>
    );
  if (!project || !started) return <PageLoading />;

  const schema = project.schema;
  return (
    <div
      className={`labeling ${guidelinesOpen ? "with-guidelines" : ""}`}
      data-next-ready={queue.ready ? "1" : "0"}
      data-pending={sending.waiting}
    >
      <header className="label-bar">
        <Link to={{ name: "work" }} className="btn btn-ghost btn-small" title="Back to projects">
          ← Projects
        </Link>
        <h1 className="label-bar-title">{project.name}</h1>
        <span className="label-bar-task">{current ? `Task #${current.task.id}` : ""}</span>
        <span className="label-bar-spacer" />
        <SaveStatus waiting={sending.waiting} onRetry={() => judgmentSender.retryNow()} />
        <span className="label-bar-count" title="Submitted in this session">
          {doneCount} done
        </span>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => setHelpOpen(true)}
          aria-keyshortcuts="?"
        >
          Shortcuts <kbd>?</kbd>
        </button>
        <button
          type="button"
          className={`btn btn-small ${guidelinesOpen ? "btn-active" : "btn-ghost"}`}
          onClick={toggleGuidelines}
          aria-expanded={guidelinesOpen}
          aria-controls="guidelines-panel"
          aria-keyshortcuts="g"
        >
          Guidelines <kbd>G</kbd>
        </button>
      </header>

      {sending.problems.length > 0 && <ProblemList problems={sending.problems} schema={schema} />}

      <div className="label-body">
        {current ? (
          <Workbench
            key={current.id}
            lease={current}
            project={project}
            schema={schema}
            lastAvailable={queue.exhausted && queue.upcoming.length === 0}
            overlayOpen={helpOpen || flagOpen}
            onSubmit={(value, activeMs) => submit(current, value, activeMs)}
            onSkip={() => skip(current)}
            onHelp={() => setHelpOpen(true)}
            onFlag={() => setFlagOpen(true)}
            onToggleGuidelines={toggleGuidelines}
          />
        ) : queue.exhausted ? (
          <div className="labeling-message">
            <EmptyState title="You're all caught up">
              <p className="muted">There is nothing left for you in this project right now.</p>
              <div className="row-actions">
                <button type="button" className="btn" onClick={() => void queue.retry()}>
                  Check again
                </button>
                <Link to={{ name: "work" }} className="btn btn-primary">
                  Back to projects
                </Link>
              </div>
            </EmptyState>
          </div>
        ) : queue.error instanceof ApiError && queue.error.code === "annotator_paused" ? (
          <div className="labeling-message">
            <EmptyState title="You're on a break from this project">
              <p className="paused-reason" data-testid="paused-reason">
                {queue.error.message}
              </p>
              <p className="muted">
                Nothing you did is lost. Your project lead can resume you; other projects are open as usual.
              </p>
              <div className="row-actions">
                <button type="button" className="btn" onClick={() => void queue.retry()}>
                  Check again
                </button>
                <Link to={{ name: "work" }} className="btn btn-primary">
                  Back to projects
                </Link>
              </div>
            </EmptyState>
          </div>
        ) : queue.error ? (
          <div className="labeling-message">
            <ErrorBanner error={describeError(queue.error)} onRetry={() => void queue.retry()} />
          </div>
        ) : (
          <div className="labeling-message">
            <PageLoading />
          </div>
        )}
        {guidelinesOpen && (
          <aside id="guidelines-panel" className="guidelines-panel" aria-label="Guidelines">
            <header>
              <h2>Guidelines</h2>
              {guidelines && <span className="muted">version {guidelines.version}</span>}
              <button type="button" className="btn-icon" onClick={toggleGuidelines} aria-label="Hide guidelines">
                ×
              </button>
            </header>
            <div className="guidelines-body">
              {guidelines ? (
                <MarkdownView source={guidelines.body} />
              ) : (
                <p className="muted">This project has no guidelines yet.</p>
              )}
            </div>
          </aside>
        )}
      </div>

      <div className="toasts" aria-live="polite">
        {feedback.map((f) => (
          <div key={f.id} className={`toast ${f.gold.correct ? "toast-good" : "toast-bad"}`}>
            <strong>{f.gold.correct ? "Gold check: correct" : "Gold check: not the expected answer"}</strong>
            <span>Task #{f.taskId}</span>
            {!f.gold.correct && <span>Expected: {formatLabelValue(schema, f.gold.answer)}</span>}
            {f.gold.explanation && <span className="muted">{f.gold.explanation}</span>}
          </div>
        ))}
      </div>

      <Modal title="Keyboard shortcuts" open={helpOpen} onClose={() => setHelpOpen(false)}>
        <table className="shortcuts">
          <tbody>
            {shortcutHelp(schema).map((s) => (
              <tr key={s.keys + s.action}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Modal>
      <Modal title="This case is unclear" open={flagOpen} onClose={() => setFlagOpen(false)}>
        {current && <FlagForm projectId={projectId} lease={current} onDone={() => setFlagOpen(false)} />}
      </Modal>
    </div>
  );
}

function SaveStatus({ waiting, onRetry }: { waiting: number; onRetry: () => void }) {
  if (waiting === 0)
    return (
      <span className="save-status save-ok" role="status">
        All answers saved
      </span>
    );
  return (
    <span className="save-status save-waiting" role="status">
      {waiting === 1 ? "1 answer" : `${waiting} answers`} waiting to send
      <button type="button" className="btn btn-small btn-ghost" onClick={onRetry}>
        Retry now
      </button>
    </span>
  );
}

function ProblemList({ problems, schema }: { problems: PendingJudgment[]; schema: LabelSchema }) {
  return (
    <div className="banner banner-warn problem-list" role="alert">
      {problems.map((p) => (
        <div key={p.id} className="problem">
          <span>
            <strong>Task #{p.taskId}:</strong> {p.message ?? "not accepted"}. Your answer (
            <em>{formatLabelValue(schema, p.value)}</em>) is kept in this browser.
          </span>
          <span className="row-actions">
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void navigator.clipboard?.writeText(JSON.stringify({ taskId: p.taskId, value: p.value }))}
            >
              Copy answer
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => judgmentSender.discard(p.id)}>
              Discard
            </button>
          </span>
        </div>
      ))}
    </div>
  );
}

function FlagForm({ projectId, lease, onDone }: { projectId: number; lease: AssignmentView; onDone: () => void }) {
  const [text, setText] = useState("");
  const [status, setStatus] = useState<{ done: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  // After the dialog has opened (its own focus step runs after this component mounts).
  useEffect(() => {
    const timer = window.setTimeout(() => textRef.current?.focus(), 0);
    return () => window.clearTimeout(timer);
  }, []);
  const send = async () => {
    if (busy || text.trim().length < 3) return;
    setBusy(true);
    const outcome = await askQuestion({ projectId, taskId: lease.task.id, assignmentId: lease.id, text: text.trim() });
    setBusy(false);
    if (outcome.kind === "refused") {
      setStatus({ done: false, text: `Not sent: ${outcome.message}` });
      return;
    }
    setStatus({
      done: true,
      text:
        outcome.kind === "sent"
          ? "Sent to the project team. The answer will be on your home page."
          : "No connection: your question is kept in this browser and sent when the connection returns.",
    });
    window.setTimeout(onDone, 1400);
  };
  return (
    <form
      className="flag-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <p className="muted">Task #{lease.task.id} is attached. Say what is unclear; you can still answer or skip it.</p>
      <Field label="What is unclear?">
        {(control) => (
          <textarea
            {...control}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void send();
              }
            }}
            rows={4}
            required
            minLength={3}
            maxLength={5000}
            ref={textRef}
          />
        )}
      </Field>
      <div className="row-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={text.trim().length < 3 || busy || status?.done === true}
        >
          Send question <kbd>Ctrl+Enter</kbd>
        </button>
        <span role="status" className={status && !status.done ? "text-bad" : ""}>
          {status?.text}
        </span>
      </div>
    </form>
  );
}
