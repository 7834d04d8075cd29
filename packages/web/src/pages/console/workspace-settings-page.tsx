import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { timeZoneChoices } from "../../lib/time-zone-preference.js";
import { searchTimeZones } from "../../lib/time-zone-search.js";
import { useApi } from "./use-api.js";
import { useSubmit } from "./use-submit.js";

interface WorkspaceSettings {
  timeZone: string;
}

/** The workspace's settings for those who may change them (`workspace.manage`): its time zone. */
export function WorkspaceSettingsPage() {
  const { t } = useTranslation();
  const settings = useApi<WorkspaceSettings>("/workspace/settings");
  if (settings.error) return <ErrorBanner error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <PageLoading />;
  return (
    <div className="workspace-settings">
      <h1>{t("console.settings.title")}</h1>
      <TimeZoneForm current={settings.data.timeZone} />
    </div>
  );
}

/**
 * The workspace's time zone: a search over the zones this browser knows narrowing a select, saved
 * with a message that says what changed (or the server's reason, under the field it names).
 */
function TimeZoneForm({ current: initial }: { current: string }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(initial);
  const [zone, setZone] = useState(initial);
  const [query, setQuery] = useState("");
  const [saved, setSaved] = useState<string | undefined>();
  const { busy, error, details, run } = useSubmit();
  // The server's zone may be one this browser does not list (an older alias): it is offered too.
  const zones = useMemo(() => [...new Set([initial, ...timeZoneChoices()])], [initial]);
  const matches = useMemo(() => searchTimeZones(zones, query), [zones, query]);

  function search(text: string) {
    setQuery(text);
    const found = searchTimeZones(zones, text);
    if (!found.includes(zone) && found[0] !== undefined) setZone(found[0]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    await run(
      () => api<WorkspaceSettings>("/workspace/settings", { method: "PATCH", body: { timeZone: zone } }),
      (changed) => {
        setSaved(
          t(changed.timeZone === current ? "console.settings.unchanged" : "console.settings.saved", {
            zone: changed.timeZone,
          }),
        );
        setCurrent(changed.timeZone);
      },
    );
  }

  return (
    <section className="card" aria-labelledby="workspace-time-zone">
      <h2 id="workspace-time-zone">{t("console.settings.timeZoneTitle")}</h2>
      <p className="muted">{t("console.settings.timeZoneIntro")}</p>
      <p data-testid="workspace-time-zone">{t("console.settings.current", { zone: current })}</p>
      <form onSubmit={submit} noValidate aria-label={t("console.settings.timeZoneTitle")}>
        <Field label={t("console.settings.search")} hint={t("console.settings.searchHint")}>
          {(control) => <input {...control} type="search" value={query} onChange={(e) => search(e.target.value)} />}
        </Field>
        <Field label={t("console.settings.zone")} details={details} path="timeZone">
          {(control) => (
            <select {...control} value={zone} onChange={(e) => setZone(e.target.value)} disabled={matches.length === 0}>
              {matches.map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          )}
        </Field>
        {matches.length === 0 && <p className="muted">{t("console.settings.noMatch", { query })}</p>}
        <button type="submit" className="btn btn-primary" disabled={busy || matches.length === 0}>
          {t("console.settings.save")}
        </button>
        <p role="status" className="muted">
          {saved ?? ""}
        </p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
