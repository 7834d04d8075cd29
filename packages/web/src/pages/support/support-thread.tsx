import type { ThreadDetail, ThreadView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { useApi } from "../console/use-api.js";
import { useAnswerText } from "../console/use-project-schemas.js";

/** The SLA of a thread as a pill: due, overdue, answered in time or late. */
export function SlaPill({ thread }: { thread: ThreadView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = Date.now();
  if (thread.firstResponseAt !== null)
    return thread.sla.breached ? (
      <Pill tone="warn">{t("support.late")}</Pill>
    ) : (
      <Pill tone="good">{t("support.inTime")}</Pill>
    );
  if (thread.status === "resolved") return null;
  return thread.sla.breached ? (
    <Pill tone="bad" title={format.dateTime(thread.dueAt)}>
      {t("support.overdue")}
    </Pill>
  ) : (
    <Pill tone="info" title={format.dateTime(thread.dueAt)}>
      {t("support.dueIn", { when: format.relative(Date.parse(thread.dueAt), now) })}
    </Pill>
  );
}

/**
 * One support thread: the question, the replies, a reply form, and resolve or reopen. Staff reply
 * as the project team and may reopen; the asker replies and may resolve; a reader (a vendor lead,
 * an analyst) only reads.
 */
export function SupportThread({
  projectId,
  questionId,
  mode,
  onChanged,
}: {
  projectId: number;
  questionId: number;
  mode: "staff" | "asker" | "reader";
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const path = `/projects/${projectId}/questions/${questionId}`;
  const { data, error, reload } = useApi<ThreadDetail>(path);
  const answerText = useAnswerText();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const act = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await call();
      reload();
      onChanged?.();
      return true;
    } catch (caught) {
      setFailure(describeError(caught, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === "") return;
    const sent = await act(() => api(`${path}/messages`, { method: "POST", body: { body: text.trim() } }));
    if (sent) setText("");
  };
  const setStatus = (status: "resolved" | "open") => act(() => api(path, { method: "PATCH", body: { status } }));
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const { thread, messages } = data;
  const resolved = thread.status === "resolved";
  return (
    <article className="support-thread" aria-labelledby={`thread-${thread.id}`} data-thread-id={thread.id}>
      <header className="support-thread-head">
        <h3 id={`thread-${thread.id}`}>
          <bdi>{thread.projectName}</bdi> · {t("support.threadNumber", { id: thread.id })}
        </h3>
        <Pill tone={resolved ? "neutral" : thread.status === "open" ? "warn" : "good"}>
          {t(`support.statuses.${thread.status}`)}
        </Pill>
        <SlaPill thread={thread} />
      </header>
      <p className="muted small">
        {[
          thread.section && `${t("support.section")}: ${thread.section}`,
          thread.label && `${t("support.label")}: ${answerText(thread.projectId, thread.label)}`,
          thread.taskId !== null && t("common.taskNumber", { id: thread.taskId }),
          thread.assigneeName && `${t("support.assignee")}: ${thread.assigneeName}`,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <ol className="support-messages">
        <li className="support-message support-message-asker">
          <div className="muted small">
            {thread.annotatorName} · {format.dateTime(thread.createdAt)}
          </div>
          <p dir="auto">{thread.text}</p>
        </li>
        {messages.map((m) => (
          <li
            key={m.id}
            className={`support-message ${m.authorId === thread.annotatorId ? "support-message-asker" : "support-message-staff"}`}
          >
            <div className="muted small">
              {m.authorId === thread.annotatorId ? m.authorName : `${m.authorName} (${t("support.staff")})`} ·{" "}
              {format.dateTime(m.createdAt)}
            </div>
            <p dir="auto">{m.body}</p>
          </li>
        ))}
      </ol>
      {failure && <ErrorBanner error={failure} />}
      {resolved ? (
        <p className="muted">
          {t("support.resolvedNote")}{" "}
          {mode === "staff" && (
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void setStatus("open")}>
              {t("support.reopen")}
            </button>
          )}
        </p>
      ) : mode === "reader" ? null : (
        <form className="support-reply" onSubmit={send}>
          <label htmlFor={`reply-${thread.id}`}>{t("support.replyLabel")}</label>
          <textarea
            id={`reply-${thread.id}`}
            rows={3}
            maxLength={5000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void send(e);
            }}
          />
          <div className="row-actions">
            <button type="submit" className="btn btn-primary btn-small" disabled={busy || text.trim() === ""}>
              {t("support.send")}
            </button>
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void setStatus("resolved")}>
              {t("support.resolve")}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}
