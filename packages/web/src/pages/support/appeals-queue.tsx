import type { AppealList, AppealView } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { useApi } from "../console/use-api.js";
import { useAnswerText } from "../console/use-project-schemas.js";
import { actionKey } from "./appeal-action.js";

type Filter = "pending" | "overdue" | "decided";

/** Appeals of rejected work: pending first, with their decision deadline, and uphold or reject buttons for staff. */
export function AppealsQueue({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>("pending");
  const path =
    filter === "overdue"
      ? "/support/appeals?overdue=true"
      : filter === "pending"
        ? "/support/appeals?status=pending"
        : "/support/appeals";
  const { data, error, reload } = useApi<AppealList>(path);
  const answerText = useAnswerText();
  const shown = filter === "decided" ? data?.appeals.filter((a) => a.status !== "pending") : data?.appeals;
  return (
    <section aria-labelledby="appeals-title">
      <div className="section-head">
        <h2 id="appeals-title">{t("support.tabs.appeals")}</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t("support.filters")}</legend>
          {(["pending", "overdue", "decided"] as const).map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {t(`support.appealFilters.${f}`)}
            </button>
          ))}
        </fieldset>
      </div>
      {staff && (
        <p className="muted small">
          {t("support.upholdHint")} {t("support.actionUpholdHint")}
        </p>
      )}
      {error && <ErrorBanner error={error} onRetry={reload} />}
      {!shown ? (
        <PageLoading />
      ) : shown.length === 0 ? (
        <EmptyState title={t("support.appealsNone")} />
      ) : (
        <ul className="appeals">
          {shown.map((appeal) => (
            <AppealItem
              key={`${appeal.projectId}-${appeal.id}`}
              appeal={appeal}
              answerText={answerText}
              staff={staff}
              onDecided={reload}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function AppealItem({
  appeal,
  answerText,
  staff,
  onDecided,
}: {
  appeal: AppealView;
  /** An answer as the annotator read it on the answer pad. */
  answerText: (projectId: number, value: unknown) => string;
  staff: boolean;
  onDecided: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const decide = async (decision: "upheld" | "rejected") => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api(`/projects/${appeal.projectId}/appeals/${appeal.id}/decision`, {
        method: "POST",
        body: { decision, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      onDecided();
    } catch (caught) {
      setFailure(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="appeal" data-appeal-id={appeal.id}>
      <div className="appeal-head">
        <strong>{appeal.annotatorName}</strong>
        <span className="muted">
          <bdi>{appeal.projectName}</bdi> ·{" "}
          {appeal.qualityAction
            ? ""
            : appeal.taskId === null
              ? `${t("support.checkedAnswer")} · `
              : `${t("common.taskNumber", { id: appeal.taskId })} · `}
          {t(`support.appealKinds.${appeal.kind}`)}
        </span>
        <Pill tone={appeal.status === "upheld" ? "good" : appeal.status === "rejected" ? "neutral" : "info"}>
          {t(`support.appealStatuses.${appeal.status}`)}
        </Pill>
        {appeal.overdue && <Pill tone="bad">{t("support.overdue")}</Pill>}
      </div>
      {appeal.qualityAction && <ActionBehind appeal={appeal} answerText={answerText} />}
      <p className="muted small">
        {!appeal.qualityAction && appeal.taskId !== null && (
          <>{t("support.answerGiven", { value: answerText(appeal.projectId, appeal.value) })} · </>
        )}
        {appeal.status === "pending"
          ? t("support.decideBy", { date: format.dateTime(appeal.decideDueAt) })
          : `${appeal.deciderName ?? ""} · ${format.dateTime(appeal.decidedAt ?? appeal.filedAt)}`}
      </p>
      <p dir="auto">{appeal.reason}</p>
      {appeal.decisionNote && <p className="muted">{appeal.decisionNote}</p>}
      {failure && <ErrorBanner error={failure} />}
      {staff && appeal.status === "pending" && (
        <div className="appeal-decide">
          <label htmlFor={`appeal-note-${appeal.id}`} className="visually-hidden">
            {t("support.note")}
          </label>
          <input
            id={`appeal-note-${appeal.id}`}
            placeholder={t("support.note")}
            value={note}
            maxLength={5000}
            onChange={(e) => setNote(e.target.value)}
          />
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={busy}
            onClick={() => void decide("upheld")}
          >
            {t("support.uphold")}
          </button>
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void decide("rejected")}>
            {t("support.rejectAppeal")}
          </button>
        </div>
      )}
    </li>
  );
}

/** What an action appeal contests: the action, why it was taken and, for staff who read gold, the missed control answers behind it. */
function ActionBehind({
  appeal,
  answerText,
}: {
  appeal: AppealView;
  answerText: (projectId: number, value: unknown) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const action = appeal.qualityAction!;
  return (
    <div className="appeal-action">
      <p>
        {t("support.actionTaken", {
          action: t(`support.appealActions.${actionKey(action.action)}`),
          date: format.dateTime(action.createdAt),
        })}{" "}
        <span className="muted">{t("support.actionReason", { reason: action.reason })}</span>
      </p>
      {appeal.misses && (
        <>
          <h4>{t("support.misses")}</h4>
          {appeal.misses.length === 0 ? (
            <p className="muted small">{t("support.noMisses")}</p>
          ) : (
            <ul className="appeal-misses">
              {appeal.misses.map((miss) => (
                <li key={miss.judgmentId} data-task-id={miss.taskId}>
                  {t("support.missLine", {
                    task: t("common.taskNumber", { id: miss.taskId }),
                    value: answerText(appeal.projectId, miss.value),
                    gold: answerText(appeal.projectId, miss.gold),
                  })}{" "}
                  <span className="muted small">
                    ({t(`support.servedAs.${miss.servedAs ?? "queue"}`)}, {format.dateTime(miss.answeredAt)})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
