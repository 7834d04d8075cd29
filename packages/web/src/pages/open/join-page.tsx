import type { ErrorDetail } from "@quorum/core";
import type { CampaignApplicationResult, CampaignSignUpInfo } from "@quorum/server";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { applicationResultCheck } from "../../api/recruitment-checks.js";
import { useTitleSubject } from "../../components/document-title.js";
import { Field } from "../../components/field.js";
import { PageLoading } from "../../components/ui.js";
import { LanguageSwitcher } from "../../i18n/language-switcher.js";

/** The time zones the browser knows, with the browser's own first. */
function timeZones(): { own: string; all: string[] } {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [own];
  return { own, all: all.includes(own) ? all : [own, ...all] };
}

/** "pt-BR, es" → ["pt-BR", "es"]; the server checks each tag. */
export function splitLanguages(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

/** A campaign's public sign-up page: /join/<slug>, with `?ref=CODE` filling in a referral code. */
export function JoinPage({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const zones = useMemo(timeZones, []);
  const [info, setInfo] = useState<CampaignSignUpInfo["campaign"] | null | undefined>(undefined);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [languages, setLanguages] = useState("");
  const [region, setRegion] = useState("");
  const [timeZone, setTimeZone] = useState(zones.own);
  const [consent, setConsent] = useState(false);
  const [referralCode, setReferralCode] = useState(() => new URLSearchParams(window.location.search).get("ref") ?? "");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CampaignApplicationResult | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    api<CampaignSignUpInfo>(`/campaigns/${encodeURIComponent(slug)}/sign-up`, { signal: controller.signal }).then(
      (r) => setInfo(r.campaign),
      () => setInfo(null),
    );
    return () => controller.abort();
  }, [slug]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDetails([]);
    try {
      const result = await api(`/campaigns/${encodeURIComponent(slug)}/applications`, {
        method: "POST",
        check: applicationResultCheck,
        body: {
          name,
          email,
          languages: splitLanguages(languages),
          region,
          timeZone,
          consent,
          ...(referralCode.trim() ? { referralCode: referralCode.trim() } : {}),
        },
      });
      setDone(result);
    } catch (caught) {
      if (caught instanceof ApiError && caught.details.length > 0) setDetails(caught.details);
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  useTitleSubject(info?.name);
  if (info === undefined) return <PageLoading />;
  return (
    <main className="signin">
      <div className="signin-card join-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Quorum
        </div>
        {info === null ? (
          <h1>{t("join.notFound")}</h1>
        ) : done ? (
          <section aria-live="polite">
            <h1>{t("join.thanks")}</h1>
            {done.passwordLink ? (
              <>
                <p>{t("join.setPasswordNow")}</p>
                <a className="btn btn-primary btn-block" href={done.passwordLink}>
                  {t("join.setPassword")}
                </a>
              </>
            ) : (
              <p>{t("join.checkEmail", { email })}</p>
            )}
          </section>
        ) : (
          <form onSubmit={submit} aria-labelledby="join-title" noValidate>
            <h1 id="join-title">{t("join.title", { name: info.name })}</h1>
            {info.targetLanguages.length > 0 && (
              <p className="muted">{t("join.lookingFor", { languages: info.targetLanguages.join(", ") })}</p>
            )}
            {!info.open && <p className="form-error">{t("join.closed")}</p>}
            <Field label={t("join.name")} details={details} path="name">
              {(control) => (
                <input
                  {...control}
                  name="name"
                  autoComplete="name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("join.email")} details={details} path="email">
              {(control) => (
                <input
                  {...control}
                  type="email"
                  name="email"
                  autoComplete="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("join.languages")} hint={t("join.languagesHint")} details={details} path="languages">
              {(control) => (
                <input {...control} name="languages" value={languages} onChange={(e) => setLanguages(e.target.value)} />
              )}
            </Field>
            <Field label={t("join.region")} hint={t("join.regionHint")} details={details} path="region">
              {(control) => (
                <input {...control} name="region" value={region} onChange={(e) => setRegion(e.target.value)} />
              )}
            </Field>
            <Field label={t("join.timeZone")} details={details} path="timeZone">
              {(control) => (
                <select {...control} name="timeZone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
                  {zones.all.map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("join.referralCode")} hint={t("join.referralHint")} details={details} path="referralCode">
              {(control) => (
                <input
                  {...control}
                  name="referralCode"
                  value={referralCode}
                  onChange={(e) => setReferralCode(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("join.consent")} details={details} path="consent">
              {(control) => (
                <input
                  {...control}
                  type="checkbox"
                  name="consent"
                  checked={consent}
                  onChange={(e) => setConsent(e.target.checked)}
                />
              )}
            </Field>
            <div className="form-error" role="alert">
              {error}
            </div>
            <button type="submit" className="btn btn-primary btn-block" disabled={busy || !info.open}>
              {busy ? t("join.busy") : t("join.submit")}
            </button>
          </form>
        )}
        <div className="signin-language">
          <LanguageSwitcher />
        </div>
      </div>
    </main>
  );
}
