import { can } from "@quorum/core";
import type { StaffProjectList } from "@quorum/server";
import { useState } from "react";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, PageLoading, Pill, ProgressBar } from "../../components/ui.js";
import { formatDateTime, formatNumber, formatRelative } from "../../lib/format.js";
import { RISK_LABEL, type Risk, riskSeverity } from "../../lib/risk.js";
import { TASK_TYPE_INFO } from "../../lib/schema-builder.js";
import { GettingStarted } from "./getting-started.js";
import { DeliveryPill } from "./risk-register.js";
import { useApi } from "./use-api.js";

export function statusTone(status: string): "good" | "warn" | "neutral" {
  return status === "active" ? "good" : status === "paused" ? "warn" : "neutral";
}

export function RiskPill({ risk }: { risk: Risk }) {
  const severity = riskSeverity(risk.level);
  const tone =
    severity === 2
      ? "bad"
      : severity === 1
        ? "warn"
        : risk.level === "on_track" || risk.level === "done"
          ? "good"
          : "neutral";
  const rate = `${risk.ratePerHour.toFixed(1)} judgments/h over the last 24 h`;
  const needed = risk.requiredPerHour === null ? "" : `; needs ${risk.requiredPerHour.toFixed(1)}/h`;
  const finish =
    risk.projectedFinish === null
      ? "; no finish at this pace"
      : `; finishes about ${formatDateTime(risk.projectedFinish)}`;
  return (
    <Pill
      tone={tone}
      title={`${formatNumber(risk.remaining)} judgments left; pace ${rate}${needed}${finish}. An estimate: assumes the pace holds.`}
    >
      {RISK_LABEL[risk.level]}
    </Pill>
  );
}

/** Projects with status, progress, deadline and delivery risk. */
export function ProjectsPage() {
  const { user } = useSession();
  const { data, error, reload } = useApi<StaffProjectList>("/projects");
  const [filter, setFilter] = useState<"active" | "all">("active");
  const canManage = can(user.role, "projects.manage");

  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const now = Date.now();
  const shown = data.projects.filter((p) => filter === "all" || p.status !== "archived");
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Projects</h1>
          <p className="muted">
            {formatNumber(data.projects.length)} {data.projects.length === 1 ? "project" : "projects"} · risk: the
            85th-percentile finish from the last 28 days' throughput, and the risk register, as last forecast
          </p>
        </div>
        <div className="row-actions">
          <select
            value={filter}
            onChange={(e) => setFilter(e.target.value as "active" | "all")}
            aria-label="Which projects"
          >
            <option value="active">Active and paused</option>
            <option value="all">All, with archived</option>
          </select>
          {canManage && (
            <Link to={{ name: "project-new" }} className="btn btn-primary">
              New project
            </Link>
          )}
        </div>
      </div>
      {canManage && <GettingStarted projects={data.projects} />}
      {shown.length === 0 ? (
        <EmptyState title={data.projects.length === 0 ? "No projects yet" : "No active projects"}>
          <p className="muted">
            {data.projects.length === 0
              ? "Create a project, import tasks, and annotators can start."
              : "Every project is archived: choose “All, with archived” to see them."}
          </p>
        </EmptyState>
      ) : (
        <div className="card table-scroll">
          <table className="table projects-table">
            <thead>
              <tr>
                <th>Project</th>
                <th>Status</th>
                <th style={{ width: "22%" }}>Progress</th>
                <th className="num">Left to label</th>
                <th className="num">Done in the last 24 h</th>
                <th>Deadline</th>
                <th>Risk</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => {
                const workTasks = p.tasks.total - p.tasks.gold;
                return (
                  <tr key={p.id}>
                    <td>
                      <Link to={{ name: "project", projectId: p.id }} className="project-link" dir="auto">
                        {p.name}
                      </Link>
                      <div className="cell-sub">
                        {TASK_TYPE_INFO[p.schema.type].title}
                        {p.businessUnit ? ` · ${p.businessUnit}` : ""}
                      </div>
                    </td>
                    <td>
                      <Pill tone={statusTone(p.status)}>{p.status}</Pill>
                    </td>
                    <td>
                      <div className="progress-cell">
                        <ProgressBar value={p.tasks.done} max={workTasks} label={`${p.name} progress`} />
                        <span className="cell-sub num">
                          {formatNumber(p.tasks.done)} / {formatNumber(workTasks)} tasks done
                        </span>
                      </div>
                    </td>
                    <td className="num">
                      {formatNumber(p.tasks.open + p.tasks.full)} {p.tasks.open + p.tasks.full === 1 ? "task" : "tasks"}
                      <div className="cell-sub">{formatNumber(p.tasks.judgmentsLeft)} judgments</div>
                    </td>
                    <td className="num">{formatNumber(p.judgments.lastDay)} judgments</td>
                    <td>
                      {p.deadline ? (
                        <span title={formatDateTime(p.deadline)}>{formatRelative(Date.parse(p.deadline), now)}</span>
                      ) : (
                        <span className="muted">–</span>
                      )}
                    </td>
                    <td>
                      {/* Each project's latest verdict comes with the list: no forecast is computed per row. */}
                      {p.delivery ? (
                        <DeliveryPill
                          level={p.delivery.level}
                          finishP85={p.delivery.finishP85}
                          risks={p.delivery.risks}
                          note={`Forecast of ${formatDateTime(p.delivery.asOf)}`}
                        />
                      ) : (
                        <span className="muted" title="Not forecast yet: opening the project forecasts it">
                          –
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
