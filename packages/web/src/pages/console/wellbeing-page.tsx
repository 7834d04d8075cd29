import {
  can,
  type ExposureBudget,
  HARM_CATEGORIES,
  type HarmCategory,
  peopleScope,
  type WellbeingPolicy,
} from "@quorum/core";
import type { CheckinSummaryView, WellbeingSettingsView } from "@quorum/server";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { useSession } from "../../components/session.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { useApi } from "./use-api.js";
import { WellbeingPersonSection } from "./wellbeing-person.js";

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
  const manage = can(user.role, "users.manage");
  // A vendor lead's summary covers only their vendor's people (GET /wellbeing/checkins/summary): its
  // vendor row would repeat the all-people row, which is named for what it covers.
  const leadsOneVendor = peopleScope(user).kind === "vendor";
  const allPeople = t(leadsOneVendor ? "wellbeing.allOfYourVendor" : "wellbeing.allPeople");
  const checkinGroups = (summary.data?.groups ?? []).filter((g) => !leadsOneVendor || g.group === "(all)");
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
          <p data-testid="wellbeing-time-zone">{t("wellbeing.daysIn", { zone: policy.timeZone })}</p>
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

      <WellbeingPersonSection />

      <section className="card form-section">
        <h2>{t("wellbeing.checkinsTitle")}</h2>
        <p className="muted">{t("wellbeing.checkinsIntro", { min: summary.data?.minGroup ?? 5 })}</p>
        {summary.data && checkinGroups.length === 0 && <p className="muted">{t("wellbeing.noCheckins")}</p>}
        {summary.data && checkinGroups.length > 0 && (
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
              {checkinGroups.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.group === "(all)" ? allPeople : g.group}</th>
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
