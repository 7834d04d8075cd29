import { can, canLeadPerson, canReadScorecard } from "@quorum/core";
import type { PersonResponse, TeamsResponse } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { useTitleSubject } from "../../components/document-title.js";
import { LoadError } from "../../components/load-error.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { PERSON_SECTIONS, type PersonSection } from "./person-sections.js";
import { useApi } from "./use-api.js";

/**
 * A person's profile: who they are, where and when they work, the languages they speak at what
 * level, and their team history. The sections come from `PERSON_SECTIONS` (extend it there).
 */
export function PersonPage({ personId, sections = PERSON_SECTIONS }: { personId: number; sections?: PersonSection[] }) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const loaded = useApi<PersonResponse>(`/people/${personId}`);
  const { data, error, reload } = loaded;
  const mayMove = can(me.role, "users.manage") || me.role === "vendor_lead";
  const teams = useApi<TeamsResponse>(mayMove ? "/teams" : undefined).data?.teams ?? [];
  useTitleSubject(data?.person.name);
  if (error) return <LoadError load={loaded} back={{ to: { name: "people" }, label: t("common.backToPeople") }} />;
  if (!data) return <PageLoading />;
  const { person } = data;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <Link to={{ name: "people" }}>{t("nav.people")}</Link>
          <h1 dir="auto">{person.name}</h1>
          <p className="muted">
            {person.email} · {t(`roles.${person.role}`)}{" "}
            <Pill tone={person.status === "active" ? "good" : "neutral"}>
              {t(`console.people.statuses.${person.status}`)}
            </Pill>
          </p>
          {/* As on the people page: an annotator's scorecard, for those its route lets read it. */}
          {person.role === "annotator" && canReadScorecard(me, person) && (
            <Link to={{ name: "person-scorecard", userId: person.id }}>{t("console.people.scorecard")}</Link>
          )}
        </div>
        {mayMove && canLeadPerson(me, person) && (
          <MoveToTeam personId={person.id} currentTeamId={person.team?.teamId} teams={teams} onMoved={reload} />
        )}
      </div>
      {sections
        .filter(({ shownTo }) => shownTo === undefined || can(me.role, shownTo))
        .map(({ id, title, Body }) => (
          <section key={id} className="card" aria-labelledby={`person-section-${id}`}>
            <h2 id={`person-section-${id}`}>{title(t)}</h2>
            <Body profile={data} />
          </section>
        ))}
    </div>
  );
}

function MoveToTeam({
  personId,
  currentTeamId,
  teams,
  onMoved,
}: {
  personId: number;
  currentTeamId: number | undefined;
  teams: TeamsResponse["teams"];
  onMoved: () => void;
}) {
  const { t } = useTranslation();
  const [teamId, setTeamId] = useState("");
  const [error, setError] = useState<string | undefined>();
  const move = async () => {
    setError(undefined);
    try {
      await api(`/people/${personId}/team`, { method: "POST", body: { teamId: Number(teamId) } });
      setTeamId("");
      onMoved();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  return (
    <div className="row-actions">
      {error && <ErrorBanner error={error} />}
      <select aria-label={t("workforce.moveTo")} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
        <option value="">{t("workforce.moveTo")}</option>
        {teams
          .filter((team) => !team.archived && team.id !== currentTeamId)
          .map((team) => (
            <option key={team.id} value={team.id}>
              {team.vendorName} · {team.name}
            </option>
          ))}
      </select>
      <button type="button" className="btn" disabled={teamId === ""} onClick={() => void move()}>
        {t("workforce.move")}
      </button>
    </div>
  );
}
