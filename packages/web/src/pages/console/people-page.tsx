import type { ErrorDetail } from "@quorum/core";
import { can, canAssignRole, ROLES, type Role } from "@quorum/core";
import type { UserList, UserView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, Modal, PageLoading, Pill } from "../../components/ui.js";
import { formatDateTime } from "../../lib/format.js";
import { formatSkills, parseLanguages, parseSkills, skillTags } from "../../lib/requirements.js";
import { ROLE_LABEL } from "../../lib/role-labels.js";
import { TableHead } from "./table-head.js";
import { useApi } from "./use-api.js";

function temporaryPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(14));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** Users and annotator profiles: filter, invite, edit profile, deactivate. */
export function PeoplePage() {
  const { user: me } = useSession();
  const { data, error, reload } = useApi<UserList>("/users");
  const [text, setText] = useState("");
  const [role, setRole] = useState<"" | Role>("");
  const [status, setStatus] = useState("active");
  const [editing, setEditing] = useState<UserView | "new" | undefined>();
  const [rowError, setRowError] = useState<string | undefined>();
  const canManage = can(me.role, "users.manage");

  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const needle = text.trim().toLowerCase();
  const shown = data.users.filter(
    (u) =>
      (role === "" || u.role === role) &&
      (status === "" || u.status === status) &&
      (needle === "" ||
        `${u.name} ${u.email} ${u.vendor ?? ""} ${u.languages.join(" ")}`.toLowerCase().includes(needle)),
  );

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
          <h1>People</h1>
          <p className="muted">
            {data.users.filter((u) => can(u.role, "labels.work") && u.status === "active").length} active annotators ·{" "}
            {data.users.length} people in all
          </p>
        </div>
        {canManage && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            Invite someone
          </button>
        )}
      </div>
      {rowError && <ErrorBanner error={rowError} />}
      <div className="card">
        <div className="table-tools">
          <input
            type="search"
            placeholder="Search name, email, vendor, language"
            aria-label="Search people"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as "" | Role)}>
            <option value="">Every role</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="active">Active</option>
            <option value="paused">Paused</option>
            <option value="deactivated">Deactivated</option>
            <option value="">Any status</option>
          </select>
          <span className="muted">{shown.length} shown</span>
        </div>
        {shown.length === 0 ? (
          <EmptyState title="Nobody matches" />
        ) : (
          <div className="table-scroll">
            <table className="table" aria-label="People">
              <TableHead
                columns={["Name", "Role", "Languages", "Skills", "Vendor", "Status", "Joined"]}
                actions="Actions"
              />
              <tbody>
                {shown.map((u) => {
                  const manageable = canManage && canAssignRole(me.role, u.role) && u.id !== me.id;
                  return (
                    <tr key={u.id}>
                      <td>
                        <div>{u.name}</div>
                        <div className="cell-sub">{u.email}</div>
                      </td>
                      <td>{ROLE_LABEL[u.role]}</td>
                      <td>
                        {u.languages.map((l) => (
                          <span key={l} className="lang-tag">
                            {l}
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
                        <Pill tone={u.status === "active" ? "good" : u.status === "paused" ? "warn" : "neutral"}>
                          {u.status}
                        </Pill>
                      </td>
                      <td className="cell-sub">{formatDateTime(u.createdAt)}</td>
                      <td>
                        {manageable && (
                          <span className="row-actions">
                            <button type="button" className="btn btn-small" onClick={() => setEditing(u)}>
                              Edit
                            </button>
                            {u.status === "deactivated" ? (
                              <button
                                type="button"
                                className="btn btn-small"
                                onClick={() => void setUserStatus(u, "active")}
                              >
                                Reactivate
                              </button>
                            ) : (
                              <button
                                type="button"
                                className="btn btn-small btn-danger"
                                onClick={() => void setUserStatus(u, "deactivated")}
                              >
                                Deactivate
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
        title={editing === "new" ? "Invite someone" : `Edit ${editing?.name ?? ""}`}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      >
        {editing !== undefined && (
          <PersonForm
            me={me.role}
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

function PersonForm({
  me,
  person,
  onSaved,
  onClose,
}: {
  me: Role;
  person: UserView | undefined;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState(person?.name ?? "");
  const [role, setRole] = useState<Role>(person?.role ?? "annotator");
  const [languages, setLanguages] = useState(person?.languages.join(", ") ?? "");
  const [skills, setSkills] = useState(person ? formatSkills(person.skills) : "");
  const [vendor, setVendor] = useState(person?.vendor ?? "");
  const [status, setStatus] = useState(person?.status ?? "active");
  const [password] = useState(temporaryPassword);
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<{ email: string; password: string } | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsedSkills = parseSkills(skills, "skills");
    if (parsedSkills.errors.length > 0) {
      setDetails(parsedSkills.errors);
      return;
    }
    const profile = {
      name,
      role,
      languages: parseLanguages(languages),
      skills: parsedSkills.skills,
      vendor: vendor.trim() || null,
    };
    setError(undefined);
    setDetails([]);
    try {
      if (person) {
        await api(`/users/${person.id}`, { method: "PATCH", body: { ...profile, status } });
        onSaved();
        onClose();
      } else {
        await api("/users", { method: "POST", body: { ...profile, email, password } });
        onSaved();
        setCreated({ email, password });
      }
    } catch (caught) {
      setError(describeError(caught));
      if (caught instanceof ApiError) setDetails(caught.details);
    }
  };

  if (created)
    return (
      <div>
        <p>
          <strong>{created.email}</strong> can now sign in with this temporary password. It is shown only once: send it
          through a channel you trust.
        </p>
        <pre className="secret">{created.password}</pre>
        <div className="row-actions modal-actions">
          <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(created.password)}>
            Copy password
          </button>
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    );

  return (
    <form onSubmit={submit}>
      {error && <ErrorBanner error={error} />}
      {!person && (
        <Field label="Email" details={details} path="email">
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
      <Field label="Name" details={details} path="name">
        {(control) => (
          <input {...control} type="text" name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <div className="inline-fields">
        <Field label="Role" details={details} path="role">
          {(control) => (
            <select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.filter((r) => canAssignRole(me, r)).map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {person && (
          <Field label="Status" details={details} path="status">
            {(control) => (
              <select {...control} value={status} onChange={(e) => setStatus(e.target.value as UserView["status"])}>
                <option value="active">Active</option>
                <option value="paused">Paused</option>
                <option value="deactivated">Deactivated</option>
              </select>
            )}
          </Field>
        )}
      </div>
      <Field label="Languages" details={details} path="languages">
        {(control) => (
          <input
            {...control}
            type="text"
            name="languages"
            placeholder="en, de"
            value={languages}
            onChange={(e) => setLanguages(e.target.value)}
          />
        )}
      </Field>
      <Field label="Skills" details={details} path="skills">
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
      <Field label="Vendor" details={details} path="vendor">
        {(control) => (
          <input {...control} type="text" name="vendor" value={vendor} onChange={(e) => setVendor(e.target.value)} />
        )}
      </Field>
      <div className="row-actions modal-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary">
          {person ? "Save" : "Invite"}
        </button>
      </div>
    </form>
  );
}
