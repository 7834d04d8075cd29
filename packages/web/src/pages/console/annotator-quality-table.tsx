import type { AnnotatorStatus } from "@quorum/core";
import type { AnnotatorQualityView, QualityActionView } from "@quorum/server";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { EmptyState, ErrorBanner, Modal, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import {
  actionLabel,
  fastAnswerShare,
  filterAnnotatorQuality,
  type QualityFilter,
  type QualitySortKey,
  STATUS_INFO,
  sortAnnotatorQuality,
} from "../../lib/annotator-quality.js";
import { formatCoefficient, formatInterval } from "../../lib/quality.js";
import { type SortableColumn, SortableTableHead, TableHead, useTableSort } from "./table-head.js";

/** The table's columns; labels and titles are keys of `console.annotatorQuality`. */
const COLUMN_KEYS: SortableColumn<QualitySortKey>[] = [
  { key: "name", label: "name", numeric: false },
  { key: "judgments", label: "judgments", numeric: true },
  { key: "goldAccuracy", label: "goldAccuracy", numeric: true, title: "goldAccuracyTitle" },
  {
    key: "agreement",
    label: "agrees",
    numeric: true,
    title: "agreesTitle",
  },
  { key: "kappa", label: "kappa", numeric: true, title: "kappaTitle" },
  { key: "fastShare", label: "fast", numeric: true, title: "fastTitle" },
  { key: "status", label: "status", numeric: false },
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
  lowBar,
}: {
  projectId: number;
  annotators: AnnotatorQualityView[];
  canManage: boolean;
  onChanged: () => void;
  /** Gold accuracy under which an annotator is marked (`lowAccuracyBar` of the project's rules). */
  lowBar: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo(
    () =>
      COLUMN_KEYS.map((c) => ({
        ...c,
        label: t(`console.annotatorQuality.${c.label as AnnotatorQualityKey}`),
        ...(c.title ? { title: t(`console.annotatorQuality.${c.title as AnnotatorQualityKey}`) } : {}),
      })),
    [t],
  );
  const [sort, toggle] = useTableSort<QualitySortKey>({ key: "status", direction: "asc" }, (key) =>
    key === "name" || key === "status" ? "asc" : "desc",
  );
  const [filter, setFilter] = useState<QualityFilter>({ text: "", status: "all", below: null });
  const [managing, setManaging] = useState<AnnotatorQualityView | undefined>();
  const shown = useMemo(
    () => sortAnnotatorQuality(filterAnnotatorQuality(annotators, filter), sort.key, sort.direction),
    [annotators, filter, sort],
  );
  if (annotators.length === 0) return <EmptyState title={t("console.annotatorQuality.none")} />;
  return (
    <div>
      <div className="table-tools">
        <input
          type="search"
          placeholder={t("console.annotatorQuality.filter")}
          aria-label={t("console.annotatorQuality.filterLabel")}
          value={filter.text}
          onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
        />
        <select
          aria-label={t("console.people.status")}
          value={filter.status}
          onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value as QualityFilter["status"] }))}
        >
          <option value="all">{t("console.annotatorQuality.everyStatus")}</option>
          <option value="attention">{t("console.annotatorQuality.attention")}</option>
          <option value="paused">{t("console.annotatorQuality.statuses.paused")}</option>
          <option value="retrain">{t("console.annotatorQuality.statuses.retrain")}</option>
          <option value="flagged">{t("console.annotatorQuality.statuses.flagged")}</option>
          <option value="ok">{t("console.annotatorQuality.statuses.ok")}</option>
        </select>
        <label
          className="checkbox"
          title={`The whole 95% interval of gold accuracy is below ${format.percent(lowBar)}, the project's minimum or else 80%`}
        >
          <input
            type="checkbox"
            checked={filter.below !== null}
            onChange={(e) => setFilter((f) => ({ ...f, below: e.target.checked ? lowBar : null }))}
          />
          Gold accuracy surely under {format.percent(lowBar)}
        </label>
        <span className="muted">
          {shown.length} of {annotators.length}
        </span>
      </div>
      <div className="table-scroll">
        <table className="table" aria-label="Annotator quality">
          <SortableTableHead
            columns={columns}
            sort={sort}
            onSort={toggle}
            actions={canManage ? t("console.people.actions") : undefined}
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
                  <td className="num">{format.number(a.judgments)}</td>
                  <td className="num">
                    {a.goldAccuracy.n === 0 ? (
                      <span className="muted">{t("console.annotatorQuality.noGold")}</span>
                    ) : (
                      <>
                        <span className={a.goldAccuracy.high < lowBar ? "text-bad" : ""}>
                          {formatInterval(a.goldAccuracy)}
                        </span>
                        <div className="cell-sub">n = {a.goldAccuracy.n}</div>
                      </>
                    )}
                  </td>
                  <td className="num" title={formatInterval(a.agreementWithAggregate)}>
                    {a.agreementWithAggregate ? format.percent(a.agreementWithAggregate.estimate) : "–"}
                  </td>
                  <td className="num" data-testid="annotator-kappa">
                    {a.kappa?.kappa == null ? "–" : formatCoefficient(a.kappa.kappa)}
                    {a.kappa && <div className="cell-sub">n = {format.number(a.kappa.items)}</div>}
                  </td>
                  <td className="num">
                    {a.fastAnswers > 0 ? (
                      <>
                        {format.number(a.fastAnswers)} <span className="cell-sub">({format.percent(fast)})</span>
                      </>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                  <td>
                    <Pill tone={info.tone}>{t(`console.annotatorQuality.statuses.${a.status}`)}</Pill>
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
                        aria-label={t("console.annotatorQuality.change", { name: a.name })}
                      >
                        {a.status === "ok"
                          ? t("console.annotatorQuality.pause")
                          : t("console.annotatorQuality.changeShort")}
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
        title={managing ? t("console.annotatorQuality.statusOf", { name: managing.name }) : t("console.people.status")}
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

/** The statuses a manager may set, in menu order (their words are in `console.annotatorQuality.choices`). */
const STATUS_CHOICES: AnnotatorStatus[] = ["paused", "retrain", "flagged", "ok"];

type AnnotatorQualityKey =
  | "name"
  | "judgments"
  | "goldAccuracy"
  | "goldAccuracyTitle"
  | "agrees"
  | "agreesTitle"
  | "fast"
  | "fastTitle"
  | "status";

function StatusForm({
  projectId,
  annotator,
  onDone,
}: {
  projectId: number;
  annotator: AnnotatorQualityView;
  onDone: () => void;
}) {
  const { t } = useTranslation();
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
        {t("console.annotatorQuality.now")}{" "}
        <strong>{t(`console.annotatorQuality.statuses.${annotator.status}`)}</strong>
        {annotator.statusReason ? ` — ${annotator.statusReason}` : ""}. {t("console.annotatorQuality.logged")}
      </p>
      <fieldset className="radio-list">
        <legend className="field-label">{t("console.annotatorQuality.newStatus")}</legend>
        {STATUS_CHOICES.filter((c) => c !== annotator.status).map((c) => (
          <label key={c} className="radio">
            <input type="radio" name="status" value={c} checked={status === c} onChange={() => setStatus(c)} />
            <span>
              <strong>{t(`console.annotatorQuality.choices.${c}.label`)}</strong>{" "}
              <span className="muted">{t(`console.annotatorQuality.choices.${c}.help`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field label={t("console.annotatorQuality.reason")}>
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
          {t("console.people.save")}
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
  const { t } = useTranslation();
  const format = useFormat();
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
  if (actions.length === 0) return <p className="muted">{t("console.annotatorQuality.noActions")}</p>;
  const now = Date.now();
  return (
    <div>
      {error && <ErrorBanner error={error} />}
      <div className="table-scroll table-limit">
        <table className="table" aria-label={t("console.annotatorQuality.actionsTable")}>
          <TableHead
            columns={[
              t("console.tasks.when"),
              t("review.annotator"),
              t("console.annotatorQuality.action"),
              t("console.annotatorQuality.reasonColumn"),
              t("console.annotatorQuality.by"),
            ]}
            actions={t("console.annotatorQuality.reverse")}
          />
          <tbody>
            {actions.map((a) => (
              <tr key={a.id} className={a.reversedAt ? "row-muted" : ""}>
                <td title={format.dateTime(a.createdAt)}>{format.relative(Date.parse(a.createdAt), now)}</td>
                <td>{a.annotatorName}</td>
                <td>{actionLabel(a.action, t)}</td>
                <td className="cell-reason">{a.reason}</td>
                <td>
                  {a.automatic ? (
                    <Pill tone="info">{t("console.annotatorQuality.automatic")}</Pill>
                  ) : (
                    t("console.annotatorQuality.aManager")
                  )}
                </td>
                <td>
                  {a.reversedAt ? (
                    <span className="muted" title={format.dateTime(a.reversedAt)}>
                      {t("console.annotatorQuality.reversed", { when: format.relative(Date.parse(a.reversedAt), now) })}
                    </span>
                  ) : canManage && a.action !== "resume" ? (
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={busy === a.id}
                      onClick={() => void reverse(a)}
                    >
                      {t("console.annotatorQuality.reverse")}
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
