import type { BatchList, BatchView } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { endOfLocalDay, formatDateTime, formatNumber, localDateOf } from "../../lib/format.js";
import { useApi } from "./use-api.js";

/** The project's import batches: their tasks, priority and deadline (editable), and cancelling. */
export function BatchesPanel({ projectId, canManage }: { projectId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const batches = useApi<BatchList>(`/projects/${projectId}/batches`);
  const [error, setError] = useState<string | undefined>();
  const change = async (path: string, method: "PATCH" | "POST", body?: unknown) => {
    setError(undefined);
    try {
      await api(path, { method, ...(body === undefined ? {} : { body }) });
      batches.reload();
    } catch (e) {
      setError(describeError(e, t));
    }
  };
  return (
    <section className="card">
      <div className="section-head">
        <h2>{t("console.batches.title")}</h2>
        <span className="muted">{t("console.batches.hint")}</span>
      </div>
      {error && <ErrorBanner error={error} />}
      {batches.error && <ErrorBanner error={batches.error} onRetry={batches.reload} />}
      {!batches.data ? (
        <PageLoading />
      ) : batches.data.batches.length === 0 ? (
        <p className="muted">{t("console.batches.none")}</p>
      ) : (
        <table className="table" aria-label={t("console.batches.title")}>
          <thead>
            <tr>
              <th>{t("console.batches.name")}</th>
              <th>{t("console.batches.tasks")}</th>
              <th>{t("console.batches.priority")}</th>
              <th>{t("console.batches.deadline")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {batches.data.batches.map((batch) => (
              <BatchRow
                key={`${batch.id}-${batch.priority}-${batch.deadline}`}
                batch={batch}
                canManage={canManage && batch.cancelledAt === null}
                onSave={(body) => void change(`/projects/${projectId}/batches/${batch.id}`, "PATCH", body)}
                onCancel={() => {
                  if (window.confirm(t("console.batches.confirmCancel", { name: batch.name })))
                    void change(`/projects/${projectId}/batches/${batch.id}/cancel`, "POST");
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function BatchRow({
  batch,
  canManage,
  onSave,
  onCancel,
}: {
  batch: BatchView;
  canManage: boolean;
  onSave: (body: { priority: number; deadline: string | null }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [priority, setPriority] = useState(String(batch.priority));
  // The day in the viewer's time zone; a day picked means the end of that day there.
  const [deadline, setDeadline] = useState(localDateOf(batch.deadline));
  const changed = Number(priority) !== batch.priority || deadline !== localDateOf(batch.deadline);
  const { tasks } = batch;
  return (
    <tr>
      <td>
        {batch.name}
        <div className="muted small">{formatDateTime(batch.createdAt)}</div>
        {batch.cancelledAt && <Pill tone="warn">{t("console.batches.cancelled")}</Pill>}
      </td>
      <td>
        {t("console.batches.counts", {
          done: formatNumber(tasks.done),
          total: formatNumber(tasks.total - tasks.gold),
          open: formatNumber(tasks.open + tasks.full),
          cancelled: formatNumber(tasks.cancelled),
        })}
      </td>
      <td>
        <input
          type="number"
          className="input-narrow"
          aria-label={t("console.batches.priorityOf", { name: batch.name })}
          value={priority}
          disabled={!canManage}
          onChange={(e) => setPriority(e.target.value)}
        />
      </td>
      <td>
        <input
          type="date"
          aria-label={t("console.batches.deadlineOf", { name: batch.name })}
          value={deadline}
          disabled={!canManage}
          onChange={(e) => setDeadline(e.target.value)}
        />
      </td>
      <td className="row-actions">
        {canManage && (
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={!changed || !Number.isInteger(Number(priority))}
              onClick={() =>
                onSave({
                  priority: Number(priority),
                  deadline: deadline ? (endOfLocalDay(deadline) ?? deadline) : null,
                })
              }
            >
              {t("console.batches.save")}
            </button>
            <button type="button" className="btn btn-small" onClick={onCancel}>
              {t("console.batches.cancel")}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
