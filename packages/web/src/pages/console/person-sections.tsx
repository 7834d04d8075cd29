import type { Permission } from "@quorum/core";
import type { PersonEligibilityResponse, PersonResponse } from "@quorum/server";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "../../components/router.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { useApi } from "./use-api.js";

/**
 * One section of a person's profile page. The page shows every entry of `PERSON_SECTIONS` in
 * order, each in its own card; add a section (a scorecard, exams) by adding an entry here.
 */
export interface PersonSection {
  id: string;
  /** The section's heading, translated with the page's `t`. */
  title: (t: TFunction) => string;
  Body: (props: { profile: PersonResponse }) => ReactNode;
  /** Who is shown the section (by role); everyone who may open the page when absent. */
  shownTo?: Permission;
}

function DetailsBody({ profile }: { profile: PersonResponse }) {
  const { t } = useTranslation();
  const { person } = profile;
  // Without a zone of their own, a person's days are the workspace's.
  const workspace = useApi<{ timeZone: string }>(person.timeZone ? undefined : "/workspace/settings").data;
  return (
    <dl className="detail-list">
      <dt>{t("workforce.vendor")}</dt>
      <dd>{person.vendor ?? t("workforce.notSet")}</dd>
      <dt>{t("workforce.team")}</dt>
      <dd>
        {person.team ? (
          <Link to={{ name: "team", teamId: person.team.teamId }}>{person.team.teamName}</Link>
        ) : (
          t("workforce.noTeam")
        )}
      </dd>
      <dt>{t("workforce.region")}</dt>
      <dd>{person.region ?? t("workforce.notSet")}</dd>
      <dt>{t("workforce.timeZone")}</dt>
      <dd>{person.timeZone ?? (workspace ? t("workforce.workspaceZone", { zone: workspace.timeZone }) : "")}</dd>
    </dl>
  );
}

function LanguagesBody({ profile }: { profile: PersonResponse }) {
  const { t } = useTranslation();
  const { person } = profile;
  if (person.languages.length === 0) return <p className="muted">{t("workforce.notSet")}</p>;
  return (
    <ul className="plain-list">
      {person.languages.map((tag) => (
        <li key={tag}>
          <span className="lang-tag">{tag}</span> {person.languageLevels[tag] ?? t("workforce.unrated")}
        </li>
      ))}
    </ul>
  );
}

function HistoryBody({ profile }: { profile: PersonResponse }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (profile.memberships.length === 0) return <p className="muted">{t("workforce.noHistory")}</p>;
  return (
    <table className="table" aria-label={t("workforce.history")}>
      <thead>
        <tr>
          <th scope="col">{t("workforce.vendor")}</th>
          <th scope="col">{t("workforce.team")}</th>
          <th scope="col">{t("workforce.joined")}</th>
          <th scope="col">{t("workforce.left")}</th>
        </tr>
      </thead>
      <tbody>
        {profile.memberships.map((m) => (
          <tr key={`${m.teamId}-${m.joinedAt}`}>
            <td>{m.vendorName}</td>
            <td>
              <Link to={{ name: "team", teamId: m.teamId }}>{m.teamName}</Link>
            </td>
            <td>{format.dateTime(m.joinedAt)}</td>
            <td>{m.leftAt ? format.dateTime(m.leftAt) : <strong>{t("workforce.current")}</strong>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every active project, and why the person may not work on it (languages, skills, tier, ...). */
function EligibilityBody({ profile }: { profile: PersonResponse }) {
  const { t } = useTranslation();
  const { data, error, reload } = useApi<PersonEligibilityResponse>(`/people/${profile.person.id}/eligibility`);
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  if (data.projects.length === 0) return <p className="muted">{t("projectAccess.noProjects")}</p>;
  return (
    <table className="table" aria-label={t("projectAccess.projects")}>
      <thead>
        <tr>
          <th scope="col">{t("projectAccess.project")}</th>
          <th scope="col">{t("projectAccess.eligible")}</th>
          <th scope="col">{t("projectAccess.why")}</th>
        </tr>
      </thead>
      <tbody>
        {data.projects.map((project) => (
          <tr key={project.id}>
            <td>
              <Link to={{ name: "project", projectId: project.id }} dir="auto">
                {project.name}
              </Link>
            </td>
            <td>
              <Pill tone={project.eligible ? "good" : "neutral"}>
                {project.eligible ? t("projectAccess.eligible") : t("common.none")}
              </Pill>
            </td>
            <td>{project.reasons.join("; ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The profile's sections, in order. */
export const PERSON_SECTIONS: PersonSection[] = [
  { id: "details", title: (t) => t("workforce.details"), Body: DetailsBody },
  { id: "languages", title: (t) => t("workforce.languages"), Body: LanguagesBody },
  { id: "history", title: (t) => t("workforce.history"), Body: HistoryBody },
  { id: "eligibility", title: (t) => t("projectAccess.projects"), Body: EligibilityBody, shownTo: "users.read" },
];
