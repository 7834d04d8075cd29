import type { ErrorDetail } from "@quorum/core";
import type { MonitorView } from "@quorum/server";

export type ConditionType = "threshold" | "change" | "forecast";

/**
 * The monitor form as typed: numbers as the text in their inputs (blank baseline periods and z
 * mean the server's defaults), the scope's blanks as "everywhere", e-mails as one line.
 */
export interface MonitorDraft {
  name: string;
  metric: string;
  projectId: string;
  vendor: string;
  language: string;
  schedule: "realtime" | "daily";
  windowMinutes: string;
  conditionType: ConditionType;
  operator: "below" | "above";
  value: string;
  direction: "drop" | "rise";
  percent: string;
  baselinePeriods: string;
  z: string;
  emails: string;
  enabled: boolean;
}

export function emptyMonitorDraft(metric: string): MonitorDraft {
  return {
    name: "",
    metric,
    projectId: "",
    vendor: "",
    language: "",
    schedule: "realtime",
    windowMinutes: "60",
    conditionType: "threshold",
    operator: "below",
    value: "",
    direction: "drop",
    percent: "",
    baselinePeriods: "",
    z: "",
    emails: "",
    enabled: true,
  };
}

/** A stored monitor as the form shows it (the other condition types keep their blanks). */
export function monitorDraftOf(monitor: MonitorView): MonitorDraft {
  const draft: MonitorDraft = {
    ...emptyMonitorDraft(monitor.metric),
    name: monitor.name,
    projectId: monitor.projectId === null ? "" : String(monitor.projectId),
    vendor: monitor.vendor ?? "",
    language: monitor.language ?? "",
    schedule: monitor.schedule,
    windowMinutes: String(monitor.windowMinutes),
    conditionType: monitor.condition.type,
    emails: monitor.emails.join(", "),
    enabled: monitor.enabled,
  };
  const { condition } = monitor;
  if (condition.type === "threshold") return { ...draft, operator: condition.operator, value: String(condition.value) };
  const baselinePeriods = condition.baselinePeriods === undefined ? "" : String(condition.baselinePeriods);
  if (condition.type === "change")
    return { ...draft, direction: condition.direction, percent: String(condition.percent), baselinePeriods };
  return { ...draft, z: condition.z === undefined ? "" : String(condition.z), baselinePeriods };
}

/** A number as typed ("1,5" too); undefined when it is not one. */
function parseNumber(text: string): number | undefined {
  const cleaned = text.trim().replace(",", ".");
  if (cleaned === "" || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

export type MonitorBody = Record<string, unknown>;

/**
 * The body of `POST /monitors` (and of `PATCH`, which takes the same fields) for a draft, or the
 * fields that are not numbers at all, named by the body's paths so that these and the server's
 * own messages (range, metric fit) land on the same fields. Ranges are left to the server.
 */
export function monitorBody(draft: MonitorDraft): { body: MonitorBody } | { errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const number = (text: string, path: string, message: string, optional = false): number | undefined => {
    if (optional && text.trim() === "") return undefined;
    const value = parseNumber(text);
    if (value === undefined) errors.push({ path, message });
    return value;
  };
  const blankIsNull = (text: string) => (text.trim() === "" ? null : text.trim());
  const windowMinutes =
    draft.schedule === "realtime" ? number(draft.windowMinutes, "windowMinutes", "a number of minutes") : undefined;
  const condition: Record<string, unknown> = { type: draft.conditionType };
  if (draft.conditionType === "threshold") {
    condition.operator = draft.operator;
    condition.value = number(draft.value, "condition.value", "a number, such as 0.9");
  } else {
    if (draft.conditionType === "change") {
      condition.direction = draft.direction;
      condition.percent = number(draft.percent, "condition.percent", "a percentage, such as 20");
    } else {
      const z = number(draft.z, "condition.z", "a number, such as 3", true);
      if (z !== undefined) condition.z = z;
    }
    const periods = number(draft.baselinePeriods, "condition.baselinePeriods", "a number of windows", true);
    if (periods !== undefined) condition.baselinePeriods = periods;
  }
  if (errors.length > 0) return { errors };
  return {
    body: {
      name: draft.name.trim(),
      metric: draft.metric,
      projectId: draft.projectId === "" ? null : Number(draft.projectId),
      vendor: blankIsNull(draft.vendor),
      language: blankIsNull(draft.language),
      schedule: draft.schedule,
      ...(windowMinutes === undefined ? {} : { windowMinutes }),
      condition,
      emails: draft.emails
        .split(/[\s,;]+/)
        .map((e) => e.trim())
        .filter(Boolean),
      enabled: draft.enabled,
    },
  };
}
