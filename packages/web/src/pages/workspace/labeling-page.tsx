import { guidelineSections, type LabelSchema, schemaClasses } from "@quorum/core";
import type { AnnotatorProjectFields, AssignmentView, GuidelinesResponse } from "@quorum/server";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { leaseListCheck, leaseResponseCheck } from "../../api/body-check.js";
import { ApiError, api, apiOptional, describeError } from "../../api/client.js";
import { useTitleSubject } from "../../components/document-title.js";
import { Field } from "../../components/field.js";
import { GuidelinesPanel } from "../../components/guidelines-panel.js";
import { Link, useRouter } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, Modal, PageLoading } from "../../components/ui.js";
import type { Translate } from "../../i18n/instance.js";
import { LanguageSwitcher } from "../../i18n/language-switcher.js";
import { formatLabelValue } from "../../lib/choices.js";
import { GOLD_WAIT_MS, goldInTime } from "../../lib/gold-wait.js";
import { shortcutHelp } from "../../lib/keyboard.js";
import { LeaseQueue } from "../../lib/lease-queue.js";
import type { PendingJudgment } from "../../lib/local-queue.js";
import { newClientKey } from "../../lib/local-queue.js";
import { projectCategories } from "../../lib/wellbeing.js";
import { GoldFeedbackCard, type GoldFeedbackItem } from "./gold-feedback.js";
import { askQuestion, judgmentSender, pendingJudgments, randomId } from "./stores.js";
import { imageUrls } from "./task-view.js";
import { BreakReminder, ExposureStrip, NoTaskReason, useWellbeing } from "./wellbeing-strip.js";
import { leaseAnywhere, workingAnywhere } from "./work-anywhere.js";
import { Workbench } from "./workbench.js";

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
  const { t } = useTranslation();
  const { user } = useSession();
  const [project, setProject] = useState<AnnotatorProjectFields | undefined>();
  const [loadError, setLoadError] = useState<{ message: string; notFound: boolean } | undefined>();
  const [started, setStarted] = useState(false);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const queueRef = useRef<LeaseQueue<AssignmentView> | undefined>(undefined);
  if (!queueRef.current) queueRef.current = new LeaseQueue(leaseSource(projectId), Date.now, 1);
  const queue = queueRef.current;

  const [guidelinesOpen, toggleGuidelines] = useGuidelinesOpen();
  const [helpOpen, setHelpOpen] = useState(false);
  const [flagOpen, setFlagOpen] = useState(false);
  const [doneCount, setDoneCount] = useState(0);
  /** Gold feedback shown on its own task, before the next one replaces it. */
  const [held, setHeld] = useState<GoldFeedbackItem | undefined>();
  /** Gold feedback that came after the next task was shown: it stays beside it until dismissed. */
  const [late, setLate] = useState<GoldFeedbackItem[]>([]);
  /** Judgments whose first answer the page is still waiting for (their feedback is not "late"). */
  const awaiting = useRef(new Set<string>());
  const [sending, setSending] = useState(() => ({ waiting: 0, problems: [] as PendingJudgment[] }));
  const categories = project ? projectCategories(project) : [];
  // Exposure is read again every 5 answers and when the queue runs dry (a budget may be why).
  const wellbeing = useWellbeing(
    categories.length > 0,
    Math.floor(doneCount / 5) + (queueRef.current?.exhausted ? 0.5 : 0),
  );

  const load = useCallback(() => {
    setLoadError(undefined);
    api<AnnotatorProjectFields>(`/projects/${projectId}`)
      .then((p) => {
        setProject(p);
        return queue.start().then(() => setStarted(true));
      })
      .catch((e: unknown) =>
        setLoadError({ message: describeError(e, t), notFound: e instanceof ApiError && e.status === 404 }),
      );
  }, [projectId, queue, t]);

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
      const { judgment } = event.type === "changed" ? { judgment: undefined } : event;
      if (
        event.type === "stored" &&
        event.gold &&
        judgment?.projectId === projectId &&
        !awaiting.current.has(judgment.id)
      ) {
        const item = { id: judgment.id, taskId: judgment.taskId, value: judgment.value, gold: event.gold };
        setLate((list) => [...list.slice(-2), item]);
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

  // Next task anywhere: when this project runs dry, move to the best project that has work.
  const { navigate } = useRouter();
  const [anywhere, setAnywhere] = useState<"off" | "looking" | "none">(() => (workingAnywhere() ? "looking" : "off"));
  const exhausted = queue.exhausted;
  useEffect(() => {
    if (!exhausted || anywhere !== "looking") return;
    let cancelled = false;
    leaseAnywhere()
      .then((next) => {
        if (cancelled) return;
        if (next === undefined) setAnywhere("none");
        else if (next === projectId) void queue.retry();
        else navigate({ name: "label", projectId: next });
      })
      .catch(() => {
        if (!cancelled) setAnywhere("none");
      });
    return () => {
      cancelled = true;
    };
  }, [exhausted, anywhere, projectId, queue, navigate]);

  // The server's answer comes back within a round trip: a gold task's feedback is then shown on
  // that task, and the next one waits until the annotator moves on (see GOLD_WAIT_MS).
  const submit = useCallback(
    async (lease: AssignmentView, value: unknown, activeMs: number) => {
      const id = newClientKey(lease.id, randomId);
      awaiting.current.add(id);
      const outcome = judgmentSender.submit({
        id,
        projectId,
        assignmentId: lease.id,
        taskId: lease.task.id,
        value,
        activeMs,
      });
      setDoneCount((n) => n + 1);
      const gold = await goldInTime(outcome, GOLD_WAIT_MS);
      awaiting.current.delete(id);
      if (gold) setHeld({ id, taskId: lease.task.id, value, gold });
      else queue.advance();
    },
    [projectId, queue],
  );

  const moveOn = useCallback(() => {
    setHeld(undefined);
    queue.advance();
  }, [queue]);

  const skip = useCallback(
    (lease: AssignmentView) => {
      void api(`/assignments/${lease.id}/skip`, { method: "POST" }).catch(() => undefined);
      queue.advance();
    },
    [queue],
  );

  useTitleSubject(project?.name);
  if (loadError)
    return (
      <div className="labeling-message">
        {/* A project that is not there (or not theirs) will not be there on a retry either. */}
        <ErrorBanner error={loadError.message} {...(loadError.notFound ? {} : { onRetry: load })} />
        <Link to={{ name: "work" }}>{t("common.backToProjects")}</Link>
      </div>
    );
  if (!project || !started || !wellbeing.ready) return <PageLoading />;

  const schema = project.schema;
  return (
    <div
      className={`labeling ${guidelinesOpen ? "with-guidelines" : ""}`}
      data-next-ready={queue.ready ? "1" : "0"}
      data-pending={sending.waiting}
    >
      <header className="label-bar">
        <Link to={{ name: "work" }} className="btn btn-ghost btn-small" title={t("labeling.backTitle")}>
          <span className="arrow-back" aria-hidden="true">
            ←
          </span>{" "}
          {t("labeling.projects")}
        </Link>
        <h1 className="label-bar-title" dir="auto" title={project.name}>
          {project.name}
        </h1>
        <span className="label-bar-task">{current ? t("common.taskNumber", { id: current.task.id }) : ""}</span>
        <span className="label-bar-spacer" />
        <ExposureStrip state={wellbeing.state} categories={categories} />
        <SaveStatus waiting={sending.waiting} onRetry={() => judgmentSender.retryNow()} />
        <span className="label-bar-count" title={t("labeling.doneTitle")}>
          {t("labeling.done", { count: doneCount })}
        </span>
        <LanguageSwitcher userId={user.id} />
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => setHelpOpen(true)}
          aria-keyshortcuts="?"
        >
          {t("labeling.shortcuts")} <kbd>?</kbd>
        </button>
        <button
          type="button"
          className={`btn btn-small ${guidelinesOpen ? "btn-active" : "btn-ghost"}`}
          onClick={toggleGuidelines}
          aria-expanded={guidelinesOpen}
          aria-controls="guidelines-panel"
          aria-keyshortcuts="g"
        >
          {t("labeling.guidelines")} <kbd>G</kbd>
        </button>
      </header>

      {sending.problems.length > 0 && <ProblemList problems={sending.problems} schema={schema} />}
      <BreakReminder state={wellbeing.state} />

      <main className="label-body">
        {current ? (
          <Workbench
            key={current.id}
            lease={current}
            project={project}
            schema={schema}
            media={wellbeing.state?.media}
            lastAvailable={queue.exhausted && queue.upcoming.length === 0}
            overlayOpen={helpOpen || flagOpen}
            held={held}
            late={late}
            onDismissLate={(id) => setLate((list) => list.filter((f) => f.id !== id))}
            onContinue={moveOn}
            onSubmit={(value, activeMs) => void submit(current, value, activeMs)}
            onSkip={() => skip(current)}
            onHelp={() => setHelpOpen(true)}
            onFlag={() => setFlagOpen(true)}
            onToggleGuidelines={toggleGuidelines}
          />
        ) : queue.exhausted ? (
          <div className="labeling-message">
            {/* Feedback on the last tasks that came after them stays until read. */}
            {late.map((item) => (
              <GoldFeedbackCard
                key={item.id}
                item={item}
                schema={schema}
                held={false}
                onDone={() => setLate((list) => list.filter((f) => f.id !== item.id))}
              />
            ))}
            <NoTaskReason state={wellbeing.state} categories={categories} />
            <EmptyState title={t("labeling.caughtUp")}>
              <p className="muted" role="status">
                {anywhere === "looking"
                  ? t("labeling.lookingElsewhere")
                  : anywhere === "none"
                    ? t("labeling.nothingAnywhere")
                    : t("labeling.nothingLeft")}
              </p>
              <div className="row-actions">
                <button type="button" className="btn" onClick={() => void queue.retry()}>
                  {t("common.checkAgain")}
                </button>
                <Link to={{ name: "work" }} className="btn btn-primary">
                  {t("common.backToProjects")}
                </Link>
              </div>
            </EmptyState>
          </div>
        ) : queue.error instanceof ApiError && queue.error.code === "annotator_paused" ? (
          <div className="labeling-message">
            <EmptyState title={t("labeling.paused")}>
              <p className="paused-reason" data-testid="paused-reason">
                {queue.error.message}
              </p>
              <p className="muted">{t("labeling.pausedHint")}</p>
              <div className="row-actions">
                <button type="button" className="btn" onClick={() => void queue.retry()}>
                  {t("common.checkAgain")}
                </button>
                <Link to={{ name: "work" }} className="btn btn-primary">
                  {t("common.backToProjects")}
                </Link>
              </div>
            </EmptyState>
          </div>
        ) : queue.error ? (
          <div className="labeling-message">
            <ErrorBanner error={describeError(queue.error, t)} onRetry={() => void queue.retry()} />
          </div>
        ) : (
          <div className="labeling-message">
            <PageLoading />
          </div>
        )}
        {guidelinesOpen && (
          <GuidelinesPanel projectId={projectId} version={current?.guidelineVersion} onClose={toggleGuidelines} />
        )}
      </main>

      <Modal title={t("labeling.shortcutsTitle")} open={helpOpen} onClose={() => setHelpOpen(false)}>
        <table className="shortcuts">
          <tbody>
            {shortcutHelp(schema, t).map((s) => (
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
      <Modal title={t("flag.title")} open={flagOpen} onClose={() => setFlagOpen(false)}>
        {current && (
          <FlagForm projectId={projectId} schema={schema} lease={current} onDone={() => setFlagOpen(false)} />
        )}
      </Modal>
    </div>
  );
}

function SaveStatus({ waiting, onRetry }: { waiting: number; onRetry: () => void }) {
  const { t } = useTranslation();
  if (waiting === 0)
    return (
      <span className="save-status save-ok" role="status">
        {t("labeling.allSaved")}
      </span>
    );
  return (
    <span className="save-status save-waiting" role="status">
      {t("labeling.waiting", { count: waiting })}
      <button type="button" className="btn btn-small btn-ghost" onClick={onRetry}>
        {t("labeling.retryNow")}
      </button>
    </span>
  );
}

function ProblemList({ problems, schema }: { problems: PendingJudgment[]; schema: LabelSchema }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner-warn problem-list" role="alert">
      {problems.map((p) => (
        <div key={p.id} className="problem">
          <span>
            <strong>{t("common.taskNumber", { id: p.taskId })}:</strong>{" "}
            {t("labeling.problem", {
              message: p.message ?? t("labeling.notAccepted"),
              answer: formatLabelValue(schema, p.value, t),
            })}
          </span>
          <span className="row-actions">
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void navigator.clipboard?.writeText(JSON.stringify({ taskId: p.taskId, value: p.value }))}
            >
              {t("labeling.copyAnswer")}
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => judgmentSender.discard(p.id)}>
              {t("labeling.discard")}
            </button>
          </span>
        </div>
      ))}
    </div>
  );
}

/**
 * The labels an annotator may say they are unsure about (the schema's classes, or a taxonomy's
 * options), each with the name the annotator reads on the answer pad.
 */
function labelsInDoubt(schema: LabelSchema, t: Translate): { value: string; text: string }[] {
  if (schema.type === "multi_label")
    return schema.options.map((o) => ({ value: o.value, text: formatLabelValue(schema, o.value, t) }));
  return (schemaClasses(schema) ?? []).map((value) => ({ value, text: formatLabelValue(schema, value, t) }));
}

function FlagForm({
  projectId,
  schema,
  lease,
  onDone,
}: {
  projectId: number;
  schema: LabelSchema;
  lease: AssignmentView;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [section, setSection] = useState("");
  const [label, setLabel] = useState("");
  const sections = useGuidelineHeadings(projectId);
  const labels = labelsInDoubt(schema, t);
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
    const outcome = await askQuestion({
      projectId,
      taskId: lease.task.id,
      assignmentId: lease.id,
      text: text.trim(),
      ...(section ? { section } : {}),
      ...(label ? { label } : {}),
    });
    setBusy(false);
    if (outcome.kind === "refused") {
      setStatus({ done: false, text: t("flag.notSent", { message: outcome.message }) });
      return;
    }
    setStatus({
      done: true,
      text: outcome.kind === "sent" ? t("flag.sent") : t("flag.kept"),
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
      <p className="muted">{t("flag.attached", { id: lease.task.id })}</p>
      <Field label={t("flag.label")}>
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
      {sections.length > 0 && (
        <Field label={t("flag.section")}>
          {(control) => (
            <select {...control} value={section} onChange={(e) => setSection(e.target.value)}>
              <option value="">{t("flag.noChoice")}</option>
              {sections.map((heading) => (
                <option key={heading} value={heading}>
                  {heading}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {labels.length > 0 && (
        <Field label={t("flag.labelInDoubt")}>
          {(control) => (
            <select {...control} value={label} onChange={(e) => setLabel(e.target.value)}>
              <option value="">{t("flag.noChoice")}</option>
              {labels.map(({ value, text }) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <div className="row-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={text.trim().length < 3 || busy || status?.done === true}
        >
          {t("flag.send")} <kbd>Ctrl+Enter</kbd>
        </button>
        <span role="status" className={status && !status.done ? "text-bad" : ""}>
          {status?.text}
        </span>
      </div>
    </form>
  );
}

/** The headings of the guidelines in force (the original text, whose headings questions are filed under). */
function useGuidelineHeadings(projectId: number): string[] {
  const [headings, setHeadings] = useState<string[]>([]);
  useEffect(() => {
    let cancelled = false;
    api<GuidelinesResponse>(`/projects/${projectId}/guidelines`)
      .then((g) => {
        const current = g.versions.find((v) => v.version === g.current);
        if (!cancelled && current) setHeadings(guidelineSections(current.body).map((s) => s.heading));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [projectId]);
  return headings;
}
