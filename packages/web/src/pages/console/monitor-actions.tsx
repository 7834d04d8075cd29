import type { MonitorView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { useSubmit } from "./use-submit.js";

/** A manager's actions on one monitor: open it in the form, switch it on or off, delete it (confirmed). */
export function MonitorActions({
  monitor,
  onEdit,
  onChanged,
}: {
  monitor: MonitorView;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { busy, error, run } = useSubmit();

  const act = (method: "PATCH" | "DELETE") =>
    run(
      () =>
        api(
          `/monitors/${monitor.id}`,
          method === "PATCH" ? { method, body: { enabled: !monitor.enabled } } : { method },
        ),
      onChanged,
    );

  const remove = () => {
    if (window.confirm(t("console.reports.confirmDeleteMonitor", { name: monitor.name }))) void act("DELETE");
  };

  // Each button's name says which monitor it acts on, for those who hear the table rather than see it.
  const named = (action: string) => ({ "aria-label": `${action}: ${monitor.name}` });
  const toggle = monitor.enabled ? t("console.reports.disableMonitor") : t("console.reports.enableMonitor");
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={onEdit}
        disabled={busy}
        {...named(t("console.reports.editMonitor"))}
      >
        {t("console.reports.editMonitor")}
      </button>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void act("PATCH")}
        disabled={busy}
        {...named(toggle)}
      >
        {toggle}
      </button>
      <button
        type="button"
        className="btn btn-small"
        onClick={remove}
        disabled={busy}
        {...named(t("console.reports.deleteMonitor"))}
      >
        {t("console.reports.deleteMonitor")}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
