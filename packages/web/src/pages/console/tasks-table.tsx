import type { LabelSchema, TaskStatus } from "@quorum/core";
import type { TaskDetail, TaskPage } from "@quorum/server";
import { useState } from "react";
import { EmptyState, ErrorBanner, Modal, PageLoading, Pill } from "../../components/ui.js";
import { formatLabelValue } from "../../lib/choices.js";
import { formatDateTime, formatDuration, formatPercent } from "../../lib/format.js";
import { taskPreview } from "../../lib/task-content.js";
import { useApi } from "./use-api.js";

const STATUS_TONE: Record<TaskStatus, "neutral" | "info" | "good" | "warn"> = {
  open: "neutral",
  full: "info",
  done: "good",
  gold: "warn",
};

/** Tasks a page at a time (keyset paging on id), with each task's judgments on click. */
export function TasksTable({ projectId, schema }: { projectId: number; schema: LabelSchema }) {
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
          aria-label="Task status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as "" | TaskStatus);
            setCursors([0]);
          }}
        >
          <option value="">All tasks</option>
          <option value="open">Open</option>
          <option value="full">In progress (all slots leased)</option>
          <option value="done">Done</option>
        </select>
        <span className="topbar-spacer" />
        <button
          type="button"
          className="btn btn-small"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Previous
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!data?.next}
          onClick={() => data?.next && setCursors((c) => [...c, data.next as number])}
        >
          Next
        </button>
      </div>
      {error && <ErrorBanner error={error} onRetry={reload} />}
      {!data ? (
        <PageLoading />
      ) : data.tasks.length === 0 ? (
        <EmptyState title="No tasks here" />
      ) : (
        <div className="table-scroll">
          <table className="table" aria-label="Tasks">
            <thead>
              <tr>
                <th className="num">Id</th>
                <th>Content</th>
                <th>Status</th>
                <th className="num">Judgments</th>
                <th>Aggregate</th>
                <th className="num">Confidence</th>
                <th>Gold</th>
              </tr>
            </thead>
            <tbody>
              {data.tasks.map((t) => (
                <tr key={t.id}>
                  <td className="num">
                    <button type="button" className="link-button" onClick={() => setOpenTask(t.id)}>
                      #{t.id}
                    </button>
                  </td>
                  <td className="cell-preview">{taskPreview(t.data)}</td>
                  <td>
                    <Pill tone={STATUS_TONE[t.status]}>{t.status}</Pill>
                  </td>
                  <td className="num">
                    {t.judgments} / {t.required}
                  </td>
                  <td>
                    {t.aggregate === null ? <span className="muted">–</span> : formatLabelValue(schema, t.aggregate)}
                  </td>
                  <td className="num">{formatPercent(t.confidence)}</td>
                  <td>{t.gold === null ? "" : <Pill tone="warn">gold</Pill>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Modal
        title={`Task #${openTask ?? ""}`}
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
  const { data, error } = useApi<TaskDetail>(`/projects/${projectId}/tasks/${taskId}`);
  if (error) return <ErrorBanner error={error} />;
  if (!data) return <PageLoading />;
  return (
    <div className="task-detail">
      <pre className="task-data">{JSON.stringify(data.data, null, 2)}</pre>
      <p>
        Aggregate: <strong>{data.aggregate === null ? "–" : formatLabelValue(schema, data.aggregate)}</strong>
        {data.confidence !== null && <span className="muted"> ({formatPercent(data.confidence)} confidence)</span>}
        {data.gold !== null && (
          <>
            {" · "}Gold: <strong>{formatLabelValue(schema, data.gold)}</strong>
          </>
        )}
      </p>
      {data.judgmentList.length === 0 ? (
        <p className="muted">No judgments yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Annotator</th>
              <th>Answer</th>
              <th className="num">Active</th>
              <th className="num">Guidelines</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {data.judgmentList.map((j) => (
              <tr key={j.id}>
                <td>{j.annotatorName}</td>
                <td>
                  {formatLabelValue(schema, j.value)}
                  {j.goldCorrect === false && <span className="text-bad"> ✗</span>}
                  {j.goldCorrect === true && <span className="text-good"> ✓</span>}
                </td>
                <td className="num">{formatDuration(j.activeMs)}</td>
                <td className="num">v{j.guidelineVersion}</td>
                <td>{formatDateTime(j.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
