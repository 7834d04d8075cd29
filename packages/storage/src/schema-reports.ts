import type { Generated } from "kysely";

/** Tables of scheduled reports and workspace settings (migration 20261202061000-report-schedules). */
export interface ReportTables {
  workspace_settings: WorkspaceSettingsTable;
  report_schedules: ReportSchedulesTable;
  report_runs: ReportRunsTable;
}

/** One setting of the workspace, e.g. `time_zone` = "Europe/Berlin". */
export interface WorkspaceSettingsTable {
  key: string;
  value: string;
  updated_by: number | null;
  updated_at: number;
}

export interface ReportSchedulesTable {
  id: Generated<number>;
  name: string;
  /** core's `ReportKind`: daily_digest | weekly_business_unit */
  kind: string;
  /** Cron pattern (croner), read in `time_zone`. */
  cron: string;
  time_zone: string;
  /** The manager a daily digest is for (their projects); null for a business unit's report. */
  recipient_id: number | null;
  business_unit_id: number | null;
  /** JSON array of e-mail addresses; the recipient's own address is added when there is one. */
  emails: string;
  next_run_at: number;
  created_by: number | null;
  created_at: number;
  /** When it was paused; null while it runs (migration 20261208030000-report-schedule-paused). */
  paused_at: number | null;
}

export interface ReportRunsTable {
  id: Generated<number>;
  schedule_id: number;
  recipient_id: number | null;
  period_from: number;
  period_to: number;
  subject: string;
  body: string;
  /** emailed | in_app (no SMTP configured or no address) | failed (see `error`) */
  delivery: string;
  error: string | null;
  created_at: number;
}
