import type { describeMetric } from "@quorum/core";
import type { MonitorView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { Field } from "../../components/field.js";
import {
  type ConditionType,
  emptyMonitorDraft,
  type MonitorDraft,
  monitorBody,
  monitorDraftOf,
} from "../../lib/monitor-form.js";
import { MetricNow } from "./metric-now.js";
import { useSubmit } from "./use-submit.js";

type MetricDescription = ReturnType<typeof describeMetric>;

/**
 * Makes a monitor, or changes one (`monitor` given): the metric and where it looks, how often,
 * what fires it and whom it e-mails. Numbers the form cannot read and the server's refusals
 * (ranges, a condition the metric does not support) show under their fields.
 */
export function MonitorEditor({
  metrics,
  projects,
  monitor,
  onSaved,
  onCancel,
}: {
  metrics: readonly MetricDescription[];
  projects: readonly { id: number; name: string }[];
  monitor?: MonitorView | undefined;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<MonitorDraft>(() =>
    monitor ? monitorDraftOf(monitor) : emptyMonitorDraft(metrics[0]?.name ?? ""),
  );
  const { busy, error, details, setDetails, clear, run } = useSubmit();
  const set = <K extends keyof MonitorDraft>(key: K, value: MonitorDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const metric = metrics.find((m) => m.name === draft.metric);
  const dims = metric?.dimensions ?? [];
  const snapshot = metric?.source === "tasks";
  const label = monitor ? t("console.reports.editMonitorOf", { name: monitor.name }) : t("console.reports.newMonitor");

  async function submit(event: FormEvent) {
    event.preventDefault();
    clear();
    const result = monitorBody(draft);
    if ("errors" in result) {
      setDetails(result.errors);
      return;
    }
    await run(
      () =>
        api(monitor ? `/monitors/${monitor.id}` : "/monitors", {
          method: monitor ? "PATCH" : "POST",
          body: result.body,
        }),
      onSaved,
    );
  }

  const text = (key: "name" | "vendor" | "language" | "emails", path: string, hint?: string) => (
    <Field label={t(`console.reports.monitorForm.${key}`)} details={details} path={path} hint={hint}>
      {(control) => <input {...control} type="text" value={draft[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );
  const number = (
    key: "windowMinutes" | "value" | "percent" | "baselinePeriods" | "z",
    path: string,
    hint?: string,
  ) => (
    <Field label={t(`console.reports.monitorForm.${key}`)} details={details} path={path} hint={hint}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="decimal"
          size={8}
          value={draft[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form className="monitor-form" onSubmit={submit} noValidate aria-label={label}>
      <h3>{label}</h3>
      <div className="inline-fields">
        {text("name", "name")}
        <Field label={t("console.reports.metric")} details={details} path="metric" hint={metric?.description}>
          {(control) => (
            <select {...control} value={draft.metric} onChange={(e) => set("metric", e.target.value)}>
              {metrics.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("console.reports.monitorForm.project")} details={details} path="projectId">
          {(control) => (
            <select {...control} value={draft.projectId} onChange={(e) => set("projectId", e.target.value)}>
              <option value="">{t("console.reports.everywhere")}</option>
              {projects.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {(dims.includes("vendor") || draft.vendor) && text("vendor", "vendor")}
        {(dims.includes("language") || draft.language) &&
          text("language", "language", t("console.reports.monitorForm.languageHint"))}
      </div>
      <div className="inline-fields">
        <Field label={t("console.reports.monitorForm.schedule")} details={details} path="schedule">
          {(control) => (
            <select
              {...control}
              value={draft.schedule}
              onChange={(e) => set("schedule", e.target.value === "daily" ? "daily" : "realtime")}
            >
              <option value="realtime">{t("console.reports.monitorForm.realtime")}</option>
              <option value="daily">{t("console.reports.monitorForm.daily")}</option>
            </select>
          )}
        </Field>
        {draft.schedule === "realtime" && number("windowMinutes", "windowMinutes")}
        <Field label={t("console.reports.condition")} details={details} path="condition.type">
          {(control) => (
            <select
              {...control}
              value={draft.conditionType}
              onChange={(e) => set("conditionType", e.target.value as ConditionType)}
            >
              <option value="threshold">{t("console.reports.monitorForm.threshold")}</option>
              <option value="change" disabled={snapshot}>
                {t("console.reports.monitorForm.change")}
              </option>
              <option value="forecast" disabled={snapshot}>
                {t("console.reports.monitorForm.forecast")}
              </option>
            </select>
          )}
        </Field>
        {draft.conditionType === "threshold" && (
          <>
            <Field label={t("console.reports.monitorForm.operator")} details={details} path="condition.operator">
              {(control) => (
                <select
                  {...control}
                  value={draft.operator}
                  onChange={(e) => set("operator", e.target.value === "above" ? "above" : "below")}
                >
                  <option value="below">{t("console.reports.monitorForm.below")}</option>
                  <option value="above">{t("console.reports.monitorForm.above")}</option>
                </select>
              )}
            </Field>
            {number("value", "condition.value", metric?.unit)}
          </>
        )}
        {draft.conditionType === "change" && (
          <>
            <Field label={t("console.reports.monitorForm.direction")} details={details} path="condition.direction">
              {(control) => (
                <select
                  {...control}
                  value={draft.direction}
                  onChange={(e) => set("direction", e.target.value === "rise" ? "rise" : "drop")}
                >
                  <option value="drop">{t("console.reports.monitorForm.drop")}</option>
                  <option value="rise">{t("console.reports.monitorForm.rise")}</option>
                </select>
              )}
            </Field>
            {number("percent", "condition.percent")}
          </>
        )}
        {draft.conditionType === "forecast" && number("z", "condition.z", t("console.reports.monitorForm.zHint"))}
        {draft.conditionType !== "threshold" &&
          number("baselinePeriods", "condition.baselinePeriods", t("console.reports.monitorForm.baselineHint"))}
      </div>
      {metric && draft.conditionType === "threshold" && <MetricNow metric={metric} draft={draft} />}
      <div className="inline-fields">
        {text("emails", "emails", t("console.reports.monitorForm.emailsHint"))}
        <label className="checkbox">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set("enabled", e.target.checked)} />
          {t("console.reports.monitorForm.enabled")}
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {monitor ? t("console.reports.monitorForm.save") : t("console.reports.monitorForm.create")}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          {t("console.reports.monitorForm.cancel")}
        </button>
      </div>
    </form>
  );
}
