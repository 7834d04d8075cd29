import { type LabelSchema, type ReviewVerdict, reviewPolicyIsOn, UNDO_WINDOW_MS } from "@quorum/core";
import type { ProjectView, ReviewItemPage, ReviewWorkView, UndoneReviewView } from "@quorum/server";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { reviewWorkCheck } from "../../api/body-check.js";
import { ApiError, api, apiOptional, describeError } from "../../api/client.js";
import { useTitleSubject } from "../../components/document-title.js";
import { Field } from "../../components/field.js";
import { GuidelinesPanel } from "../../components/guidelines-panel.js";
import { LoadError } from "../../components/load-error.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { useTouchOnly } from "../../components/touch-only.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { type Draft, draftValue, initialDraft, moveRankingItem, pickOption } from "../../lib/answer-draft.js";
import { formatLabelValue } from "../../lib/choices.js";
import { keyInputOf } from "../../lib/key-event.js";
import { describeMethod, labelKeyOf } from "../../lib/review.js";
import { type ReviewMode, reviewKeyAction, reviewShortcuts } from "../../lib/review-keys.js";
import { minutesLeft, type ReviewQueueGlance, reviewQueueGlance } from "../../lib/review-queue.js";
import { reviewSourceKey } from "../../lib/review-source.js";
import { AnswerInput } from "../workspace/answer-input.js";
import { TaskView } from "../workspace/task-view.js";
import { useApi } from "./use-api.js";

/** A verdict this session gave, which its reviewer may take back for `UNDO_WINDOW_MS` until they give another. */
interface GivenVerdict {
  itemId: number;
  taskId: number;
  verdict: ReviewVerdict;
  at: number;
}

/** Pending items counted a page at a time up to this many; beyond it the count shows "500+". */
const COUNT_LIMIT = 500;
/** The server passes over at most this many skipped items; the oldest skips are forgotten first. */
const MAX_SKIP = 100;

/**
 * A project's review queue. Opening it claims nothing: it shows what is waiting and the item
 * "Start reviewing" would give. From then on, one task at a time: the task, its gold, every
 * judgment and the aggregate, claimed for the project's review lease (shown with its expiry); the
 * reviewer accepts (A), rejects (R) or corrects (C, with the annotator's own answer control, so
 * the correction is validated the same way) and may add a note (N). S skips the item (its claim
 * is given back), "Stop reviewing" and leaving the page give the claim back too. U takes back
 * the last verdict (within two minutes, before the next one); G shows the guidelines.
 */
export function ReviewPage({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const touchOnly = useTouchOnly();
  const format = useFormat();
  const { user } = useSession();
  const project = useApi<ProjectView>(`/projects/${projectId}`);
  /** undefined: holding nothing (not started, or stopped); null: started, nothing open to this reviewer. */
  const [work, setWork] = useState<ReviewWorkView | null | undefined>(undefined);
  const [glance, setGlance] = useState<ReviewQueueGlance | undefined>();
  /** The item this page holds a claim on, to give back when the reviewer skips, stops or leaves. */
  const heldRef = useRef<number | undefined>(undefined);
  const skippedRef = useRef<number[]>([]);
  /** Re-renders the claim's countdown. */
  const [, setTick] = useState(0);
  const [loadError, setLoadError] = useState<string | undefined>();
  const [mode, setMode] = useState<ReviewMode>("decide");
  const [draft, setDraft] = useState<Draft | undefined>();
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [done, setDone] = useState<GivenVerdict[]>([]);
  const [undoable, setUndoable] = useState(false);
  const [guidelinesOpen, setGuidelinesOpen] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement | null>(null);
  const textRef = useRef<HTMLTextAreaElement | null>(null);

  // What is waiting, read without claiming: the page of pending items is the count (500+ beyond).
  const refreshQueue = useCallback(async () => {
    try {
      const page = await api<ReviewItemPage>(`/projects/${projectId}/reviews?status=pending&limit=${COUNT_LIMIT}`);
      setGlance(reviewQueueGlance(page, user.id, Date.now()));
    } catch {
      // The counts are a guide; the queue itself still works without them.
    }
  }, [projectId, user.id]);

  useEffect(() => {
    void refreshQueue();
  }, [refreshQueue]);

  const giveBack = useCallback(
    (itemId: number, keepalive = false) =>
      api(`/projects/${projectId}/reviews/${itemId}/release`, { method: "POST", keepalive }),
    [projectId],
  );

  // Leaving the page (or the project) gives the claim back, so nobody waits for it to expire.
  useEffect(() => {
    const leave = () => {
      const held = heldRef.current;
      heldRef.current = undefined;
      if (held !== undefined) giveBack(held, true).catch(() => undefined);
    };
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [giveBack]);

  // The claim's countdown: a look every 15 seconds is enough for minutes.
  useEffect(() => {
    if (!work) return;
    const timer = window.setInterval(() => setTick((n) => n + 1), 15_000);
    return () => window.clearInterval(timer);
  }, [work]);

  const clearDraft = useCallback(() => {
    setMode("decide");
    setDraft(undefined);
    setNote("");
    setMessage(undefined);
    setRevealed(false);
  }, []);

  /** Claims the next item open to this reviewer (an explicit action: start, a verdict, a skip). */
  const loadNext = useCallback(async () => {
    setLoadError(undefined);
    try {
      const skip = skippedRef.current.length > 0 ? `?skip=${skippedRef.current.join(",")}` : "";
      const next = await apiOptional(`/projects/${projectId}/reviews/next${skip}`, {
        method: "POST",
        check: reviewWorkCheck,
      });
      heldRef.current = next?.item.id;
      setWork(next ?? null);
    } catch (caught) {
      setLoadError(describeError(caught, t));
    }
    void refreshQueue();
    clearDraft();
  }, [projectId, t, refreshQueue, clearDraft]);

  const start = useCallback(() => {
    skippedRef.current = [];
    void loadNext();
  }, [loadNext]);

  /** Gives the claim back; someone else deciding or taking it meanwhile is no reason to stop. */
  const release = useCallback(
    async (itemId: number) => {
      if (heldRef.current === itemId) heldRef.current = undefined;
      try {
        await giveBack(itemId);
      } catch (caught) {
        if (!(caught instanceof ApiError && (caught.code === "forbidden" || caught.code === "review_decided")))
          throw caught;
      }
    },
    [giveBack],
  );

  const skip = useCallback(async () => {
    if (!work || busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    try {
      await release(work.item.id);
      skippedRef.current = [...skippedRef.current, work.item.id].slice(-MAX_SKIP);
      await loadNext();
    } catch (caught) {
      setMessage(describeError(caught, t));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [work, release, loadNext, t]);

  const stop = useCallback(async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    try {
      if (work) await release(work.item.id);
      setWork(undefined);
      clearDraft();
      void refreshQueue();
    } catch (caught) {
      setMessage(describeError(caught, t));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [work, release, clearDraft, refreshQueue, t]);

  const schema = project.data?.schema;

  const decide = useCallback(
    async (verdict: ReviewVerdict, value?: unknown) => {
      // A ref as well as state: two key presses in one frame must not send two verdicts.
      if (!work || busyRef.current) return;
      if (verdict === "accept" && !work.task.aggregate) {
        setMessage(t(touchOnly ? "review.noAggregateTouch" : "review.noAggregate"));
        return;
      }
      busyRef.current = true;
      setBusy(true);
      setMessage(undefined);
      try {
        await api(`/reviews/${work.item.id}`, {
          method: "POST",
          body: { verdict, ...(value === undefined ? {} : { value }), ...(note.trim() ? { note: note.trim() } : {}) },
        });
        setDone((list) => [...list, { itemId: work.item.id, taskId: work.task.id, verdict, at: Date.now() }]);
        await loadNext();
      } catch (caught) {
        // Decided or taken by someone else meanwhile: move on rather than stall on it.
        if (caught instanceof ApiError && (caught.code === "review_decided" || caught.code === "review_taken")) {
          await loadNext();
          setMessage(t("review.movedOn", { message: describeError(caught, t) }));
        } else setMessage(describeError(caught, t));
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [work, note, loadNext, t, touchOnly],
  );

  // The last verdict can be taken back for UNDO_WINDOW_MS; the button goes when the window closes.
  const last = done[done.length - 1];
  useEffect(() => {
    if (!last) return setUndoable(false);
    const left = last.at + UNDO_WINDOW_MS - Date.now();
    setUndoable(left > 0);
    if (left <= 0) return;
    const timer = window.setTimeout(() => setUndoable(false), left);
    return () => window.clearTimeout(timer);
  }, [last]);

  const undo = useCallback(async () => {
    if (!last || busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    try {
      const back = await api<UndoneReviewView>(`/reviews/${last.itemId}/undo`, { method: "POST" });
      const { undone, ...again } = back;
      // The item on screen goes back to the queue; the undone one is claimed again.
      const onScreen = heldRef.current;
      if (onScreen !== undefined && onScreen !== again.item.id) void release(onScreen).catch(() => undefined);
      heldRef.current = again.item.id;
      setDone((list) => list.slice(0, -1));
      setWork(again);
      setMode("decide");
      setDraft(undefined);
      setNote(undone.note ?? "");
      setRevealed(false);
      setMessage(t("review.undone", { id: again.task.id }));
    } catch (caught) {
      setUndoable(false);
      setMessage(describeError(caught, t));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [last, release, t]);

  const startCorrection = useCallback(() => {
    if (!work || !schema) return;
    setDraft(initialDraft(schema, work.task.data));
    setMode("correct");
    setMessage(undefined);
  }, [work, schema]);

  const submitCorrection = useCallback(() => {
    if (!work || !schema || !draft) return;
    const result = draftValue(schema, draft, work.task.data, t);
    if (!result.ok) {
      setMessage(result.message);
      return;
    }
    void decide("correct", result.value);
  }, [work, schema, draft, decide, t]);

  const latest = useRef({ mode, draft, decide, startCorrection, submitCorrection, schema, work, undo, undoable, skip });
  latest.current = { mode, draft, decide, startCorrection, submitCorrection, schema, work, undo, undoable, skip };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const l = latest.current;
      if (!l.schema || !l.work || event.defaultPrevented || event.repeat) return;
      if (document.querySelector("dialog[open]")) return;
      const action = reviewKeyAction(
        l.schema,
        l.mode,
        keyInputOf(event),
        l.draft?.type === "ranking" ? l.draft.order.length : 0,
      );
      if (!action) return;
      event.preventDefault();
      switch (action.type) {
        case "accept":
          if (l.mode === "note") setMode("decide");
          void l.decide("accept");
          break;
        case "reject":
          void l.decide("reject");
          break;
        case "correct":
          l.startCorrection();
          break;
        case "note":
          setMode("note");
          noteRef.current?.focus();
          break;
        case "undo":
          if (l.undoable) void l.undo();
          break;
        case "skip":
          void l.skip();
          break;
        case "guidelines":
          setGuidelinesOpen((open) => !open);
          break;
        case "cancel":
          setMode("decide");
          setMessage(undefined);
          if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
          break;
        case "pick":
          setMessage(undefined);
          setDraft((d) => (d && l.schema ? pickOption(l.schema, d, action.index) : d));
          break;
        case "move":
          setDraft((d) => (d ? moveRankingItem(d, action.delta) : d));
          break;
        case "submit":
          l.submitCorrection();
          break;
        case "focus_text":
          textRef.current?.focus();
          break;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useTitleSubject(project.data?.name);
  if (project.error)
    return <LoadError load={project} back={{ to: { name: "reviews" }, label: t("common.backToReviews") }} />;
  if (!project.data || !schema) return <PageLoading />;
  const p = project.data;
  const claimMinutes = work ? minutesLeft(work.item.claimExpiresAt, Date.now()) : 0;

  return (
    <div className="page review-page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={{ name: "reviews" }}>{t("review.reviews")}</Link>
            {" / "}
            <Link to={{ name: "project", projectId }} dir="auto">
              {p.name}
            </Link>
          </div>
          <h1>{t("review.queue")}</h1>
        </div>
        <div className="row-actions">
          {last && (
            <span className="notice" role="status" data-testid="last-verdict">
              {t(`review.done.${last.verdict}`, { id: last.taskId })}
            </span>
          )}
          {last && undoable && (
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={() => void undo()}
              aria-keyshortcuts="u"
            >
              {t("review.undo")} <kbd>U</kbd>
            </button>
          )}
          <span className="muted" data-testid="review-counts">
            {glance ? `${t(glance.more ? "review.waitingMore" : "review.waiting", { count: glance.pending })} · ` : ""}
            {t("review.reviewed", { count: done.length })}
          </span>
          {work && (
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void stop()}>
              {t("review.stop")}
            </button>
          )}
          <button
            type="button"
            className={`btn btn-small ${guidelinesOpen ? "btn-active" : ""}`}
            onClick={() => setGuidelinesOpen((open) => !open)}
            aria-expanded={guidelinesOpen}
            aria-controls="guidelines-panel"
            aria-keyshortcuts="g"
          >
            {t("labeling.guidelines")} <kbd>G</kbd>
          </button>
          <Link to={{ name: "project-quality", projectId }} className="btn btn-small">
            {t("review.audits")}
          </Link>
        </div>
      </div>
      {loadError && <ErrorBanner error={loadError} onRetry={() => void loadNext()} />}
      {work === undefined ? (
        <section className="card review-start" aria-label={t("review.startTitle")} data-testid="review-start">
          <h2>{t("review.startTitle")}</h2>
          {glance === undefined ? (
            <p className="muted">…</p>
          ) : glance.nextUp ? (
            <p data-testid="next-up">
              {t("review.nextUp", { id: glance.nextUp.taskId, source: t(reviewSourceKey(glance.nextUp)) })}
            </p>
          ) : (
            <p>{t("review.nothingOpen")}</p>
          )}
          {glance !== undefined && !glance.nextUp && !reviewPolicyIsOn(p.reviewPolicy) && (
            <p className="muted" data-testid="review-policy-off">
              {t("review.policyOff")}
            </p>
          )}
          {glance !== undefined && glance.heldByOthers > 0 && (
            <p className="muted" data-testid="held-by-others">
              {t("review.heldByOthers", { held: glance.heldByOthers })}
            </p>
          )}
          <p className="muted">{t("review.startHint", { minutes: Math.round(p.reviewLeaseSeconds / 60) })}</p>
          <div className="row-actions">
            <button type="button" className="btn btn-primary" onClick={start}>
              {t("review.start")}
            </button>
            <Link to={{ name: "reviews" }} className="btn">
              {t("review.backToReviews")}
            </Link>
          </div>
        </section>
      ) : work === null ? (
        <EmptyState title={t("review.empty")}>
          <p className="muted">{t("review.emptyHint")}</p>
          <div className="row-actions">
            <button type="button" className="btn" onClick={start}>
              {t("common.checkAgain")}
            </button>
            <Link to={{ name: "reviews" }} className="btn btn-primary">
              {t("review.backToReviews")}
            </Link>
          </div>
        </EmptyState>
      ) : (
        <div
          className={`review-layout ${guidelinesOpen ? "review-with-guidelines" : ""}`}
          data-review-item={work.item.id}
          data-task-id={work.task.id}
        >
          <section className="card review-task" aria-label={t("workbench.task", { id: work.task.id })}>
            <div className="section-head">
              <h2>{t("common.taskNumber", { id: work.task.id })}</h2>
              <Pill tone="info">
                {t(reviewSourceKey(work.item))}
                {work.item.planId !== null ? ` #${work.item.planId}` : ""}
              </Pill>
              {work.task.language && <span className="lang-tag">{work.task.language}</span>}
              {work.task.externalId && <span className="muted">{work.task.externalId}</span>}
              {work.item.claimExpiresAt && (
                <span
                  className={claimMinutes > 0 ? "muted claim-expiry" : "claim-expiry claim-expired"}
                  data-testid="claim-expiry"
                  title={format.dateTime(work.item.claimExpiresAt)}
                >
                  {claimMinutes > 0 ? t("review.claimedFor", { minutes: claimMinutes }) : t("review.claimExpired")}
                </span>
              )}
            </div>
            <TaskView
              schema={schema}
              data={work.task.data}
              blurred={p.sensitive && !revealed}
              onReveal={() => setRevealed(true)}
            />
          </section>
          <aside className="card review-panel" aria-label={t("review.verdict")}>
            <Evidence work={work} schema={schema} />
            {mode === "correct" && draft ? (
              <section className="review-correction" aria-label={t("review.correction")}>
                <h3>{t("review.rightAnswer")}</h3>
                <AnswerInput
                  schema={schema}
                  data={work.task.data}
                  draft={draft}
                  onPick={(i) => {
                    setMessage(undefined);
                    setDraft((d) => (d ? pickOption(schema, d, i) : d));
                  }}
                  onMove={(delta) => setDraft((d) => (d ? moveRankingItem(d, delta) : d))}
                  onText={(text) => {
                    setMessage(undefined);
                    setDraft({ type: "text", text });
                  }}
                  textRef={textRef}
                />
                <div className="row-actions">
                  <button type="button" className="btn btn-primary" disabled={busy} onClick={submitCorrection}>
                    {t("review.saveCorrection")} <kbd>Enter</kbd>
                  </button>
                  <button type="button" className="btn" onClick={() => setMode("decide")}>
                    {t("review.cancel")} <kbd>Esc</kbd>
                  </button>
                </div>
              </section>
            ) : (
              <div className="verdicts">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={busy || !work.task.aggregate}
                  onClick={() => void decide("accept")}
                  aria-keyshortcuts="a"
                >
                  {t("review.accept")} <kbd>A</kbd>
                </button>
                <button type="button" className="btn" disabled={busy} onClick={startCorrection} aria-keyshortcuts="c">
                  {t("review.correct")} <kbd>C</kbd>
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={busy}
                  onClick={() => void decide("reject")}
                  aria-keyshortcuts="r"
                >
                  {t("review.reject")} <kbd>R</kbd>
                </button>
                <button type="button" className="btn" disabled={busy} onClick={() => void skip()} aria-keyshortcuts="s">
                  {t("review.skip")} <kbd>S</kbd>
                </button>
              </div>
            )}
            <div className="answer-message" role="alert">
              {message}
            </div>
            <Field
              label={
                <>
                  {t("review.note")} <kbd>N</kbd> <span className="muted">{t("review.noteHint")}</span>
                </>
              }
            >
              {(control) => (
                <textarea
                  {...control}
                  ref={noteRef}
                  name="note"
                  rows={2}
                  maxLength={5000}
                  value={note}
                  onFocus={() => setMode((m) => (m === "correct" ? m : "note"))}
                  onBlur={() => setMode((m) => (m === "note" ? "decide" : m))}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t("review.notePlaceholder")}
                />
              )}
            </Field>
            {!touchOnly && (
              <ul className="review-keys muted small">
                {reviewShortcuts(t).map((s) => (
                  <li key={s.keys}>
                    <kbd>{s.keys}</kbd> {s.action}
                  </li>
                ))}
              </ul>
            )}
          </aside>
          {guidelinesOpen && <GuidelinesPanel projectId={projectId} onClose={() => setGuidelinesOpen(false)} />}
        </div>
      )}
    </div>
  );
}

/** What the reviewer judges by: the aggregate, the gold answer when there is one, and every judgment. */
function Evidence({ work, schema }: { work: ReviewWorkView; schema: LabelSchema }) {
  const { t } = useTranslation();
  const format = useFormat();
  const aggregate = work.task.aggregate;
  const aggregateKey = aggregate ? labelKeyOf(schema, aggregate.value) : undefined;
  const goldKey = work.task.gold === null ? undefined : labelKeyOf(schema, work.task.gold);
  return (
    <div className="evidence">
      <dl className="evidence-facts">
        <div>
          <dt>{t("review.aggregate")}</dt>
          <dd data-testid="review-aggregate">
            {aggregate ? (
              <>
                <strong>{formatLabelValue(schema, aggregate.value, t)}</strong>
                <span className="muted">
                  {" "}
                  {aggregate.confidence !== null
                    ? `${t("review.sure", { percent: format.percent(aggregate.confidence) })} · `
                    : ""}
                  {describeMethod(aggregate.method, t)}
                </span>
              </>
            ) : (
              <span className="muted">{t("review.noneYet")}</span>
            )}
          </dd>
        </div>
        {work.task.gold !== null && (
          <div>
            <dt>{t("review.gold")}</dt>
            <dd>
              <strong>{formatLabelValue(schema, work.task.gold, t)}</strong>
              {work.task.goldExplanation && <div className="muted small">{work.task.goldExplanation}</div>}
            </dd>
          </div>
        )}
      </dl>
      <table className="table judgments-table" aria-label={t("review.judgments")}>
        <thead>
          <tr>
            <th>{t("review.annotator")}</th>
            <th>{t("review.answer")}</th>
            <th className="num">{t("review.time")}</th>
          </tr>
        </thead>
        <tbody>
          {work.judgments.map((j) => {
            const key = labelKeyOf(schema, j.value);
            const tone =
              goldKey !== undefined
                ? key === goldKey
                  ? "agree"
                  : "differ"
                : key === aggregateKey
                  ? "agree"
                  : "differ";
            return (
              <tr key={j.id} className={`judgment-${tone}`}>
                <td className="judgment-who">
                  {j.annotatorName}
                  <div className="cell-sub" title={format.dateTime(j.createdAt)}>
                    {t("review.judgedWith", { version: j.guidelineVersion })} ·{" "}
                    {format.relative(Date.parse(j.createdAt), Date.now())}
                  </div>
                </td>
                <td>{formatLabelValue(schema, j.value, t)}</td>
                <td className="num">{format.duration(j.activeMs)}</td>
              </tr>
            );
          })}
          {work.judgments.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                {t("review.noJudgments")}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
