import type { LabelSchema, ReviewVerdict } from "@quorum/core";
import type { ProjectView, ReviewItemPage, ReviewWorkView } from "@quorum/server";
import { useCallback, useEffect, useRef, useState } from "react";
import { reviewWorkCheck } from "../../api/body-check.js";
import { ApiError, api, apiOptional, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { Link } from "../../components/router.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { type Draft, draftValue, initialDraft, moveRankingItem, pickOption } from "../../lib/answer-draft.js";
import { formatLabelValue } from "../../lib/choices.js";
import { formatDateTime, formatDuration, formatNumber, formatPercent, formatRelative } from "../../lib/format.js";
import { describeMethod, labelKeyOf } from "../../lib/review.js";
import { REVIEW_SHORTCUTS, type ReviewMode, reviewKeyAction } from "../../lib/review-keys.js";
import { AnswerInput } from "../workspace/answer-input.js";
import { TaskView } from "../workspace/task-view.js";
import { useApi } from "./use-api.js";

const SOURCE_TEXT: Record<ReviewWorkView["item"]["source"], string> = {
  sample: "Audit sample",
  disagreement: "Disagreement",
  low_confidence: "Low confidence",
  dispute: "Dispute",
};

const VERDICT_DONE: Record<ReviewVerdict, string> = {
  accept: "Accepted",
  reject: "Rejected (back to the labeling queue)",
  correct: "Corrected",
};

function isTextField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && target.type !== "checkbox" && target.type !== "radio") ||
    target instanceof HTMLSelectElement
  );
}

/**
 * A project's review queue, one task at a time: the task, its gold, every judgment and the
 * aggregate; the reviewer accepts (A), rejects (R) or corrects (C, with the annotator's own
 * answer control, so the correction is validated the same way) and may add a note (N).
 */
export function ReviewPage({ projectId }: { projectId: number }) {
  const project = useApi<ProjectView>(`/projects/${projectId}`);
  const [work, setWork] = useState<ReviewWorkView | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | undefined>();
  const [mode, setMode] = useState<ReviewMode>("decide");
  const [draft, setDraft] = useState<Draft | undefined>();
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [done, setDone] = useState<{ taskId: number; verdict: ReviewVerdict }[]>([]);
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
      setLoadError(describeError(caught));
    }
    setMode("decide");
    setDraft(undefined);
    setNote("");
    setMessage(undefined);
    setRevealed(false);
  }, [projectId]);

  useEffect(() => {
    void loadNext();
  }, [loadNext]);

  const schema = project.data?.schema;

  const decide = useCallback(
    async (verdict: ReviewVerdict, value?: unknown) => {
      // A ref as well as state: two key presses in one frame must not send two verdicts.
      if (!work || busyRef.current) return;
      if (verdict === "accept" && !work.task.aggregate) {
        setMessage("There is no aggregate to accept yet: correct it (C) or reject it (R).");
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
        setDone((list) => [...list, { taskId: work.task.id, verdict }]);
        await loadNext();
      } catch (caught) {
        // Decided or taken by someone else meanwhile: move on rather than stall on it.
        if (caught instanceof ApiError && (caught.code === "review_decided" || caught.code === "review_taken")) {
          await loadNext();
          setMessage(`${caught.message}. This is the next task.`);
        } else setMessage(describeError(caught));
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [work, note, loadNext],
  );

  const startCorrection = useCallback(() => {
    if (!work || !schema) return;
    setDraft(initialDraft(schema, work.task.data));
    setMode("correct");
    setMessage(undefined);
  }, [work, schema]);

  const submitCorrection = useCallback(() => {
    if (!work || !schema || !draft) return;
    const result = draftValue(schema, draft, work.task.data);
    if (!result.ok) {
      setMessage(result.message);
      return;
    }
    void decide("correct", result.value);
  }, [work, schema, draft, decide]);

  const latest = useRef({ mode, draft, decide, startCorrection, submitCorrection, schema, work });
  latest.current = { mode, draft, decide, startCorrection, submitCorrection, schema, work };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const l = latest.current;
      if (!l.schema || !l.work || event.defaultPrevented || event.repeat) return;
      if (document.querySelector("dialog[open]")) return;
      const action = reviewKeyAction(
        l.schema,
        l.mode,
        {
          key: event.key,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          inTextField: isTextField(event.target),
        },
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
  const last = done[done.length - 1];

  return (
    <div className="page review-page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={{ name: "reviews" }}>Reviews</Link>
            {" / "}
            <Link to={{ name: "project", projectId }}>{p.name}</Link>
          </div>
          <h1>Review queue</h1>
        </div>
        <div className="row-actions">
          {last && (
            <span className="notice" role="status" data-testid="last-verdict">
              {VERDICT_DONE[last.verdict]} task #{last.taskId}
            </span>
          )}
          <span className="muted" data-testid="review-counts">
            {waiting ? `${formatNumber(waiting.count)}${waiting.more ? "+" : ""} waiting · ` : ""}
            {done.length} reviewed in this session
          </span>
          <Link to={{ name: "project-quality", projectId }} className="btn btn-small">
            Audits
          </Link>
        </div>
      </div>
      {loadError && <ErrorBanner error={loadError} onRetry={() => void loadNext()} />}
      {work === null ? (
        <EmptyState title="Nothing to review in this project">
          <p className="muted">
            Draw an audit or queue disagreements on the project's Quality page; new items show up here.
          </p>
          <div className="row-actions">
            <button type="button" className="btn" onClick={() => void loadNext()}>
              Check again
            </button>
            <Link to={{ name: "reviews" }} className="btn btn-primary">
              Back to reviews
            </Link>
          </div>
        </EmptyState>
      ) : (
        <div className="review-layout" data-review-item={work.item.id} data-task-id={work.task.id}>
          <section className="card review-task" aria-label={`Task ${work.task.id}`}>
            <div className="section-head">
              <h2>Task #{work.task.id}</h2>
              <Pill tone="info">
                {SOURCE_TEXT[work.item.source]}
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
          <aside className="card review-panel" aria-label="Verdict">
            <Evidence work={work} schema={schema} />
            {mode === "correct" && draft ? (
              <section className="review-correction" aria-label="Correction">
                <h3>The right answer</h3>
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
                    Save correction <kbd>Enter</kbd>
                  </button>
                  <button type="button" className="btn" onClick={() => setMode("decide")}>
                    Cancel <kbd>Esc</kbd>
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
                  Accept <kbd>A</kbd>
                </button>
                <button type="button" className="btn" disabled={busy} onClick={startCorrection} aria-keyshortcuts="c">
                  Correct <kbd>C</kbd>
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={busy}
                  onClick={() => void decide("reject")}
                  aria-keyshortcuts="r"
                >
                  Reject <kbd>R</kbd>
                </button>
              </div>
            )}
            <div className="answer-message" role="alert">
              {message}
            </div>
            <Field
              label={
                <>
                  Note <kbd>N</kbd> <span className="muted">saved with the verdict</span>
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
                  placeholder="Why, for the annotators and the next reviewer"
                />
              )}
            </Field>
            <ul className="review-keys muted small">
              {REVIEW_SHORTCUTS.map((s) => (
                <li key={s.keys}>
                  <kbd>{s.keys}</kbd> {s.action}
                </li>
              ))}
            </ul>
          </aside>
        </div>
      )}
    </div>
  );
}

/** What the reviewer judges by: the aggregate, the gold answer when there is one, and every judgment. */
function Evidence({ work, schema }: { work: ReviewWorkView; schema: LabelSchema }) {
  const aggregate = work.task.aggregate;
  const aggregateKey = aggregate ? labelKeyOf(schema, aggregate.value) : undefined;
  const goldKey = work.task.gold === null ? undefined : labelKeyOf(schema, work.task.gold);
  return (
    <div className="evidence">
      <dl className="evidence-facts">
        <div>
          <dt>Aggregate</dt>
          <dd data-testid="review-aggregate">
            {aggregate ? (
              <>
                <strong>{formatLabelValue(schema, aggregate.value)}</strong>
                <span className="muted">
                  {" "}
                  {aggregate.confidence !== null ? `${formatPercent(aggregate.confidence)} sure · ` : ""}
                  {describeMethod(aggregate.method)}
                </span>
              </>
            ) : (
              <span className="muted">none yet</span>
            )}
          </dd>
        </div>
        {work.task.gold !== null && (
          <div>
            <dt>Gold</dt>
            <dd>
              <strong>{formatLabelValue(schema, work.task.gold)}</strong>
              {work.task.goldExplanation && <div className="muted small">{work.task.goldExplanation}</div>}
            </dd>
          </div>
        )}
      </dl>
      <table className="table judgments-table" aria-label="Judgments">
        <thead>
          <tr>
            <th>Annotator</th>
            <th>Answer</th>
            <th className="num">Time</th>
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
                  <div className="cell-sub" title={formatDateTime(j.createdAt)}>
                    guidelines v{j.guidelineVersion} · {formatRelative(Date.parse(j.createdAt), Date.now())}
                  </div>
                </td>
                <td>{formatLabelValue(schema, j.value)}</td>
                <td className="num">{formatDuration(j.activeMs)}</td>
              </tr>
            );
          })}
          {work.judgments.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No judgments.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
