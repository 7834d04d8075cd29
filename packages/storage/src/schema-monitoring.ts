import type { Generated } from "kysely";

/** Tables of monitors, alerts, webhooks and events (migration 20261123130000-monitoring). */
export interface MonitoringTables {
  monitors: MonitorsTable;
  alerts: AlertsTable;
  webhooks: WebhooksTable;
  events: EventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  worker_leases: WorkerLeasesTable;
}

export interface MonitorsTable {
  id: Generated<number>;
  name: string;
  metric: string;
  project_id: number | null;
  vendor: string | null;
  language: string | null;
  /** realtime | daily */
  schedule: string;
  window_minutes: number;
  /** JSON `MonitorCondition`. */
  condition: string;
  /** JSON array of e-mail addresses alerted when SMTP is configured. */
  emails: Generated<string>;
  enabled: Generated<number>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  /** Daily monitors: when they were last evaluated (once per UTC day). */
  last_evaluated_at: number | null;
}

export interface AlertsTable {
  id: Generated<number>;
  /** Null for a budget's alert (migration 20261201221000-cost-analysis). */
  monitor_id: number | null;
  project_id: number | null;
  /** open | resolved */
  status: string;
  value: number | null;
  expected: number | null;
  message: string;
  opened_at: number;
  resolved_at: number | null;
  acknowledged_by: number | null;
  acknowledged_at: number | null;
  /** A budget threshold's alert: the budget and the percentage reached (each raised once). */
  budget_id: Generated<number | null>;
  threshold: Generated<number | null>;
  /** A risk register entry's alert: the risk's kind (migration 20261202050000-intake); one open per project and kind. */
  risk: Generated<string | null>;
  /** JSON `DatedText`: the message with its days as instants, written for each reader (migration 20261206040000-alert-message-parts). */
  message_parts: Generated<string | null>;
  /** When the open alert's sentence was last rewritten in place (migration 20261210020000-alert-wording-delivery-status). */
  updated_at: Generated<number | null>;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  /** The HMAC-SHA256 key; kept readable because every delivery is signed with it. */
  secret: string;
  /** JSON array of event types. */
  events: string;
  /** Only events of this project (null: every project, and events of none). */
  project_id: number | null;
  description: Generated<string>;
  active: Generated<number>;
  created_by: number | null;
  created_at: number;
}

export interface EventsTable {
  id: Generated<number>;
  type: string;
  project_id: number | null;
  /** Events that must be told once (a batch completing) carry a key; a second insert is ignored. */
  dedup_key: string | null;
  /** JSON `data` of the event envelope. */
  data: string;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  event_id: number;
  /** pending | sending | delivered | failed | cancelled */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  /** While `sending`: after this a crashed sender's claim lapses and another may retry. */
  locked_until: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface WebhookAttemptsTable {
  delivery_id: number;
  attempt: number;
  started_at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface WorkerLeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}
