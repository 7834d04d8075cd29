import { can, DEFAULT_BASELINE_PERIODS, DEFAULT_FORECAST_Z, type describeMetric } from "@quorum/core";
import type { MonitorList, MonitorView, StaffProjectList } from "@quorum/server";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../components/session.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { MonitorActions } from "./monitor-actions.js";
import { MonitorEditor } from "./monitor-editor.js";
import { useApi } from "./use-api.js";

type MetricDescription = ReturnType<typeof describeMetric>;

/**
 * For those who read alerts: the monitors watching the metrics, each said in words (what fires it,
 * how often it looks, whether it is alerting), and what each metric means (formula, unit,
 * breakdowns). Admins and managers also make, change, switch off and delete them here.
 */
export function MonitorsCard({ metrics }: { metrics: readonly MetricDescription[] }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const manage = can(user.role, "monitors.manage");
  // "new": the form for a new monitor; a monitor: the form changing it; undefined: no form.
  const [editing, setEditing] = useState<"new" | MonitorView | undefined>();
  const monitors = useApi<MonitorList>("/monitors");
  const projects = useApi<StaffProjectList>("/projects");
  const title = (name: string) => metrics.find((m) => m.name === name)?.title ?? name;
  const projectName = (id: number) => projects.data?.projects.find((p) => p.id === id)?.name ?? `#${id}`;
  return (
    <section className="card" aria-labelledby="monitors-head">
      <div className="section-head">
        <h2 id="monitors-head">{t("console.reports.monitors")}</h2>
        {manage && editing === undefined && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            {t("console.reports.newMonitor")}
          </button>
        )}
      </div>
      {monitors.error && <ErrorBanner error={monitors.error} onRetry={monitors.reload} />}
      {editing !== undefined && (
        <MonitorEditor
          key={editing === "new" ? "new" : editing.id}
          metrics={metrics}
          projects={projects.data?.projects ?? []}
          monitor={editing === "new" ? undefined : editing}
          onSaved={() => {
            setEditing(undefined);
            monitors.reload();
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {!monitors.data ? (
        !monitors.error && <PageLoading />
      ) : monitors.data.monitors.length === 0 ? (
        <p className="muted" data-testid="monitors-none">
          {t(manage ? "console.reports.monitorsNoneManage" : "console.reports.monitorsNone")}
        </p>
      ) : (
        <table className="table" aria-label={t("console.reports.monitors")}>
          <thead>
            <tr>
              <th scope="col">{t("console.reports.name")}</th>
              <th scope="col">{t("console.reports.metric")}</th>
              <th scope="col">{t("console.reports.monitorScope")}</th>
              <th scope="col">{t("console.reports.condition")}</th>
              <th scope="col">{t("console.reports.when")}</th>
              <th scope="col">{t("console.reports.status")}</th>
              {manage && <th scope="col">{t("console.reports.monitorActions")}</th>}
            </tr>
          </thead>
          <tbody>
            {monitors.data.monitors.map((monitor) => (
              <MonitorRow
                key={monitor.id}
                monitor={monitor}
                metricTitle={title(monitor.metric)}
                project={monitor.projectId === null ? undefined : projectName(monitor.projectId)}
              >
                {manage && (
                  <MonitorActions monitor={monitor} onEdit={() => setEditing(monitor)} onChanged={monitors.reload} />
                )}
              </MonitorRow>
            ))}
          </tbody>
        </table>
      )}
      <details className="metric-definitions">
        <summary>{t("console.reports.definitions")}</summary>
        <p className="muted">{t("console.reports.definitionsHint")}</p>
        <table className="table" aria-label={t("console.reports.definitions")}>
          <thead>
            <tr>
              <th scope="col">{t("console.reports.metric")}</th>
              <th scope="col">{t("console.reports.unit")}</th>
              <th scope="col">{t("console.reports.formula")}</th>
              <th scope="col">{t("console.reports.groupBy")}</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) => (
              <tr key={m.name}>
                <th scope="row">
                  {m.title}
                  <div className="cell-sub">{m.description}</div>
                </th>
                <td>{m.unit}</td>
                <td>
                  <code>{m.formula}</code>
                </td>
                <td>{m.dimensions.map((d) => t(`console.reports.dimensions.${d}`)).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function MonitorRow({
  monitor,
  metricTitle,
  project,
  children,
}: {
  monitor: MonitorView;
  /** The managers' actions, in a last cell. */
  children?: ReactNode;
  metricTitle: string;
  /** The project's name; undefined: the monitor watches every project. */
  project: string | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { condition } = monitor;
  const periods = format.number(
    condition.type === "threshold" ? 0 : (condition.baselinePeriods ?? DEFAULT_BASELINE_PERIODS),
  );
  const fires =
    condition.type === "threshold"
      ? t(`console.reports.monitorCondition.threshold_${condition.operator}`, { value: format.number(condition.value) })
      : condition.type === "change"
        ? t(`console.reports.monitorCondition.change_${condition.direction}`, {
            percent: format.number(condition.percent),
            periods,
          })
        : t("console.reports.monitorCondition.forecast", {
            z: format.number(condition.z ?? DEFAULT_FORECAST_Z),
            periods,
          });
  const scope = [monitor.vendor, monitor.language].filter(Boolean).join(" · ");
  const status = !monitor.enabled ? "disabled" : monitor.status === "alerting" ? "alerting" : "ok";
  return (
    <tr data-testid="monitor-row">
      <td>{monitor.name}</td>
      <td>{metricTitle}</td>
      <td>
        {project ?? t("console.reports.everywhere")}
        {scope && <div className="cell-sub">{scope}</div>}
      </td>
      <td>{fires}</td>
      <td>
        {t(`console.reports.monitorSchedule.${monitor.schedule}`, { minutes: format.number(monitor.windowMinutes) })}
      </td>
      <td>
        <Pill tone={status === "alerting" ? "bad" : status === "ok" ? "good" : "neutral"}>
          {t(`console.reports.monitorStatus.${status}`)}
        </Pill>
      </td>
      {children && (
        <td>
          <div className="row-actions">{children}</div>
        </td>
      )}
    </tr>
  );
}
