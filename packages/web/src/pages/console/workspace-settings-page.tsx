import type { WorkspaceSettingsView } from "@quorum/server";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { rememberWorkspaceCurrency } from "../../components/workspace-currency.js";
import { timeZoneChoices } from "../../lib/time-zone-preference.js";
import { searchTimeZones } from "../../lib/time-zone-search.js";
import { useApi } from "./use-api.js";
import { useSubmit } from "./use-submit.js";

/** The workspace's settings for those who may change them (`workspace.manage`): its time zone and default currency. */
export function WorkspaceSettingsPage() {
  const { t } = useTranslation();
  const settings = useApi<WorkspaceSettingsView>("/workspace/settings");
  if (settings.error) return <ErrorBanner error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <PageLoading />;
  return (
    <div className="workspace-settings">
      <h1>{t("console.settings.title")}</h1>
      <TimeZoneForm current={settings.data.timeZone} />
      <CurrencyForm current={settings.data.currency} />
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
      () => api<WorkspaceSettingsView>("/workspace/settings", { method: "PATCH", body: { timeZone: zone } }),
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

/** The ISO 4217 codes this browser knows, each with its name ("EUR — Euro"), and `current` whatever it is. */
function currencyChoices(current: string, locale: string): { code: string; name: string }[] {
  const codes = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [];
  const names = new Intl.DisplayNames([locale], { type: "currency" });
  return [...new Set([current, ...codes])].sort().map((code) => ({ code, name: names.of(code) ?? code }));
}

/**
 * The workspace's default currency: the one the console's money forms start from. Saved with a
 * message, or the server's reason under the field; money already stored keeps its own.
 */
function CurrencyForm({ current: initial }: { current: string }) {
  const { t, i18n } = useTranslation();
  const [current, setCurrent] = useState(initial);
  const [currency, setCurrency] = useState(initial);
  const [saved, setSaved] = useState<string | undefined>();
  const { busy, error, details, run } = useSubmit();
  const choices = useMemo(() => currencyChoices(initial, i18n.language), [initial, i18n.language]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    await run(
      () => api<WorkspaceSettingsView>("/workspace/settings", { method: "PATCH", body: { currency } }),
      (changed) => {
        setSaved(
          t(changed.currency === current ? "console.settings.currencyUnchanged" : "console.settings.currencySaved", {
            currency: changed.currency,
          }),
        );
        setCurrent(changed.currency);
        rememberWorkspaceCurrency(changed.currency);
      },
    );
  }

  return (
    <section className="card" aria-labelledby="workspace-currency">
      <h2 id="workspace-currency">{t("console.settings.currencyTitle")}</h2>
      <p className="muted">{t("console.settings.currencyIntro")}</p>
      <p data-testid="workspace-currency">{t("console.settings.currentCurrency", { currency: current })}</p>
      <form onSubmit={submit} noValidate aria-label={t("console.settings.currencyTitle")}>
        <Field label={t("console.settings.currency")} details={details} path="currency">
          {(control) => (
            <select {...control} value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {choices.map((choice) => (
                <option key={choice.code} value={choice.code}>
                  {choice.code === choice.name ? choice.code : `${choice.code} — ${choice.name}`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("console.settings.saveCurrency")}
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
