import type { AnnotatorStatus } from "@quorum/core";
import type { AnnotatorQualityView, QualityActionView } from "@quorum/server";
import { type FormEvent, useMemo, useState } from "react";
import { api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { EmptyState, ErrorBanner, Modal, Pill } from "../../components/ui.js";
import {
  actionLabel,
  fastAnswerShare,
  filterAnnotatorQuality,
  type QualityFilter,
  type QualitySortKey,
  STATUS_INFO,
  sortAnnotatorQuality,
} from "../../lib/annotator-quality.js";
import { formatDateTime, formatNumber, formatPercent, formatRelative } from "../../lib/format.js";
import { formatInterval } from "../../lib/quality.js";
import { type SortableColumn, SortableTableHead, TableHead, useTableSort } from "./table-head.js";

const COLUMNS: SortableColumn<QualitySortKey>[] = [
  { key: "name", label: "Annotator", numeric: false },
  { key: "judgments", label: "Judgments", numeric: true },
  { key: "goldAccuracy", label: "Gold accuracy", numeric: true, title: "Share of gold answers right, 95% interval" },
  {
    key: "agreement",
    label: "Agrees with aggregate",
    numeric: true,
    title: "Share of their judgments equal to the task's current aggregate label (window)",
  },
  { key: "fastShare", label: "Too fast", numeric: true, title: "Answers under the project's minimum active time" },
  { key: "status", label: "Status", numeric: false },
];

/**
 * The annotator quality table: sortable and filterable; gold accuracy with its interval; status
 * with its reason; for managers, pause / retrain / flag / resume with a reason.
 */
export function AnnotatorQualityTable({
  projectId,
  annotators,
  canManage,
  onChanged,
}: {
  projectId: number;
  annotators: AnnotatorQualityView[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const [sort, toggle] = useTableSort<QualitySortKey>({ key: "status", direction: "asc" }, (key) =>
    key === "name" || key === "status" ? "asc" : "desc",
  );
  const [filter, setFilter] = useState<QualityFilter>({ text: "", status: "all", below: null });
  const [managing, setManaging] = useState<AnnotatorQualityView | undefined>();
  const shown = useMemo(
    () => sortAnnotatorQuality(filterAnnotatorQuality(annotators, filter), sort.key, sort.direction),
    [annotators, filter, sort],
  );
  if (annotators.length === 0) return <EmptyState title="No annotator has worked on this project yet" />;
  return (
    <div>
      <div className="table-tools">
        <input
          type="search"
          placeholder="Filter by name or vendor"
          aria-label="Filter annotators by name or vendor"
          value={filter.text}
          onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
        />
        <select
          aria-label="Status"
          value={filter.status}
          onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value as QualityFilter["status"] }))}
        >
          <option value="all">Every status</option>
          <option value="attention">Needs attention</option>
          <option value="paused">Paused</option>
          <option value="retrain">Retraining</option>
          <option value="flagged">Flagged</option>
          <option value="ok">OK</option>
        </select>
        <label className="checkbox" title="The whole 95% interval of gold accuracy is below 80%">
          <input
            type="checkbox"
            checked={filter.below !== null}
            onChange={(e) => setFilter((f) => ({ ...f, below: e.target.checked ? 0.8 : null }))}
          />
          Gold accuracy surely under 80%
        </label>
        <span className="muted">
          {shown.length} of {annotators.length}
        </span>
      </div>
      <div className="table-scroll">
        <table className="table" aria-label="Annotator quality">
          <SortableTableHead
            columns={COLUMNS}
            sort={sort}
            onSort={toggle}
            actions={canManage ? "Actions" : undefined}
          />
          <tbody>
            {shown.map((a) => {
              const info = STATUS_INFO[a.status];
              const fast = fastAnswerShare(a);
              return (
                <tr key={a.id} data-annotator-id={a.id}>
                  <td>
                    <div>
                      {a.languages.map((l) => (
                        <span key={l} className="lang-tag">
                          {l}
                        </span>
                      ))}
                      {a.name}
                    </div>
                    {a.vendor && <div className="cell-sub">{a.vendor}</div>}
                  </td>
                  <td className="num">{formatNumber(a.judgments)}</td>
                  <td className="num">
                    {a.goldAccuracy.n === 0 ? (
                      <span className="muted">no gold yet</span>
                    ) : (
                      <>
                        <span className={a.goldAccuracy.high < 0.8 ? "text-bad" : ""}>
                          {formatInterval(a.goldAccuracy)}
                        </span>
                        <div className="cell-sub">n = {a.goldAccuracy.n}</div>
                      </>
                    )}
                  </td>
                  <td className="num" title={formatInterval(a.agreementWithAggregate)}>
                    {a.agreementWithAggregate ? formatPercent(a.agreementWithAggregate.estimate) : "–"}
                  </td>
                  <td className="num">
                    {a.fastAnswers > 0 ? (
                      <>
                        {formatNumber(a.fastAnswers)} <span className="cell-sub">({formatPercent(fast)})</span>
                      </>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                  <td>
                    <Pill tone={info.tone}>{info.label}</Pill>
                    {a.statusReason && a.status !== "ok" && (
                      <div className="cell-sub status-reason">{a.statusReason}</div>
                    )}
                  </td>
                  {canManage && (
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setManaging(a)}
                        aria-label={`Change the status of ${a.name}`}
                      >
                        {a.status === "ok" ? "Pause…" : "Change…"}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Modal
        title={managing ? `Status of ${managing.name}` : "Status"}
        open={managing !== undefined}
        onClose={() => setManaging(undefined)}
      >
        {managing && (
          <StatusForm
            projectId={projectId}
            annotator={managing}
            onDone={() => {
              setManaging(undefined);
              onChanged();
            }}
          />
        )}
      </Modal>
    </div>
  );
}

const STATUS_CHOICES: { value: AnnotatorStatus; label: string; help: string }[] = [
  { value: "paused", label: "Pause", help: "They get no more tasks in this project until resumed." },
  { value: "retrain", label: "Send to retraining", help: "Marked for retraining; they can still work." },
  { value: "flagged", label: "Flag", help: "Marked for a closer look; nothing changes for them." },
  { value: "ok", label: "Resume", help: "Back to normal." },
];

function StatusForm({
  projectId,
  annotator,
  onDone,
}: {
  projectId: number;
  annotator: AnnotatorQualityView;
  onDone: () => void;
}) {
  const [status, setStatus] = useState<AnnotatorStatus>(annotator.status === "ok" ? "paused" : "ok");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api(`/projects/${projectId}/annotators/${annotator.id}/status`, {
        method: "POST",
        body: { status, reason: reason.trim() },
      });
      onDone();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="status-form" onSubmit={submit}>
      <p className="muted">
        Now: <strong>{STATUS_INFO[annotator.status].label}</strong>
        {annotator.statusReason ? ` — ${annotator.statusReason}` : ""}. Every change is logged and can be reversed.
      </p>
      <fieldset className="radio-list">
        <legend className="field-label">New status</legend>
        {STATUS_CHOICES.filter((c) => c.value !== annotator.status).map((c) => (
          <label key={c.value} className="radio">
            <input
              type="radio"
              name="status"
              value={c.value}
              checked={status === c.value}
              onChange={() => setStatus(c.value)}
            />
            <span>
              <strong>{c.label}</strong> <span className="muted">{c.help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field label="Reason (they and other managers see it)">
        {(control) => (
          <textarea
            {...control}
            name="reason"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      {error && <ErrorBanner error={error} />}
      <div className="row-actions modal-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || reason.trim() === ""}>
          Save
        </button>
      </div>
    </form>
  );
}

/** Automatic and manual actions on annotators, newest first, each reversible by a manager once. */
export function QualityActionsList({
  projectId,
  actions,
  canManage,
  onChanged,
}: {
  projectId: number;
  actions: QualityActionView[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState<number | undefined>();
  const reverse = async (action: QualityActionView) => {
    setBusy(action.id);
    setError(undefined);
    try {
      await api(`/projects/${projectId}/quality/actions/${action.id}/reverse`, { method: "POST" });
      onChanged();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(undefined);
    }
  };
  if (actions.length === 0)
    return (
      <p className="muted">
        No actions yet. Automatic rules act when an annotator's gold accuracy is surely below the project's threshold,
        or they answer too fast; set the rules in Settings.
      </p>
    );
  const now = Date.now();
  return (
    <div>
      {error && <ErrorBanner error={error} />}
      <div className="table-scroll table-limit">
        <table className="table" aria-label="Quality actions">
          <TableHead columns={["When", "Annotator", "Action", "Reason", "By"]} actions="Reverse" />
          <tbody>
            {actions.map((a) => (
              <tr key={a.id} className={a.reversedAt ? "row-muted" : ""}>
                <td title={formatDateTime(a.createdAt)}>{formatRelative(Date.parse(a.createdAt), now)}</td>
                <td>{a.annotatorName}</td>
                <td>{actionLabel(a.action)}</td>
                <td className="cell-reason">{a.reason}</td>
                <td>{a.automatic ? <Pill tone="info">automatic rule</Pill> : "a manager"}</td>
                <td>
                  {a.reversedAt ? (
                    <span className="muted" title={formatDateTime(a.reversedAt)}>
                      reversed {formatRelative(Date.parse(a.reversedAt), now)}
                    </span>
                  ) : canManage && a.action !== "resume" ? (
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={busy === a.id}
                      onClick={() => void reverse(a)}
                    >
                      Reverse
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
