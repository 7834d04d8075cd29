import { can, type ExposureBudget, HARM_CATEGORIES, type HarmCategory, type WellbeingPolicy } from "@quorum/core";
import type { CheckinSummaryView, WellbeingPersonView, WellbeingSettingsView } from "@quorum/server";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { useSession } from "../../components/session.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { limitText } from "../../lib/wellbeing.js";
import { useApi } from "./use-api.js";

const LIMITS = ["itemsPerDay", "minutesPerDay", "itemsPerWeek", "minutesPerWeek"] as const;
const SESSION = ["reminderMinutes", "capMinutes", "breakMinutes"] as const;

function limitFrom(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

/** One budget as four inputs (empty: no limit). */
function BudgetRow({
  label,
  budget,
  onChange,
}: {
  label: string;
  budget: ExposureBudget;
  onChange: (budget: ExposureBudget) => void;
}) {
  const { t } = useTranslation();
  return (
    <tr>
      <th scope="row">{label}</th>
      {LIMITS.map((key) => (
        <td key={key}>
          <input
            type="number"
            min={0}
            aria-label={`${label}: ${t(`wellbeing.${key}`)}`}
            placeholder="—"
            value={budget[key] ?? ""}
            onChange={(e) => onChange({ ...budget, [key]: limitFrom(e.target.value) })}
          />
        </td>
      ))}
    </tr>
  );
}

/** Managers: exposure budgets per harm category, session limits, a person's state, check-in aggregates. */
export function WellbeingConsolePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const settings = useApi<WellbeingSettingsView>("/wellbeing/settings");
  const summary = useApi<CheckinSummaryView>("/wellbeing/checkins/summary");
  const [policy, setPolicy] = useState<WellbeingPolicy | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [details, setDetails] = useState<ApiError["details"]>([]);
  const [personId, setPersonId] = useState("");
  const [person, setPerson] = useState<WellbeingPersonView | undefined>();
  const manage = can(user.role, "users.manage");
  useEffect(() => {
    if (settings.data) setPolicy(settings.data.policy);
  }, [settings.data]);

  if (!policy)
    return settings.error ? <ErrorBanner error={settings.error} onRetry={settings.reload} /> : <PageLoading />;

  const save = async () => {
    setError(undefined);
    setDetails([]);
    try {
      await api("/wellbeing/settings", { method: "PATCH", body: policy });
      setStatus(t("wellbeing.saved"));
    } catch (e) {
      setError(describeError(e, t));
      if (e instanceof ApiError) setDetails(e.details);
    }
  };
  const categoryBudget = (c: HarmCategory) => policy.categories[c] ?? policy.defaultBudget;
  const showPerson = async () => {
    setError(undefined);
    try {
      setPerson(await api<WellbeingPersonView>(`/wellbeing/people/${Number(personId)}`));
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <main className="page wellbeing-console">
      <h1>{t("wellbeing.consoleTitle")}</h1>
      <p className="muted">{t("wellbeing.consoleIntro")}</p>
      {error && <ErrorBanner error={error} />}
      <section className="card form-section">
        {!manage && (
          <p className="muted" data-testid="wellbeing-read-only">
            {t("wellbeing.readOnly")}
          </p>
        )}
        {/* Shown to everyone who reads people; changed only by those who manage them (the PATCH refuses others). */}
        <fieldset className="plain-fieldset" disabled={!manage}>
          <Field label={t("wellbeing.timeZone")} details={details} path="timeZone">
            {(control) => (
              <input
                {...control}
                value={policy.timeZone}
                onChange={(e) => setPolicy({ ...policy, timeZone: e.target.value })}
              />
            )}
          </Field>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("wellbeing.category")}</th>
                {LIMITS.map((key) => (
                  <th key={key} scope="col">
                    {t(`wellbeing.${key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <BudgetRow
                label={t("wellbeing.defaultBudget")}
                budget={policy.defaultBudget}
                onChange={(defaultBudget) => setPolicy({ ...policy, defaultBudget })}
              />
              {HARM_CATEGORIES.map((c) => (
                <BudgetRow
                  key={c}
                  label={t(`wellbeing.categories.${c}`)}
                  budget={categoryBudget(c)}
                  onChange={(budget) => setPolicy({ ...policy, categories: { ...policy.categories, [c]: budget } })}
                />
              ))}
            </tbody>
          </table>
          <small className="field-hint">{t("wellbeing.noLimitHint")}</small>
          <h2>{t("wellbeing.session")}</h2>
          {SESSION.map((key) => (
            <Field key={key} label={t(`wellbeing.${key}`)} details={details} path={`session.${key}`}>
              {(control) => (
                <input
                  {...control}
                  type="number"
                  min={1}
                  value={policy.session[key]}
                  onChange={(e) =>
                    setPolicy({ ...policy, session: { ...policy.session, [key]: Number(e.target.value) } })
                  }
                />
              )}
            </Field>
          ))}
        </fieldset>
        {manage && (
          <button type="button" className="btn btn-primary" onClick={() => void save()}>
            {t("wellbeing.save")}
          </button>
        )}
        <p role="status" className="muted">
          {status}
        </p>
      </section>

      <section className="card form-section">
        <h2>{t("wellbeing.person")}</h2>
        <p className="muted">{t("wellbeing.personIntro")}</p>
        <div className="row-actions">
          <input
            aria-label={t("wellbeing.person")}
            inputMode="numeric"
            value={personId}
            onChange={(e) => setPersonId(e.target.value)}
          />
          <button type="button" className="btn" onClick={() => void showPerson()} disabled={!/^\d+$/.test(personId)}>
            {t("wellbeing.load")}
          </button>
        </div>
        {person && (
          <table className="table" data-testid="person-exposure">
            <thead>
              <tr>
                <th scope="col">{t("wellbeing.category")}</th>
                <th scope="col">{t("wellbeing.itemsPerDay")}</th>
                <th scope="col">{t("wellbeing.minutesPerDay")}</th>
                <th scope="col">{t("wellbeing.useDefault")}</th>
              </tr>
            </thead>
            <tbody>
              {person.categories.map((c) => (
                <tr key={c.category}>
                  <th scope="row">{t(`wellbeing.categories.${c.category}`)}</th>
                  <td>
                    {c.itemsToday} / {limitText(c.budget.itemsPerDay)}
                  </td>
                  <td>
                    {Math.round(c.minutesToday)} / {limitText(c.budget.minutesPerDay)}
                  </td>
                  <td>{person.overrides[c.category] ? "✓" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card form-section">
        <h2>{t("wellbeing.checkinsTitle")}</h2>
        <p className="muted">{t("wellbeing.checkinsIntro", { min: summary.data?.minGroup ?? 5 })}</p>
        {summary.data && (
          <table className="table" data-testid="checkin-summary">
            <thead>
              <tr>
                <th scope="col">{t("wellbeing.group")}</th>
                <th scope="col">{t("wellbeing.people")}</th>
                <th scope="col">{t("wellbeing.meanScore")}</th>
                <th scope="col">{t("wellbeing.lowShare")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.data.groups.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.group === "(all)" ? t("wellbeing.allPeople") : g.group}</th>
                  {g.suppressed ? (
                    <td colSpan={3} className="muted">
                      {t("wellbeing.suppressed", { min: summary.data?.minGroup ?? 5 })}
                    </td>
                  ) : (
                    <>
                      <td>{g.people}</td>
                      <td>{g.meanScore}</td>
                      <td>{Math.round(g.lowShare * 100)}%</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
