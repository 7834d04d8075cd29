import type { ErrorDetail } from "@quorum/core";
import { can, canAssignRole, canLeadPerson, canReadScorecard, peopleScope, ROLES, type Role } from "@quorum/core";
import type { CreatedUserResponse, PeopleResponse, TeamsResponse, UserView, VendorsResponse } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, Modal, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { formatLanguageLevels, parseLanguageLevels } from "../../lib/language-levels.js";
import { NO_PEOPLE_FILTERS, type PeopleFilters, peoplePath } from "../../lib/people-query.js";
import { formatSkills, parseSkills, skillTags } from "../../lib/requirements.js";
import { type InviteAccess, InviteAccessChoice, type InviteOutcome, InviteOutcomeNotice } from "./invite-access.js";
import { PasswordLinkButton } from "./password-link-button.js";
import { PeopleImportDialog } from "./people-import-dialog.js";
import { TableHead } from "./table-head.js";
import { useApi } from "./use-api.js";

function temporaryPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(14));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * The people directory: filter by vendor, team, language, region, status and role (on the server,
 * which also keeps a vendor lead to their own people), search by text, invite, edit, deactivate.
 */
export function PeoplePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user: me } = useSession();
  const [filters, setFilters] = useState<PeopleFilters>(NO_PEOPLE_FILTERS);
  const { data, error, reload } = useApi<PeopleResponse>(peoplePath(filters));
  const vendors = useApi<VendorsResponse>("/vendors").data?.vendors ?? [];
  const teams = useApi<TeamsResponse>("/teams").data?.teams ?? [];
  const [text, setText] = useState("");
  const [editing, setEditing] = useState<UserView | "new" | undefined>();
  const [rowError, setRowError] = useState<string | undefined>();
  const [importing, setImporting] = useState(false);
  const canManage = can(me.role, "users.manage");
  const canInvite = canManage || (me.role === "vendor_lead" && teams.length > 0);
  const set = (key: keyof PeopleFilters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const needle = text.trim().toLowerCase();
  const shown = data.people.filter(
    (u) =>
      needle === "" ||
      `${u.name} ${u.email} ${u.vendor ?? ""} ${u.team?.teamName ?? ""} ${u.languages.join(" ")}`
        .toLowerCase()
        .includes(needle),
  );
  const role = filters.role;

  const setUserStatus = async (u: UserView, next: "active" | "deactivated") => {
    setRowError(undefined);
    try {
      await api(`/users/${u.id}`, { method: "PATCH", body: { status: next } });
      reload();
    } catch (caught) {
      setRowError(describeError(caught));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("console.people.title")}</h1>
          <p className="muted">
            {t("console.people.summary", {
              active: t("console.people.activeCount", {
                count: data.people.filter((u) => can(u.role, "labels.work") && u.status === "active").length,
              }),
              people: t("console.people.peopleCount", { count: data.people.length }),
            })}
          </p>
        </div>
        {(canManage || canInvite) && (
          <div className="page-actions">
            {canManage && (
              <button type="button" className="btn" onClick={() => setImporting(true)}>
                {t("console.people.importCsv")}
              </button>
            )}
            {canInvite && (
              <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
                {t("console.people.invite")}
              </button>
            )}
          </div>
        )}
        <PeopleImportDialog open={importing} onClose={() => setImporting(false)} onImported={reload} />
      </div>
      {rowError && <ErrorBanner error={rowError} />}
      <div className="card">
        <div className="table-tools">
          <input
            type="search"
            placeholder={t("console.people.searchPlaceholder")}
            aria-label={t("console.people.search")}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {/* A vendor lead sees only their own vendor's people: nothing to filter by. */}
          {peopleScope(me).kind === "everyone" && (
            <select
              aria-label={t("workforce.vendor")}
              value={filters.vendorId}
              onChange={(e) => set("vendorId")(e.target.value)}
            >
              <option value="">{t("workforce.anyVendor")}</option>
              {vendors.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          )}
          <select
            aria-label={t("workforce.team")}
            value={filters.teamId}
            onChange={(e) => set("teamId")(e.target.value)}
          >
            <option value="">{t("workforce.anyTeam")}</option>
            {teams
              .filter((team) => filters.vendorId === "" || String(team.vendorId) === filters.vendorId)
              .map((team) => (
                <option key={team.id} value={team.id}>
                  {team.vendorName} · {team.name}
                </option>
              ))}
          </select>
          <FilterText label={t("workforce.languageFilter")} placeholder="de-AT" onCommit={set("language")} />
          <FilterText label={t("workforce.region")} placeholder="AT" onCommit={set("region")} />
          <select aria-label={t("console.people.role")} value={role} onChange={(e) => set("role")(e.target.value)}>
            <option value="">{t("console.people.everyRole")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <select
            aria-label={t("console.people.status")}
            value={filters.status}
            onChange={(e) => set("status")(e.target.value)}
          >
            <option value="active">{t("console.people.statuses.active")}</option>
            <option value="paused">{t("console.people.statuses.paused")}</option>
            <option value="deactivated">{t("console.people.statuses.deactivated")}</option>
            <option value="">{t("console.people.anyStatus")}</option>
          </select>
          <span className="muted">{t("console.people.shown", { count: shown.length })}</span>
        </div>
        {shown.length === 0 ? (
          <EmptyState title={t("console.people.nobody")} />
        ) : (
          <div className="table-scroll">
            <table className="table" aria-label={t("console.people.title")}>
              <TableHead
                columns={[
                  t("console.people.name"),
                  t("console.people.role"),
                  t("console.people.languages"),
                  t("console.people.skills"),
                  t("console.people.vendor"),
                  t("workforce.team"),
                  t("workforce.region"),
                  t("scorecard.tier"),
                  t("console.people.status"),
                  t("console.people.joined"),
                ]}
                actions={t("console.people.actions")}
              />
              <tbody>
                {shown.map((u) => {
                  const editable = canManage && canAssignRole(me.role, u.role) && u.id !== me.id;
                  const manageable = editable || (me.role === "vendor_lead" && canLeadPerson(me, u));
                  return (
                    <tr key={u.id}>
                      <td>
                        <div>
                          <Link to={{ name: "person", personId: u.id }}>{u.name}</Link>
                        </div>
                        <div className="cell-sub">{u.email}</div>
                        {u.role === "annotator" && canReadScorecard(me, u) && (
                          <Link to={{ name: "person-scorecard", userId: u.id }} className="cell-sub">
                            {t("console.people.scorecard")}
                          </Link>
                        )}
                      </td>
                      <td>{t(`roles.${u.role}`)}</td>
                      <td>
                        {u.languages.map((l) => (
                          <span key={l} className="lang-tag">
                            {l}
                            {u.languageLevels[l] ? ` ${u.languageLevels[l]}` : ""}
                          </span>
                        ))}
                      </td>
                      <td>
                        {Object.keys(u.skills).length === 0 ? (
                          <span className="muted">–</span>
                        ) : (
                          skillTags(u.skills).map((skill) => (
                            <span key={skill.name} className="skill-tag" title={`Skill level ${skill.level} of 100`}>
                              {skill.name} <span className="skill-level">{skill.level}</span>
                            </span>
                          ))
                        )}
                      </td>
                      <td>{u.vendor ?? <span className="muted">–</span>}</td>
                      <td>
                        {u.team ? (
                          <Link to={{ name: "team", teamId: u.team.teamId }}>{u.team.teamName}</Link>
                        ) : (
                          <span className="muted">–</span>
                        )}
                      </td>
                      <td>
                        {u.region ?? <span className="muted">–</span>}
                        {u.timeZone && <div className="cell-sub">{u.timeZone}</div>}
                      </td>
                      <td data-testid="person-tier">{u.role === "annotator" ? t(`scorecard.tiers.${u.tier}`) : "–"}</td>
                      <td>
                        <Pill tone={u.status === "active" ? "good" : u.status === "paused" ? "warn" : "neutral"}>
                          {t(`console.people.statuses.${u.status}`)}
                        </Pill>
                      </td>
                      <td className="cell-sub">{format.dateTime(u.createdAt)}</td>
                      <td>
                        {manageable && (
                          <span className="row-actions">
                            {editable && u.status !== "deactivated" && <PasswordLinkButton person={u} />}
                            {editable && (
                              <button type="button" className="btn btn-small" onClick={() => setEditing(u)}>
                                {t("console.people.edit")}
                              </button>
                            )}
                            {u.status === "deactivated" ? (
                              <button
                                type="button"
                                className="btn btn-small"
                                onClick={() => void setUserStatus(u, "active")}
                              >
                                {t("console.people.reactivate")}
                              </button>
                            ) : (
                              <button
                                type="button"
                                className="btn btn-small btn-danger"
                                onClick={() => void setUserStatus(u, "deactivated")}
                              >
                                {t("console.people.deactivate")}
                              </button>
                            )}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <Modal
        title={
          editing === "new" ? t("console.people.invite") : t("console.people.editTitle", { name: editing?.name ?? "" })
        }
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      >
        {editing !== undefined && (
          <PersonForm
            me={me.role}
            teams={teams.filter((team) => !team.archived)}
            person={editing === "new" ? undefined : editing}
            onSaved={() => {
              reload();
            }}
            onClose={() => setEditing(undefined)}
          />
        )}
      </Modal>
    </div>
  );
}

/** A text filter applied when the user leaves the field or presses Enter (not on every key). */
function FilterText({
  label,
  placeholder,
  onCommit,
}: {
  label: string;
  placeholder: string;
  onCommit: (value: string) => void;
}) {
  const [value, setValue] = useState("");
  return (
    <input
      type="search"
      aria-label={label}
      placeholder={`${label}: ${placeholder}`}
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => onCommit(value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") onCommit(value);
      }}
    />
  );
}

function PersonForm({
  me,
  teams,
  person,
  onSaved,
  onClose,
}: {
  me: Role;
  teams: TeamsResponse["teams"];
  person: UserView | undefined;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [name, setName] = useState(person?.name ?? "");
  const [role, setRole] = useState<Role>(person?.role ?? "annotator");
  const [languages, setLanguages] = useState(
    person ? formatLanguageLevels(person.languages, person.languageLevels) : "",
  );
  const [teamId, setTeamId] = useState(me === "vendor_lead" ? String(teams[0]?.id ?? "") : "");
  const [region, setRegion] = useState(person?.region ?? "");
  const [timeZone, setTimeZone] = useState(person?.timeZone ?? "");
  const [skills, setSkills] = useState(person ? formatSkills(person.skills) : "");
  const [vendor, setVendor] = useState(person?.vendor ?? "");
  const [status, setStatus] = useState(person?.status ?? "active");
  const [password] = useState(temporaryPassword);
  const [access, setAccess] = useState<InviteAccess>("link");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<InviteOutcome | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsedSkills = parseSkills(skills, "skills");
    const spoken = parseLanguageLevels(languages);
    if (parsedSkills.errors.length > 0 || spoken.errors.length > 0) {
      setDetails([...parsedSkills.errors, ...spoken.errors]);
      return;
    }
    const place = teamId !== "" ? { teamId: Number(teamId) } : { vendor: vendor.trim() || null };
    const profile =
      me === "vendor_lead"
        ? {
            name,
            role: "annotator" as const,
            languages: spoken.languages,
            languageLevels: spoken.levels,
            teamId: Number(teamId),
          }
        : {
            name,
            role,
            languages: spoken.languages,
            languageLevels: spoken.levels,
            skills: parsedSkills.skills,
            region: region.trim() || null,
            timeZone: timeZone.trim() || null,
            ...(person ? { vendor: vendor.trim() || null } : place),
          };
    setError(undefined);
    setDetails([]);
    try {
      if (person) {
        await api(`/users/${person.id}`, { method: "PATCH", body: { ...profile, status } });
        onSaved();
        onClose();
      } else {
        const answer = await api<CreatedUserResponse>("/users", {
          method: "POST",
          body: { ...profile, email, ...(access === "password" ? { password } : {}) },
        });
        onSaved();
        setCreated(
          answer.passwordLink
            ? { email, access: "link", passwordLink: answer.passwordLink }
            : { email, access: "password", password },
        );
      }
    } catch (caught) {
      setError(describeError(caught));
      if (caught instanceof ApiError) setDetails(caught.details);
    }
  };

  if (created) return <InviteOutcomeNotice outcome={created} onDone={onClose} />;

  return (
    <form onSubmit={submit}>
      {error && <ErrorBanner error={error} />}
      {!person && (
        <Field label={t("signin.email")} details={details} path="email">
          {(control) => (
            <input
              {...control}
              type="email"
              name="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field label={t("console.people.name")} details={details} path="name">
        {(control) => (
          <input {...control} type="text" name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <div className="inline-fields">
        {me !== "vendor_lead" && (
          <Field label={t("console.people.role")} details={details} path="role">
            {(control) => (
              <select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.filter((r) => canAssignRole(me, r)).map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {person && (
          <Field label={t("console.people.status")} details={details} path="status">
            {(control) => (
              <select {...control} value={status} onChange={(e) => setStatus(e.target.value as UserView["status"])}>
                <option value="active">{t("console.people.statuses.active")}</option>
                <option value="paused">{t("console.people.statuses.paused")}</option>
                <option value="deactivated">{t("console.people.statuses.deactivated")}</option>
              </select>
            )}
          </Field>
        )}
      </div>
      <Field label={t("console.people.languages")} details={details} path="languages">
        {(control) => (
          <input
            {...control}
            type="text"
            name="languages"
            placeholder="de-AT:native, en:B2"
            value={languages}
            onChange={(e) => setLanguages(e.target.value)}
          />
        )}
      </Field>
      {/* Skills open skill-gated projects: exams grant them, or a manager; never a vendor's own lead. */}
      {me !== "vendor_lead" && (
        <Field label={t("console.people.skills")} details={details} path="skills">
          {(control) => (
            <input
              {...control}
              type="text"
              name="skills"
              placeholder="moderation=70"
              value={skills}
              onChange={(e) => setSkills(e.target.value)}
            />
          )}
        </Field>
      )}
      {!person && (
        <Field label={t("workforce.team")} details={details} path="teamId">
          {(control) => (
            <select {...control} name="teamId" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              {me !== "vendor_lead" && <option value="">{t("workforce.noTeam")}</option>}
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.vendorName} · {team.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {me !== "vendor_lead" && (person || teamId === "") && (
        <Field label={t("console.people.vendor")} details={details} path="vendor">
          {(control) => (
            <input {...control} type="text" name="vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} />
          )}
        </Field>
      )}
      {me !== "vendor_lead" && (
        <div className="inline-fields">
          <Field label={t("workforce.region")} details={details} path="region">
            {(control) => (
              <input
                {...control}
                type="text"
                name="region"
                value={region}
                onChange={(e) => setRegion(e.target.value)}
              />
            )}
          </Field>
          <Field label={t("workforce.timeZone")} details={details} path="timeZone">
            {(control) => (
              <input
                {...control}
                type="text"
                name="timeZone"
                placeholder="Europe/Vienna"
                value={timeZone}
                onChange={(e) => setTimeZone(e.target.value)}
              />
            )}
          </Field>
        </div>
      )}
      {!person && <InviteAccessChoice value={access} onChange={setAccess} />}
      <div className="row-actions modal-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t("review.cancel")}
        </button>
        <button type="submit" className="btn btn-primary">
          {person ? t("console.people.save") : t("console.people.inviteButton")}
        </button>
      </div>
    </form>
  );
}
