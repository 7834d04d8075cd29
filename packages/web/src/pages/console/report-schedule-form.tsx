import { DEFAULT_REPORT_CRON, type ReportKind } from "@quorum/core";
import type { ReportScheduleView } from "@quorum/server";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { ErrorBanner } from "../../components/ui.js";
import { cronFromPick, pickFromCron, type SchedulePick } from "../../lib/schedule-picker.js";
import { scheduleInWords } from "../../lib/schedule-words.js";
import { timeZoneChoices, viewerTimeZone } from "../../lib/time-zone-preference.js";
import { SchedulePickerFields } from "./schedule-picker-fields.js";

/**
 * The form that schedules a report, or changes one (`editing`): prefilled from the schedule, its
 * pattern shown as the picker's preset when it is one (else as custom), saved with PATCH. Its time
 * zone is picked among the browser's IANA zones: a new schedule's starts as `zone` (the one chosen
 * in the top bar), else the browser's own; an edited one's as its own.
 */
export function ReportScheduleForm({
  kinds,
  businessUnits,
  zone,
  editing,
  onSaved,
  onCancel,
}: {
  kinds: readonly ReportKind[];
  businessUnits: { id: number; name: string }[];
  zone: string;
  editing?: ReportScheduleView | undefined;
  onSaved: () => void;
  onCancel?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ReportKind>(editing?.kind ?? kinds[0] ?? "weekly_business_unit");
  const [name, setName] = useState(editing?.name ?? "");
  const [emails, setEmails] = useState(editing?.emails.join(", ") ?? "");
  /** Undefined until the person picks: then the kind's default schedule shows, as its preset. */
  const [picked, setPicked] = useState<SchedulePick | undefined>(editing && pickFromCron(editing.cron));
  const [unit, setUnit] = useState(editing?.businessUnitId ? String(editing.businessUnitId) : "");
  /** Undefined until the person picks: a new schedule then follows the top bar's zone as it changes. */
  const [pickedZone, setPickedZone] = useState<string | undefined>(editing?.timeZone);
  const timeZone = pickedZone ?? viewerTimeZone(zone);
  // A stored zone this browser does not list (an older alias) is offered too.
  const zones = useMemo(() => [...new Set([timeZone, ...timeZoneChoices()])], [timeZone]);
  const [error, setError] = useState<string | undefined>();
  const pick = picked ?? pickFromCron(DEFAULT_REPORT_CRON[kind]);
  const cron = cronFromPick(pick);
  const schedule = cron === undefined ? { error: t("console.reports.timeInvalid") } : scheduleInWords(cron);
  const kindChoices = editing && !kinds.includes(editing.kind) ? [...kinds, editing.kind] : kinds;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if ("error" in schedule || cron === undefined) {
      setError(`${t("console.reports.when")}: ${"error" in schedule ? schedule.error : ""}`);
      return;
    }
    const fields = {
      name: name || t(`console.reports.kinds.${kind}`),
      kind,
      cron,
      timeZone,
      ...(kind === "weekly_business_unit" && unit ? { businessUnitId: Number(unit) } : {}),
      emails: emails
        .split(/[\s,;]+/)
        .map((e) => e.trim())
        .filter(Boolean),
    };
    try {
      if (editing) await api(`/report-schedules/${editing.id}`, { method: "PATCH", body: fields });
      else await api("/report-schedules", { method: "POST", body: fields });
      if (!editing) {
        setName("");
        setEmails("");
        setPicked(undefined);
        setPickedZone(undefined);
      }
      onSaved();
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const wordsId = editing ? `report-cron-words-${editing.id}` : "report-cron-words";
  return (
    <form
      className="inline-form"
      onSubmit={(e) => void save(e)}
      aria-label={editing ? t("console.reports.editScheduleOf", { name: editing.name }) : undefined}
    >
      {error && <ErrorBanner error={error} />}
      <label>
        {t("console.reports.kind")}
        <select value={kind} onChange={(e) => setKind(e.target.value as ReportKind)}>
          {kindChoices.map((k) => (
            <option key={k} value={k}>
              {t(`console.reports.kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === "weekly_business_unit" && (
        <label>
          {t("console.reports.businessUnit")}
          <select value={unit} onChange={(e) => setUnit(e.target.value)} required>
            <option value="" disabled>
              {t("console.reports.chooseBusinessUnit")}
            </option>
            {businessUnits.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t("console.reports.name")}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t(`console.reports.kinds.${kind}`)}
        />
      </label>
      <SchedulePickerFields pick={pick} onChange={setPicked} describedBy={wordsId} invalid={"error" in schedule} />
      <label>
        {t("console.reports.timeZone")}
        <select
          value={timeZone}
          onChange={(e) => setPickedZone(e.target.value)}
          aria-label={t("console.reports.timeZone")}
          aria-describedby={wordsId}
        >
          {zones.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("console.reports.emails")}
        <input value={emails} onChange={(e) => setEmails(e.target.value)} placeholder="ops@example.com" />
      </label>
      <button type="submit" className="btn btn-primary">
        {editing ? t("console.reports.saveSchedule") : t("console.reports.create")}
      </button>
      {onCancel && (
        <button type="button" className="btn" onClick={onCancel}>
          {t("console.reports.cancelEdit")}
        </button>
      )}
      <p id={wordsId} className={`form-line ${"error" in schedule ? "field-error" : "muted"}`}>
        {"error" in schedule ? schedule.error : `${schedule.words} · ${timeZone}`}
      </p>
      {kind === "weekly_business_unit" && businessUnits.length === 0 && (
        <p className="notice form-line">{t("console.reports.noBusinessUnits")}</p>
      )}
    </form>
  );
}
