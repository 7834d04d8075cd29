import { can } from "@quorum/core";
import type { PeopleResponse, PersonView, WellbeingPersonView } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { ErrorBanner } from "../../components/ui.js";
import { limitText } from "../../lib/wellbeing.js";
import { useApi } from "./use-api.js";

function optionText(person: PersonView): string {
  return `${person.name} · ${person.team?.teamName ?? person.email}`;
}

/**
 * One person's exposure today and their own budget overrides, the person picked by name among the
 * active people who label that the viewer may see (`GET /people` keeps a vendor lead to their vendor's).
 */
export function WellbeingPersonSection() {
  const { t } = useTranslation();
  const people = useApi<PeopleResponse>("/people?status=active");
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<PersonView | undefined>();
  const [exposure, setExposure] = useState<WellbeingPersonView | undefined>();
  const [error, setError] = useState<string | undefined>();

  const workers = (people.data?.people ?? [])
    .filter((p) => can(p.role, "labels.work"))
    .sort((a, b) => a.name.localeCompare(b.name));
  const needle = search.trim().toLowerCase();
  // The chosen person stays listed while the search excludes them, so the picker shows who is shown.
  const listed = workers.filter(
    (p) => p.id === chosen?.id || needle === "" || `${p.name} ${p.email}`.toLowerCase().includes(needle),
  );
  const choose = async (id: string) => {
    const person = workers.find((p) => String(p.id) === id);
    setChosen(person);
    setExposure(undefined);
    setError(undefined);
    if (!person) return;
    try {
      setExposure(await api<WellbeingPersonView>(`/wellbeing/people/${person.id}`));
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section className="card form-section">
      <h2>{t("wellbeing.personTitle")}</h2>
      <p className="muted">{t("wellbeing.personIntro")}</p>
      {(error ?? people.error) && <ErrorBanner error={error ?? people.error ?? ""} />}
      <div className="row-actions">
        <input
          type="search"
          aria-label={t("wellbeing.findPerson")}
          placeholder={t("wellbeing.findPerson")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select
          aria-label={t("wellbeing.person")}
          value={chosen ? String(chosen.id) : ""}
          onChange={(e) => void choose(e.target.value)}
        >
          <option value="">{t("wellbeing.choosePerson")}</option>
          {listed.map((p) => (
            <option key={p.id} value={p.id}>
              {optionText(p)}
            </option>
          ))}
        </select>
      </div>
      {people.data && listed.length === 0 && (
        <p className="muted">{t(workers.length === 0 ? "wellbeing.noWorkersYet" : "wellbeing.noPersonFound")}</p>
      )}
      {chosen && exposure && (
        <table className="table" data-testid="person-exposure">
          <caption data-testid="person-exposure-of">{t("wellbeing.exposureOf", { name: chosen.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("wellbeing.category")}</th>
              <th scope="col">{t("wellbeing.itemsPerDay")}</th>
              <th scope="col">{t("wellbeing.minutesPerDay")}</th>
              <th scope="col">{t("wellbeing.useDefault")}</th>
            </tr>
          </thead>
          <tbody>
            {exposure.categories.map((c) => (
              <tr key={c.category}>
                <th scope="row">{t(`wellbeing.categories.${c.category}`)}</th>
                <td>
                  {c.itemsToday} / {limitText(c.budget.itemsPerDay)}
                </td>
                <td>
                  {Math.round(c.minutesToday)} / {limitText(c.budget.minutesPerDay)}
                </td>
                <td>{exposure.overrides[c.category] ? "✓" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
