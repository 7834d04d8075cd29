import type { ErrorDetail } from "@quorum/core";
import { RECRUITMENT_CHANNELS } from "@quorum/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../../api/client.js";
import { Field } from "../../../components/field.js";
import { useDefaultCurrency } from "../../../components/workspace-currency.js";
import { currencyExponent, parseMoney } from "../../../lib/money.js";

const split = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Creates a campaign (POST /campaigns); spend is typed in currency units and sent in minor units. */
export function CampaignForm({ onCreated }: { onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [channel, setChannel] = useState<string>("job_board");
  const [source, setSource] = useState("");
  const [spend, setSpend] = useState("0");
  const [currency, setCurrency] = useState("");
  useDefaultCurrency(currency, setCurrency);
  const [languages, setLanguages] = useState("");
  const [regions, setRegions] = useState("");
  const [slug, setSlug] = useState("");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDetails([]);
    const spendMinor = parseMoney(spend, currencyExponent(currency.toUpperCase()));
    if (spendMinor === undefined) {
      setDetails([{ path: "spendMinor", message: t("console.recruitment.badSpend") }]);
      return;
    }
    setBusy(true);
    try {
      const { campaign } = await api<{ campaign: { id: number } }>("/campaigns", {
        method: "POST",
        body: {
          name,
          channel,
          source,
          spendMinor,
          currency: currency.toUpperCase(),
          targetLanguages: split(languages),
          targetRegions: split(regions),
          slug,
        },
      });
      onCreated(campaign.id);
    } catch (caught) {
      if (caught instanceof ApiError) setDetails(caught.details);
      setError(describeError(caught));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <div className="form-grid">
        <Field label={t("console.recruitment.name")} details={details} path="name">
          {(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t("console.recruitment.channel")} details={details} path="channel">
          {(c) => (
            <select {...c} value={channel} onChange={(e) => setChannel(e.target.value)}>
              {RECRUITMENT_CHANNELS.map((ch) => (
                <option key={ch} value={ch}>
                  {t(`console.recruitment.channels.${ch}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("console.recruitment.source")} details={details} path="source">
          {(c) => <input {...c} value={source} onChange={(e) => setSource(e.target.value)} />}
        </Field>
        <Field
          label={t("console.recruitment.slug")}
          hint={t("console.recruitment.slugHint")}
          details={details}
          path="slug"
        >
          {(c) => <input {...c} value={slug} onChange={(e) => setSlug(e.target.value)} />}
        </Field>
        <Field label={t("console.recruitment.spend")} details={details} path="spendMinor">
          {(c) => <input {...c} inputMode="decimal" value={spend} onChange={(e) => setSpend(e.target.value)} />}
        </Field>
        <Field label={t("console.recruitment.currency")} details={details} path="currency">
          {(c) => <input {...c} maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} />}
        </Field>
        <Field
          label={t("console.recruitment.targetLanguages")}
          hint={t("console.recruitment.targetLanguagesHint")}
          details={details}
          path="targetLanguages"
        >
          {(c) => <input {...c} value={languages} onChange={(e) => setLanguages(e.target.value)} />}
        </Field>
        <Field label={t("console.recruitment.targetRegions")} details={details} path="targetRegions">
          {(c) => <input {...c} value={regions} onChange={(e) => setRegions(e.target.value)} />}
        </Field>
      </div>
      <div className="form-error" role="alert">
        {error}
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t("console.recruitment.create")}
      </button>
    </form>
  );
}
