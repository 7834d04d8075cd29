// Monitors, alerts, webhooks and events: the storage side of issue "delivery", items 2 to 4.
export * from "./repositories/alerts.js";
export { eventsAfter, latestEventId, type StoredEvent } from "./repositories/events.js";
export * from "./repositories/metric-rollups.js";
export * from "./repositories/monitors.js";
export * from "./repositories/webhook-deliveries.js";
export * from "./repositories/webhooks.js";
export * from "./repositories/worker-leases.js";
export type * from "./schema-monitoring.js";
export * from "./use-cases/delete-monitor.js";
export * from "./use-cases/evaluate-monitors.js";
export * from "./use-cases/read-metric-values.js";
export * from "./use-cases/record-completion-events.js";
export * from "./use-cases/record-event.js";
export * from "./use-cases/record-pause-events.js";
