import type { AppealableList, AppealList, ThreadList } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import "../../styles/support.css";
import { useTouchOnly } from "../../components/touch-only.js";
import { useApi } from "../console/use-api.js";
import { useAnswerText } from "../console/use-project-schemas.js";
import { actionKey } from "./appeal-action.js";
import { SlaPill, SupportThread } from "./support-thread.js";

/** The annotator's support page: their questions as threads they can reply to, and their appeals. */
export default function MySupport() {
  const { t } = useTranslation();
  const touchOnly = useTouchOnly();
  const threads = useApi<ThreadList>("/support/threads");
  const [selected, setSelected] = useState<{ projectId: number; id: number } | undefined>();
  return (
    <main className="workspace-main my-support">
      <h1>{t("mySupport.title")}</h1>
      <section aria-labelledby="my-threads-title">
        <h2 id="my-threads-title">{t("mySupport.threads")}</h2>
        {threads.error && <ErrorBanner error={threads.error} onRetry={threads.reload} />}
        {!threads.data ? (
          <PageLoading />
        ) : threads.data.threads.length === 0 ? (
          <p className="muted">{touchOnly ? t("mySupport.noThreadsTouch") : t("mySupport.noThreads")}</p>
        ) : (
          <ul className="my-threads">
            {threads.data.threads.map((thread) => (
              <li key={`${thread.projectId}-${thread.id}`} data-thread-id={thread.id}>
                <button
                  type="button"
                  className="link-button"
                  aria-expanded={selected?.id === thread.id}
                  onClick={() =>
                    setSelected(selected?.id === thread.id ? undefined : { projectId: thread.projectId, id: thread.id })
                  }
                >
                  {thread.text.length > 80 ? `${thread.text.slice(0, 80)}…` : thread.text}
                </button>{" "}
                <bdi className="muted small">{thread.projectName}</bdi>{" "}
                <Pill tone={thread.status === "answered" ? "good" : "neutral"}>
                  {t(`support.statuses.${thread.status}`)}
                </Pill>{" "}
                {thread.status !== "resolved" && <SlaPill thread={thread} />}
                {selected?.id === thread.id && (
                  <SupportThread
                    projectId={thread.projectId}
                    questionId={thread.id}
                    mode="asker"
                    onChanged={threads.reload}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <MyAppeals />
    </main>
  );
}

function MyAppeals() {
  const { t } = useTranslation();
  const format = useFormat();
  const appealable = useApi<AppealableList>("/support/appealable");
  const appeals = useApi<AppealList>("/support/appeals");
  const answerText = useAnswerText();
  const reload = () => {
    appealable.reload();
    appeals.reload();
  };
  return (
    <section aria-labelledby="my-appeals-title">
      <h2 id="my-appeals-title">{t("mySupport.appealable")}</h2>
      <p className="muted small">{t("mySupport.appealableHint")}</p>
      {appealable.error && <ErrorBanner error={appealable.error} onRetry={appealable.reload} />}
      {appealable.data?.judgments.length === 0 && appealable.data.actions.length === 0 && (
        <p className="muted">{t("mySupport.noAppealable")}</p>
      )}
      {appealable.data && appealable.data.actions.length > 0 && (
        <>
          <h3>{t("mySupport.actionsIntro")}</h3>
          <ul className="appealable appealable-actions">
            {appealable.data.actions.map((a) => (
              <li key={`${a.projectId}-${a.qualityActionId}`} data-quality-action-id={a.qualityActionId}>
                <span>
                  {t(`mySupport.actionTitle.${actionKey(a.action)}`, {
                    project: a.projectName,
                    date: format.dateTime(a.createdAt),
                  })}
                </span>{" "}
                <span className="muted small">{t("support.actionReason", { reason: a.reason })}</span>{" "}
                <span className="muted small">{t("mySupport.closes", { date: format.dateTime(a.closesAt) })}</span>
                <AppealForm
                  projectId={a.projectId}
                  target={{ qualityActionId: a.qualityActionId }}
                  placeholder={t("mySupport.actionReason")}
                  onFiled={reload}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      <ul className="appealable">
        {appealable.data?.judgments.map((j) => (
          <li key={`${j.projectId}-${j.judgmentId}`} data-judgment-id={j.judgmentId}>
            <span>
              <bdi>{j.projectName}</bdi> · {t("common.taskNumber", { id: j.taskId })} ·{" "}
              {t(`support.appealKinds.${j.kind}`)} ·{" "}
              {t("support.answerGiven", { value: answerText(j.projectId, j.value) })}
            </span>{" "}
            <span className="muted small">{t("mySupport.closes", { date: format.dateTime(j.closesAt) })}</span>
            <AppealForm
              projectId={j.projectId}
              target={{ judgmentId: j.judgmentId }}
              placeholder={t("mySupport.reason")}
              onFiled={reload}
            />
          </li>
        ))}
      </ul>
      <h2>{t("mySupport.appealsTitle")}</h2>
      {appeals.data?.appeals.length === 0 && <p className="muted">{t("support.appealsNone")}</p>}
      <ul className="appeals">
        {appeals.data?.appeals.map((a) => (
          <li key={`${a.projectId}-${a.id}`} className="appeal">
            <div className="appeal-head">
              <span>
                <bdi>{a.projectName}</bdi> ·{" "}
                {a.qualityAction
                  ? t("mySupport.actionAppealed", {
                      action: t(`support.appealActions.${actionKey(a.qualityAction.action)}`),
                      date: format.dateTime(a.qualityAction.createdAt),
                    })
                  : // No task: the appeal of a hidden check's miss, whose task the server does not name.
                    a.taskId === null
                    ? t("support.checkedAnswer")
                    : t("common.taskNumber", { id: a.taskId })}
              </span>
              <Pill tone={a.status === "upheld" ? "good" : a.status === "rejected" ? "neutral" : "info"}>
                {t(`support.appealStatuses.${a.status}`)}
              </Pill>
            </div>
            <p dir="auto">{a.reason}</p>
            {a.decisionNote && <p className="muted">{a.decisionNote}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Files an appeal of one judgment or one automatic action. */
function AppealForm({
  projectId,
  target,
  placeholder,
  onFiled,
}: {
  projectId: number;
  target: { judgmentId: number } | { qualityActionId: number };
  placeholder: string;
  onFiled: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      // A refusal names days in the annotator's language; the server takes their own zone.
      const locale = encodeURIComponent(i18n.language);
      await api(`/projects/${projectId}/appeals?locale=${locale}`, {
        method: "POST",
        body: { ...target, reason: reason.trim() },
      });
      onFiled();
    } catch (caught) {
      setFailure(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };
  const id = "judgmentId" in target ? `appeal-${target.judgmentId}` : `appeal-action-${target.qualityActionId}`;
  return (
    <form className="appeal-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {placeholder}
      </label>
      <input
        id={id}
        placeholder={placeholder}
        value={reason}
        maxLength={5000}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="btn btn-small" disabled={busy || reason.trim() === ""}>
        {t("mySupport.fileAppeal")}
      </button>
      {failure && <ErrorBanner error={failure} />}
    </form>
  );
}
