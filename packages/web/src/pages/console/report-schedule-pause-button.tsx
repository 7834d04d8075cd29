import type { ReportScheduleView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { useSubmit } from "./use-submit.js";

/**
 * Pauses a report schedule (people on holiday, a unit's project on hold) or resumes it; a resumed
 * schedule runs next at its pattern's first time after now, the missed runs are not made up.
 */
export function ReportSchedulePauseButton({
  schedule,
  onChanged,
}: {
  schedule: ReportScheduleView;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { busy, error, run } = useSubmit();
  const action = schedule.paused ? t("console.reports.resume") : t("console.reports.pause");
  const toggle = () =>
    run(
      () => api(`/report-schedules/${schedule.id}`, { method: "PATCH", body: { paused: !schedule.paused } }),
      onChanged,
    );
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        aria-label={`${action}: ${schedule.name}`}
        onClick={() => void toggle()}
      >
        {action}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
