import { can } from "@quorum/core";
import type { TeamsResponse, TeamView, VendorsResponse } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { useTitleSubject } from "../../components/document-title.js";
import { LoadError } from "../../components/load-error.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, Modal, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { MergeForm } from "./merge-form.js";
import { useApi } from "./use-api.js";

/** One vendor's teams: create, rename, merge, and a link to each team's members. */
export function VendorPage({ vendorId }: { vendorId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user: me } = useSession();
  const vendors = useApi<VendorsResponse>("/vendors");
  const teams = useApi<TeamsResponse>(`/teams?vendorId=${vendorId}`);
  const { data, error, reload } = teams;
  const allTeams = useApi<TeamsResponse>("/teams").data?.teams ?? [];
  const [renaming, setRenaming] = useState<TeamView | "new" | undefined>();
  const [merging, setMerging] = useState<TeamView | undefined>();
  const canManage = can(me.role, "users.manage");
  useTitleSubject(vendors.data?.vendors.find((v) => v.id === vendorId)?.name);
  if (error) return <LoadError load={teams} back={{ to: { name: "vendors" }, label: t("common.backToVendors") }} />;
  if (!data || !vendors.data) return <PageLoading />;
  const vendor = vendors.data.vendors.find((v) => v.id === vendorId);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <Link to={{ name: "vendors" }}>{t("workforce.backToVendors")}</Link>
          <h1 dir="auto">{vendor?.name ?? ""}</h1>
          {vendor?.contactEmail && <p className="muted">{vendor.contactEmail}</p>}
        </div>
        {canManage && !vendor?.archived && (
          <button type="button" className="btn btn-primary" onClick={() => setRenaming("new")}>
            {t("workforce.newTeam")}
          </button>
        )}
      </div>
      <div className="card">
        <h2>{t("workforce.teams")}</h2>
        {data.teams.length === 0 ? (
          <EmptyState title={t("workforce.noTeams")} />
        ) : (
          <table className="table" aria-label={t("workforce.teams")}>
            <thead>
              <tr>
                <th scope="col">{t("workforce.name")}</th>
                <th scope="col">{t("workforce.lead")}</th>
                <th scope="col" className="num">
                  {t("workforce.members")}
                </th>
                {canManage && <th scope="col">{t("console.people.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {data.teams.map((team) => (
                <tr key={team.id}>
                  <td>
                    <Link to={{ name: "team", teamId: team.id }}>{team.name}</Link>{" "}
                    {team.archived && <Pill tone="neutral">{t("workforce.archived")}</Pill>}
                  </td>
                  <td>{team.leadName ?? "–"}</td>
                  <td className="num">{format.number(team.memberCount)}</td>
                  {canManage && (
                    <td>
                      {!team.archived && (
                        <span className="row-actions">
                          <button type="button" className="btn btn-small" onClick={() => setRenaming(team)}>
                            {t("workforce.rename")}
                          </button>
                          <button type="button" className="btn btn-small" onClick={() => setMerging(team)}>
                            {t("workforce.merge")}
                          </button>
                        </span>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Modal
        title={renaming === "new" ? t("workforce.newTeam") : t("workforce.rename")}
        open={renaming !== undefined}
        onClose={() => setRenaming(undefined)}
      >
        {renaming !== undefined && (
          <TeamNameForm
            vendorId={vendorId}
            team={renaming === "new" ? undefined : renaming}
            onDone={() => {
              setRenaming(undefined);
              reload();
            }}
          />
        )}
      </Modal>
      <Modal title={t("workforce.merge")} open={merging !== undefined} onClose={() => setMerging(undefined)}>
        {merging && (
          <MergeForm
            help={t("workforce.mergeTeamHelp")}
            path={`/teams/${merging.id}/merge`}
            field="intoTeamId"
            choices={allTeams
              .filter((team) => !team.archived && team.id !== merging.id)
              .map((team) => ({ id: team.id, label: `${team.vendorName} · ${team.name}` }))}
            onDone={() => {
              setMerging(undefined);
              reload();
            }}
          />
        )}
      </Modal>
    </div>
  );
}

function TeamNameForm({
  vendorId,
  team,
  onDone,
}: {
  vendorId: number;
  team: TeamView | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(team?.name ?? "");
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      if (team) await api(`/teams/${team.id}`, { method: "PATCH", body: { name } });
      else await api("/teams", { method: "POST", body: { vendorId, name } });
      onDone();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  return (
    <form onSubmit={submit}>
      {error && <ErrorBanner error={error} />}
      <label>
        {t("workforce.name")} <input type="text" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="row-actions modal-actions">
        <button type="submit" className="btn btn-primary">
          {team ? t("workforce.save") : t("workforce.create")}
        </button>
      </div>
    </form>
  );
}
