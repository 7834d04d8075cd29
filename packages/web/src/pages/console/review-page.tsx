import { type LabelSchema, type ReviewVerdict, UNDO_WINDOW_MS } from "@quorum/core";
import type { ProjectView, ReviewItemPage, ReviewWorkView, UndoneReviewView } from "@quorum/server";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { reviewWorkCheck } from "../../api/body-check.js";
import { ApiError, api, apiOptional, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { GuidelinesPanel } from "../../components/guidelines-panel.js";
import { Link } from "../../components/router.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { type Draft, draftValue, initialDraft, moveRankingItem, pickOption } from "../../lib/answer-draft.js";
import { formatLabelValue } from "../../lib/choices.js";
import { keyInputOf } from "../../lib/key-event.js";
import { describeMethod, labelKeyOf } from "../../lib/review.js";
import { type ReviewMode, reviewKeyAction, reviewShortcuts } from "../../lib/review-keys.js";
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

/**
 * A project's review queue, one task at a time: the task, its gold, every judgment and the
 * aggregate; the reviewer accepts (A), rejects (R) or corrects (C, with the annotator's own
 * answer control, so the correction is validated the same way) and may add a note (N). U takes
 * back the last verdict (within two minutes, before the next one); G shows the guidelines.
 */
export function ReviewPage({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const project = useApi<ProjectView>(`/projects/${projectId}`);
  const [work, setWork] = useState<ReviewWorkView | null | undefined>(undefined);
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
  const [waiting, setWaiting] = useState<{ count: number; more: boolean } | undefined>();
  const noteRef = useRef<HTMLTextAreaElement | null>(null);
  const textRef = useRef<HTMLTextAreaElement | null>(null);

  const loadNext = useCallback(async () => {
    setLoadError(undefined);
    try {
      const next = await apiOptional(`/projects/${projectId}/reviews/next`, { method: "POST", check: reviewWorkCheck });
      setWork(next ?? null);
      // How many are left, for the header; the page of pending items is the count (500+ beyond).
      api<ReviewItemPage>(`/projects/${projectId}/reviews?status=pending&limit=500`)
        .then((r) => setWaiting({ count: r.items.length, more: r.next !== null }))
        .catch(() => undefined);
    } catch (caught) {
      setLoadError(describeError(caught, t));
    }
    setMode("decide");
    setDraft(undefined);
    setNote("");
    setMessage(undefined);
    setRevealed(false);
  }, [projectId, t]);

  useEffect(() => {
    void loadNext();
  }, [loadNext]);

  const schema = project.data?.schema;

  const decide = useCallback(
    async (verdict: ReviewVerdict, value?: unknown) => {
      // A ref as well as state: two key presses in one frame must not send two verdicts.
      if (!work || busyRef.current) return;
      if (verdict === "accept" && !work.task.aggregate) {
        setMessage(t("review.noAggregate"));
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
    [work, note, loadNext, t],
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
  }, [last, t]);

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

  const latest = useRef({ mode, draft, decide, startCorrection, submitCorrection, schema, work, undo, undoable });
  latest.current = { mode, draft, decide, startCorrection, submitCorrection, schema, work, undo, undoable };

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

  if (project.error) return <ErrorBanner error={project.error} onRetry={project.reload} />;
  if (!project.data || !schema || work === undefined)
    return loadError ? <ErrorBanner error={loadError} /> : <PageLoading />;
  const p = project.data;

  return (
    <div className="page review-page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={{ name: "reviews" }}>{t("review.reviews")}</Link>
            {" / "}
            <Link to={{ name: "project", projectId }}>{p.name}</Link>
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
            {waiting ? `${t(waiting.more ? "review.waitingMore" : "review.waiting", { count: waiting.count })} · ` : ""}
            {t("review.reviewed", { count: done.length })}
          </span>
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
      {work === null ? (
        <EmptyState title={t("review.empty")}>
          <p className="muted">{t("review.emptyHint")}</p>
          <div className="row-actions">
            <button type="button" className="btn" onClick={() => void loadNext()}>
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
                {t(`review.sources.${work.item.source}`)}
                {work.item.planId !== null ? ` #${work.item.planId}` : ""}
              </Pill>
              {work.task.language && <span className="lang-tag">{work.task.language}</span>}
              {work.task.externalId && <span className="muted">{work.task.externalId}</span>}
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
            <ul className="review-keys muted small">
              {reviewShortcuts(t).map((s) => (
                <li key={s.keys}>
                  <kbd>{s.keys}</kbd> {s.action}
                </li>
              ))}
            </ul>
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
