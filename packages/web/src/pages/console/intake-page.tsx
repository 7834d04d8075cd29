import type { ErrorDetail } from "@quorum/core";
import type { IntakeRequestView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { Link, useRouter } from "../../components/router.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useDefaultCurrency } from "../../components/workspace-currency.js";
import { useFormat } from "../../i18n/use-format.js";
import { endOfLocalDay } from "../../lib/format.js";
import { currencyExponent, parseMoney } from "../../lib/money.js";
import { useApi } from "./use-api.js";

const STATUS_KEY = { draft: "statusDraft", assessed: "statusAssessed", accepted: "statusAccepted" } as const;

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** Intake: a labeling request's form, and the requests so far with their status. */
export function IntakePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { navigate } = useRouter();
  const requests = useApi<{ requests: IntakeRequestView[] }>("/intake-requests");
  const [form, setForm] = useState({
    name: "",
    volume: "1000",
    options: "positive, neutral, negative",
    languages: "en",
    qualityTarget: "0.95",
    overlap: "3",
    deadline: "",
    budget: "1000",
    currency: "",
    secondsPerJudgment: "",
  });
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (changes: Partial<typeof form>) => setForm((f) => ({ ...f, ...changes }));
  useDefaultCurrency(form.currency, (currency) => set({ currency }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDetails([]);
    // The budget is typed in currency units (1000.00 dollars), the API takes minor units (cents).
    const currency = form.currency.trim().toUpperCase();
    const budgetMinor = parseMoney(form.budget, currencyExponent(currency));
    if (budgetMinor === undefined || budgetMinor < 1) {
      setDetails([{ path: "budgetMinor", message: t("delivery.budgetInvalid") }]);
      return;
    }
    setBusy(true);
    try {
      const created = await api<IntakeRequestView>("/intake-requests", {
        method: "POST",
        body: {
          name: form.name,
          volume: Number(form.volume),
          schema: { type: "single_choice", options: list(form.options) },
          languages: list(form.languages),
          qualityTarget: Number(form.qualityTarget),
          overlap: Number(form.overlap),
          // A date means the end of that day where the manager is, not midnight UTC.
          deadline: endOfLocalDay(form.deadline) ?? form.deadline,
          budgetMinor,
          currency,
          ...(form.secondsPerJudgment ? { secondsPerJudgment: Number(form.secondsPerJudgment) } : {}),
        },
      });
      navigate({ name: "intake-request", requestId: created.id });
    } catch (caught) {
      if (caught instanceof ApiError) setDetails(caught.details);
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: keyof typeof form, label: string, type = "text") => (
    <Field label={label} details={details} path={key === "options" ? "schema" : key === "budget" ? "budgetMinor" : key}>
      {(control) => (
        <input
          {...control}
          type={type}
          name={key}
          required={key !== "secondsPerJudgment"}
          value={form[key]}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("delivery.intakeTitle")}</h1>
          <p className="muted">{t("delivery.intakeIntro")}</p>
        </div>
      </div>
      <div className="grid-2">
        <form className="card form-section" onSubmit={submit} aria-label={t("delivery.newRequest")}>
          <h2>{t("delivery.newRequest")}</h2>
          {error && <ErrorBanner error={error} />}
          {text("name", t("delivery.name"))}
          {text("volume", t("delivery.volume"), "number")}
          {text("options", t("delivery.options"))}
          {text("languages", t("delivery.languages"))}
          {text("qualityTarget", t("delivery.qualityTarget"))}
          {text("overlap", t("delivery.overlap"), "number")}
          {text("deadline", t("delivery.deadline"), "date")}
          {text("budget", t("delivery.budget"))}
          {text("currency", t("delivery.currency"))}
          {text("secondsPerJudgment", t("delivery.secondsPerJudgment"))}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t("delivery.submit")}
          </button>
        </form>
        <section className="card">
          <h2>{t("delivery.requests")}</h2>
          {requests.error && <ErrorBanner error={requests.error} onRetry={requests.reload} />}
          {!requests.data ? (
            <PageLoading />
          ) : (
            <ul className="plain-list">
              {requests.data.requests.map((r) => (
                <li key={r.id}>
                  <Link to={{ name: "intake-request", requestId: r.id }}>{r.name}</Link>{" "}
                  <Pill tone={r.status === "accepted" ? "good" : "neutral"}>
                    {t(`delivery.${STATUS_KEY[r.status]}`)}
                  </Pill>{" "}
                  <span className="muted">
                    {format.number(r.volume)} · {r.languages.join(", ")} · {format.dateTime(r.deadline)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
