import { can, type LabelSchema, type TaskStatus } from "@quorum/core";
import type { TaskDetail, TaskPage } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, Modal, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { formatLabelValue } from "../../lib/choices.js";
import { taskPreview } from "../../lib/task-content.js";
import { GoldAnswerEditor } from "./gold-answer-editor.js";
import { useApi } from "./use-api.js";

const STATUS_TONE: Record<TaskStatus, "neutral" | "info" | "good" | "warn"> = {
  open: "neutral",
  full: "info",
  done: "good",
  gold: "warn",
  cancelled: "neutral",
};

/** Tasks a page at a time (keyset paging on id), with each task's judgments on click. */
export function TasksTable({ projectId, schema }: { projectId: number; schema: LabelSchema }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState<"" | TaskStatus>("");
  const [cursors, setCursors] = useState<number[]>([0]);
  const after = cursors[cursors.length - 1] ?? 0;
  const query = new URLSearchParams({ limit: "25", after: String(after), ...(status ? { status } : {}) });
  const { data, error, reload } = useApi<TaskPage>(`/projects/${projectId}/tasks?${query}`);
  const [openTask, setOpenTask] = useState<number | undefined>();

  return (
    <div>
      <div className="table-tools">
        <select
          aria-label={t("console.tasks.status")}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as "" | TaskStatus);
            setCursors([0]);
          }}
        >
          <option value="">{t("console.tasks.all")}</option>
          <option value="open">{t("console.tasks.filterOpen")}</option>
          <option value="full">{t("console.tasks.fullLong")}</option>
          <option value="done">{t("console.tasks.filterDone")}</option>
        </select>
        <span className="topbar-spacer" />
        <button
          type="button"
          className="btn btn-small"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          {t("console.tasks.previous")}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!data?.next}
          onClick={() => data?.next && setCursors((c) => [...c, data.next as number])}
        >
          {t("console.tasks.next")}
        </button>
      </div>
      {error && <ErrorBanner error={error} onRetry={reload} />}
      {!data ? (
        <PageLoading />
      ) : data.tasks.length === 0 ? (
        <EmptyState title={t("console.tasks.none")} />
      ) : (
        <div className="table-scroll">
          <table className="table" aria-label={t("console.tasks.title")}>
            <thead>
              <tr>
                <th className="num">{t("console.tasks.id")}</th>
                <th>{t("console.tasks.content")}</th>
                <th>{t("console.tasks.status")}</th>
                <th className="num">{t("review.judgments")}</th>
                <th>{t("review.aggregate")}</th>
                <th className="num">{t("console.tasks.confidence")}</th>
                <th>{t("review.gold")}</th>
              </tr>
            </thead>
            <tbody>
              {data.tasks.map((task) => (
                <tr key={task.id}>
                  <td className="num">
                    <button type="button" className="link-button" onClick={() => setOpenTask(task.id)}>
                      #{task.id}
                    </button>
                    {/* The id the task had in the imported file, which is how its owner knows it. */}
                    {task.externalId !== null && (
                      <div className="cell-sub" dir="auto">
                        {task.externalId}
                      </div>
                    )}
                  </td>
                  <td className="cell-preview">{taskPreview(task.data)}</td>
                  <td>
                    <Pill tone={STATUS_TONE[task.status]}>{t(`console.tasks.statuses.${task.status}`)}</Pill>
                  </td>
                  <td className="num">
                    {task.judgments} / {task.required}
                  </td>
                  <td>
                    {task.aggregate === null ? (
                      <span className="muted">–</span>
                    ) : (
                      formatLabelValue(schema, task.aggregate, t)
                    )}
                  </td>
                  <td className="num">{format.percent(task.confidence)}</td>
                  <td>{task.gold === null ? "" : <Pill tone="warn">{t("console.tasks.statuses.gold")}</Pill>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Modal
        title={t("common.taskNumber", { id: openTask ?? "" })}
        open={openTask !== undefined}
        onClose={() => setOpenTask(undefined)}
        wide
      >
        {openTask !== undefined && <TaskDetailView projectId={projectId} taskId={openTask} schema={schema} />}
      </Modal>
    </div>
  );
}

function TaskDetailView({ projectId, taskId, schema }: { projectId: number; taskId: number; schema: LabelSchema }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const { data, error, reload } = useApi<TaskDetail>(`/projects/${projectId}/tasks/${taskId}`);
  if (error) return <ErrorBanner error={error} />;
  if (!data) return <PageLoading />;
  return (
    <div className="task-detail">
      <pre className="task-data">{JSON.stringify(data.data, null, 2)}</pre>
      <p>
        {t("review.aggregate")}:{" "}
        <strong>{data.aggregate === null ? "–" : formatLabelValue(schema, data.aggregate, t)}</strong>
        {data.confidence !== null && (
          <span className="muted"> ({t("review.sure", { percent: format.percent(data.confidence) })})</span>
        )}
        {data.gold !== null && (
          <>
            {" · "}
            {t("review.gold")}: <strong>{formatLabelValue(schema, data.gold, t)}</strong>
            {data.goldExplanation && <span className="muted"> ({data.goldExplanation})</span>}
          </>
        )}
      </p>
      {can(user.role, "gold.write") && (
        <GoldAnswerEditor
          projectId={projectId}
          taskId={taskId}
          schema={schema}
          data={data.data}
          gold={data.gold}
          explanation={data.goldExplanation}
          onChanged={reload}
        />
      )}
      {data.judgmentList.length === 0 ? (
        <p className="muted">{t("review.noJudgments")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t("review.annotator")}</th>
              <th>{t("review.answer")}</th>
              <th className="num">{t("console.tasks.active")}</th>
              <th className="num">{t("labeling.guidelines")}</th>
              <th>{t("console.tasks.when")}</th>
            </tr>
          </thead>
          <tbody>
            {data.judgmentList.map((j) => (
              <tr key={j.id}>
                <td>{j.annotatorName}</td>
                <td>
                  {formatLabelValue(schema, j.value, t)}
                  {j.goldCorrect === false && <span className="text-bad"> ✗</span>}
                  {j.goldCorrect === true && <span className="text-good"> ✓</span>}
                </td>
                <td className="num">{format.duration(j.activeMs)}</td>
                <td className="num">v{j.guidelineVersion}</td>
                <td>{format.dateTime(j.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
