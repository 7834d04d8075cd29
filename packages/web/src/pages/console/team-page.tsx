import type { TeamMembersResponse } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useTitleSubject } from "../../components/document-title.js";
import { LoadError } from "../../components/load-error.js";
import { Link } from "../../components/router.js";
import { EmptyState, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { useApi } from "./use-api.js";

/** A team and its current members, each linking to their profile. */
export function TeamPage({ teamId }: { teamId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loaded = useApi<TeamMembersResponse>(`/teams/${teamId}/members`);
  const { data, error } = loaded;
  useTitleSubject(data?.team.name);
  if (error) return <LoadError load={loaded} back={{ to: { name: "vendors" }, label: t("common.backToVendors") }} />;
  if (!data) return <PageLoading />;
  const { team, members } = data;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <Link to={{ name: "vendor", vendorId: team.vendorId }}>{team.vendorName}</Link>
          <h1>
            {team.name} {team.archived && <Pill tone="neutral">{t("workforce.archived")}</Pill>}
          </h1>
          <p className="muted">
            {t("workforce.lead")}: {team.leadName ?? "–"} · {t("workforce.memberCount", { count: team.memberCount })}
          </p>
        </div>
      </div>
      <div className="card table-scroll">
        {members.length === 0 ? (
          <EmptyState title={t("workforce.noMembers")} />
        ) : (
          <table className="table" aria-label={t("workforce.members")}>
            <thead>
              <tr>
                <th scope="col">{t("workforce.name")}</th>
                <th scope="col">{t("workforce.languages")}</th>
                <th scope="col">{t("workforce.region")}</th>
                <th scope="col">{t("workforce.timeZone")}</th>
                <th scope="col">{t("workforce.joined")}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((person) => (
                <tr key={person.id}>
                  <td>
                    <Link to={{ name: "person", personId: person.id }}>{person.name}</Link>
                  </td>
                  <td>
                    {person.languages.map((tag) => (
                      <span key={tag} className="lang-tag">
                        {tag}
                        {person.languageLevels[tag] ? ` ${person.languageLevels[tag]}` : ""}
                      </span>
                    ))}
                  </td>
                  <td>{person.region ?? "–"}</td>
                  <td>{person.timeZone ?? "UTC"}</td>
                  <td>{person.team ? format.dateTime(person.team.joinedAt) : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
