import { can, type describeMetric, type Role, schedulableReportKinds } from "@quorum/core";
import type { ReportRunList, ReportRunView, ReportScheduleList, ReportScheduleView } from "@quorum/server";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { useSession } from "../../components/session.js";
import { useTimeZonePreference, useViewerTimeZone } from "../../components/time-zone-picker.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { formatDateTime } from "../../lib/format.js";
import { scheduleInWords } from "../../lib/schedule-words.js";
import { timeZoneQuery } from "../../lib/time-zone-preference.js";
import { MonitorsCard } from "./monitors-card.js";
import { ReportScheduleForm } from "./report-schedule-form.js";
import { ReportSchedulePauseButton } from "./report-schedule-pause-button.js";
import { useApi } from "./use-api.js";

type MetricDescription = ReturnType<typeof describeMetric>;

/** Who the note on the SQL views (docs/sql-views.md) is for: analysts who query them, admins who grant the access. */
const SQL_VIEW_ROLES: readonly Role[] = ["admin", "analyst"];

/** Reports: metric downloads (CSV, XLSX), scheduled digests, and the digests sent to the viewer. */
export function ReportsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  // Counts the reports run from this page, so the list of reports sent to the viewer follows them.
  const [runs, setRuns] = useState(0);
  return (
    <div className="page reports-page">
      <div className="page-head">
        <h1>{t("console.reports.title")}</h1>
      </div>
      {can(user.role, "metrics.read") && <MetricDownloads />}
      {can(user.role, "metrics.read") && can(user.role, "alerts.read") && <MonitorsSection />}
      {can(user.role, "reports.schedule") && <ReportSchedules onRun={() => setRuns((n) => n + 1)} />}
      <MyReports version={runs} />
      {SQL_VIEW_ROLES.includes(user.role) && <p className="muted">{t("console.reports.sqlViews")}</p>}
    </div>
  );
}

function MetricDownloads() {
  const { t } = useTranslation();
  const zone = useTimeZonePreference();
  const metrics = useApi<{ metrics: MetricDescription[] }>("/metrics");
  const [name, setName] = useState("judgments");
  const [grain, setGrain] = useState<"hour" | "day">("day");
  const [groupBy, setGroupBy] = useState("");
  const [days, setDays] = useState(30);
  if (metrics.error) return <ErrorBanner error={metrics.error} onRetry={metrics.reload} />;
  if (!metrics.data) return <PageLoading />;
  const metric = metrics.data.metrics.find((m) => m.name === name) ?? metrics.data.metrics[0];
  if (!metric) return null;
  const to = Date.now();
  const from = to - Math.min(days, grain === "hour" ? 80 : 2000) * (grain === "hour" ? 3_600_000 : 86_400_000);
  const query = `grain=${grain}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}${
    groupBy ? `&groupBy=${groupBy}` : ""
  }${timeZoneQuery(zone)}`;
  const href = (format: "csv" | "xlsx") => `/api/v1/metrics/${metric.name}?${query}&format=${format}`;
  return (
    <section className="card">
      <div className="section-head">
        <h2>{t("console.reports.downloads")}</h2>
        <span className="muted">{zone || t("timeZonePicker.workspace")}</span>
      </div>
      <div className="inline-form">
        <label>
          {t("console.reports.metric")}
          <select value={metric.name} onChange={(e) => setName(e.target.value)}>
            {metrics.data.metrics.map((m) => (
              <option key={m.name} value={m.name}>
                {m.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("console.reports.grain")}
          <select value={grain} onChange={(e) => setGrain(e.target.value as "hour" | "day")}>
            <option value="day">{t("console.reports.day")}</option>
            <option value="hour">{t("console.reports.hour")}</option>
          </select>
        </label>
        <label>
          {t("console.reports.groupBy")}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
            <option value="">{t("console.reports.noGroup")}</option>
            {metric.dimensions.map((d) => (
              <option key={d} value={d}>
                {t(`console.reports.dimensions.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("console.reports.lastDays")}
          <input type="number" min={1} max={2000} value={days} onChange={(e) => setDays(Number(e.target.value) || 1)} />
        </label>
      </div>
      <p className="muted">{metric.description}</p>
      <div className="row-actions">
        <a className="btn" href={href("csv")} download data-testid="download-csv">
          {t("console.reports.csv")}
        </a>
        <a className="btn" href={href("xlsx")} download data-testid="download-xlsx">
          {t("console.reports.xlsx")}
        </a>
      </div>
    </section>
  );
}

/** The monitors and metric definitions, once the metrics (their titles and formulas) have arrived. */
function MonitorsSection() {
  const metrics = useApi<{ metrics: MetricDescription[] }>("/metrics");
  return metrics.data ? <MonitorsCard metrics={metrics.data.metrics} /> : null;
}

/**
 * Managers schedule any report for anyone; analysts and finance a business unit's weekly report,
 * addressed to themselves (a daily digest covers the projects its recipient created).
 */
function ReportSchedules({ onRun }: { onRun: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const kinds = schedulableReportKinds(user.role);
  const schedules = useApi<ReportScheduleList>("/report-schedules");
  const [running, setRunning] = useState<number | undefined>();
  const [ran, setRan] = useState<string | undefined>();
  /** The schedule being changed: the form below is then prefilled with it and saves it. */
  const [editing, setEditing] = useState<ReportScheduleView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const zone = useTimeZonePreference();

  const act = async (path: string, method: "POST" | "DELETE") => {
    setError(undefined);
    setRan(undefined);
    try {
      await api(path, { method });
      schedules.reload();
    } catch (e) {
      setError(describeError(e, t));
    }
  };
  const run = async (scheduleId: number) => {
    setError(undefined);
    setRan(undefined);
    setRunning(scheduleId);
    try {
      const { run } = await api<{ run: ReportRunView }>(`/report-schedules/${scheduleId}/run`, { method: "POST" });
      setRan(
        t("console.reports.ran", { subject: run.subject, delivery: t(`console.reports.delivery.${run.delivery}`) }),
      );
      schedules.reload();
      onRun();
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setRunning(undefined);
    }
  };

  return (
    <section className="card">
      <div className="section-head">
        <h2>{t("console.reports.schedules")}</h2>
      </div>
      {error && <ErrorBanner error={error} />}
      {ran && (
        <p className="notice" role="status">
          {ran}
        </p>
      )}
      {schedules.error && <ErrorBanner error={schedules.error} onRetry={schedules.reload} />}
      {schedules.data && schedules.data.schedules.length > 0 && (
        <table className="table" aria-label={t("console.reports.schedules")}>
          <thead>
            <tr>
              <th>{t("console.reports.name")}</th>
              <th>{t("console.reports.kind")}</th>
              <th>{t("console.reports.when")}</th>
              <th>{t("console.reports.nextRun")}</th>
              <th>{t("console.reports.lastRun")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {schedules.data.schedules.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{t(`console.reports.kinds.${s.kind}`)}</td>
                <td>
                  <ScheduleWhen cron={s.cron} timeZone={s.timeZone} />
                </td>
                <td>
                  {s.pausedAt ? (
                    <Pill tone="warn" title={t("console.reports.pausedSince", { when: formatDateTime(s.pausedAt) })}>
                      {t("console.reports.paused")}
                    </Pill>
                  ) : s.nextRunAt ? (
                    formatDateTime(s.nextRunAt)
                  ) : (
                    "–"
                  )}
                </td>
                <td data-testid="last-run">
                  <LastRun run={s.lastRun} />
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={running !== undefined}
                    onClick={() => void run(s.id)}
                  >
                    {running === s.id ? t("console.reports.running") : t("console.reports.runNow")}
                  </button>
                  <ReportSchedulePauseButton schedule={s} onChanged={schedules.reload} />
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={t("console.reports.editScheduleOf", { name: s.name })}
                    aria-pressed={editing?.id === s.id}
                    onClick={() => setEditing(editing?.id === s.id ? undefined : s)}
                  >
                    {t("console.reports.edit")}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => {
                      if (editing?.id === s.id) setEditing(undefined);
                      void act(`/report-schedules/${s.id}`, "DELETE");
                    }}
                  >
                    {t("console.reports.delete")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && <h3>{t("console.reports.editScheduleOf", { name: editing.name })}</h3>}
      <ReportScheduleForm
        key={editing?.id ?? "new"}
        kinds={kinds}
        businessUnits={schedules.data?.businessUnits ?? []}
        zone={zone}
        editing={editing}
        onSaved={() => {
          setEditing(undefined);
          schedules.reload();
        }}
        onCancel={editing ? () => setEditing(undefined) : undefined}
      />
      <p className="muted">{t("console.reports.deliveryHint")}</p>
    </section>
  );
}

/**
 * A schedule's newest run, Run now's included: when, and "e-mail failed" (with the reason in its
 * title) when its e-mail did not go out.
 */
function LastRun({ run }: { run: ReportScheduleView["lastRun"] }) {
  const { t } = useTranslation();
  if (!run?.at) return <>–</>;
  return (
    <>
      <time dateTime={run.at}>{formatDateTime(run.at)}</time>
      {run.delivery === "failed" && (
        <>
          {" "}
          <Pill tone="warn" {...(run.error && { title: run.error })}>
            {t("console.reports.delivery.failed")}
          </Pill>
        </>
      )}
    </>
  );
}

/**
 * When a schedule runs, in words, with its zone when it is not the viewer's ("At 08:00, only on
 * Monday, Europe/Berlin"); its pattern and zone in the title for those who wrote it.
 */
function ScheduleWhen({ cron, timeZone }: { cron: string; timeZone: string }) {
  const viewerZone = useViewerTimeZone();
  const said = scheduleInWords(cron);
  const words = "words" in said ? said.words : cron;
  return <span title={`${cron} (${timeZone})`}>{timeZone === viewerZone ? words : `${words}, ${timeZone}`}</span>;
}

function MyReports({ version }: { version: number }) {
  const { t } = useTranslation();
  const runs = useApi<ReportRunList>("/me/reports");
  const { reload } = runs;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  if (runs.error) return <ErrorBanner error={runs.error} onRetry={runs.reload} />;
  if (!runs.data) return null;
  return (
    <section className="card">
      <div className="section-head">
        <h2>{t("console.reports.mine")}</h2>
      </div>
      {runs.data.runs.length === 0 && <p className="muted">{t("console.reports.none")}</p>}
      {runs.data.runs.map((run) => (
        <details key={run.id} className="report-run">
          <summary>
            {run.subject}{" "}
            <Pill tone={run.delivery === "failed" ? "warn" : "neutral"}>
              {t(`console.reports.delivery.${run.delivery}`)}
            </Pill>
          </summary>
          <pre className="report-body">{run.body}</pre>
        </details>
      ))}
    </section>
  );
}
