import type { LabelSchema } from "@quorum/core";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api, describeError } from "../../api/client.js";
import type { ErrorDetail, GuidelinesResponse, ProjectView } from "../../api/types.js";
import { MarkdownView } from "../../components/markdown-view.js";
import { Link, useRouter } from "../../components/router.js";
import { ErrorBanner, FieldErrors, PageLoading } from "../../components/ui.js";
import { choicesFor, formatLabelValue } from "../../lib/choices.js";
import { formatDateTime, fromDateTimeLocal, toDateTimeLocal } from "../../lib/format.js";
import { formatSkills, parseLanguages, parseSkills } from "../../lib/requirements.js";
import {
  emptySchemaForm,
  type SchemaForm,
  schemaFormFrom,
  schemaFromForm,
  TASK_TYPE_INFO,
} from "../../lib/schema-builder.js";
import { SchemaBuilder } from "./schema-builder-view.js";

interface Settings {
  name: string;
  businessUnit: string;
  description: string;
  languages: string;
  skills: string;
  overlap: string;
  priority: string;
  deadline: string;
  leaseMinutes: string;
  sensitive: boolean;
  status: string;
}

const blank: Settings = {
  name: "",
  businessUnit: "",
  description: "",
  languages: "",
  skills: "",
  overlap: "3",
  priority: "0",
  deadline: "",
  leaseMinutes: "10",
  sensitive: false,
  status: "active",
};

function settingsFrom(p: ProjectView): Settings {
  return {
    name: p.name,
    businessUnit: p.businessUnit ?? "",
    description: p.description,
    languages: p.requirements.languages.join(", "),
    skills: formatSkills(p.requirements.skills),
    overlap: String(p.overlap),
    priority: String(p.priority),
    deadline: toDateTimeLocal(p.deadline),
    leaseMinutes: String(Math.round(p.leaseSeconds / 60)),
    sensitive: p.sensitive,
    status: p.status,
  };
}

/** Create a project, or edit one (`projectId`): settings, label schema, guidelines with versions. */
export function ProjectFormPage({ projectId }: { projectId?: number }) {
  const { navigate } = useRouter();
  const editing = projectId !== undefined;
  const [project, setProject] = useState<ProjectView | undefined>();
  const [settings, setSettings] = useState<Settings>(blank);
  const [schemaForm, setSchemaForm] = useState<SchemaForm>(() => ({
    ...emptySchemaForm("single_choice"),
    options: [
      { value: "", label: "Yes", group: "" },
      { value: "", label: "No", group: "" },
    ],
  }));
  const [guidelines, setGuidelines] = useState("");
  const [versions, setVersions] = useState<GuidelinesResponse | undefined>();
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => {
    if (!editing) return;
    api<ProjectView>(`/projects/${projectId}`)
      .then((p) => {
        setProject(p);
        setSettings(settingsFrom(p));
        setSchemaForm(schemaFormFrom(p.schema as LabelSchema));
      })
      .catch((e: unknown) => setError(describeError(e)));
    api<GuidelinesResponse>(`/projects/${projectId}/guidelines`)
      .then((g) => {
        setVersions(g);
        setGuidelines(g.versions.find((v) => v.version === g.current)?.body ?? "");
      })
      .catch(() => undefined);
  }, [editing, projectId]);

  const set = (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setNotice(undefined);
    const problems: ErrorDetail[] = [];
    const skills = parseSkills(settings.skills);
    problems.push(...skills.errors);
    const schema = schemaFromForm(schemaForm);
    if (!editing && !schema.ok) problems.push(...schema.errors);
    if (problems.length > 0) {
      setDetails(problems);
      setError("Some fields need a look");
      return;
    }
    const common = {
      name: settings.name,
      description: settings.description,
      businessUnit: settings.businessUnit.trim() || null,
      requirements: { languages: parseLanguages(settings.languages), skills: skills.skills },
      priority: Number(settings.priority),
      deadline: fromDateTimeLocal(settings.deadline),
      leaseSeconds: Math.round(Number(settings.leaseMinutes) * 60),
      sensitive: settings.sensitive,
    };
    setBusy(true);
    setDetails([]);
    try {
      if (editing) {
        const updated = await api<ProjectView>(`/projects/${projectId}`, {
          method: "PATCH",
          body: { ...common, status: settings.status },
        });
        setProject(updated);
        setNotice("Saved");
      } else {
        const created = await api<ProjectView>("/projects", {
          method: "POST",
          body: {
            ...common,
            schema: schema.ok ? schema.schema : undefined,
            overlap: Number(settings.overlap),
            ...(guidelines.trim() ? { guidelines } : {}),
          },
        });
        navigate({ name: "project", projectId: created.id });
      }
    } catch (caught) {
      setError(describeError(caught));
      if (caught instanceof ApiError) setDetails(caught.details);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    setError(undefined);
    try {
      await api(`/projects/${projectId}/guidelines`, { method: "POST", body: { body: guidelines } });
      const g = await api<GuidelinesResponse>(`/projects/${projectId}/guidelines`);
      setVersions(g);
      setNotice(`Guidelines version ${g.current} is now in force`);
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  if (editing && !project) return error ? <ErrorBanner error={error} /> : <PageLoading />;
  const currentVersion = versions?.versions.find((v) => v.version === versions.current);
  const guidelinesChanged = editing && guidelines.trim() !== "" && guidelines !== (currentVersion?.body ?? "");

  return (
    <form className="page project-form" onSubmit={submit} noValidate>
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={{ name: "console" }}>Projects</Link>
            {project && (
              <>
                {" / "}
                <Link to={{ name: "project", projectId: project.id }}>{project.name}</Link>
              </>
            )}
          </div>
          <h1>{editing ? "Project settings" : "New project"}</h1>
        </div>
        <div className="row-actions">
          {notice && (
            <span className="notice" role="status">
              {notice}
            </span>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {editing ? "Save changes" : "Create project"}
          </button>
        </div>
      </div>
      {error && <ErrorBanner error={error} />}

      <div className="form-grid">
        <section className="card form-section">
          <h2>About</h2>
          <label className="field">
            <span>Name</span>
            <input
              type="text"
              name="name"
              required
              value={settings.name}
              onChange={(e) => set({ name: e.target.value })}
            />
            <FieldErrors details={details} path="name" />
          </label>
          <label className="field">
            <span>Business unit</span>
            <input
              type="text"
              name="businessUnit"
              value={settings.businessUnit}
              onChange={(e) => set({ businessUnit: e.target.value })}
            />
            <small>Who asked and who pays; costs roll up here.</small>
          </label>
          <label className="field">
            <span>Description</span>
            <textarea
              name="description"
              rows={2}
              value={settings.description}
              onChange={(e) => set({ description: e.target.value })}
            />
          </label>
        </section>

        <section className="card form-section">
          <h2>Delivery</h2>
          <div className="inline-fields">
            <label className="field">
              <span>Judgments per task</span>
              <input
                type="number"
                name="overlap"
                min={1}
                max={50}
                value={settings.overlap}
                disabled={editing}
                onChange={(e) => set({ overlap: e.target.value })}
              />
              {editing && <small>Fixed once the project exists.</small>}
              <FieldErrors details={details} path="overlap" />
            </label>
            <label className="field">
              <span>Priority</span>
              <input
                type="number"
                name="priority"
                value={settings.priority}
                onChange={(e) => set({ priority: e.target.value })}
              />
              <small>Higher goes first.</small>
            </label>
          </div>
          <div className="inline-fields">
            <label className="field">
              <span>Deadline</span>
              <input
                type="datetime-local"
                name="deadline"
                value={settings.deadline}
                onChange={(e) => set({ deadline: e.target.value })}
              />
              <FieldErrors details={details} path="deadline" />
            </label>
            <label className="field">
              <span>Minutes per task lease</span>
              <input
                type="number"
                name="lease"
                min={1}
                value={settings.leaseMinutes}
                onChange={(e) => set({ leaseMinutes: e.target.value })}
              />
              <FieldErrors details={details} path="leaseSeconds" />
            </label>
          </div>
          {editing && (
            <label className="field">
              <span>Status</span>
              <select value={settings.status} onChange={(e) => set({ status: e.target.value })}>
                <option value="active">Active: annotators can work</option>
                <option value="paused">Paused: hidden from annotators</option>
                <option value="archived">Archived: read only</option>
              </select>
            </label>
          )}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.sensitive}
              onChange={(e) => set({ sensitive: e.target.checked })}
            />
            Sensitive content (media blurred until the annotator chooses to see it)
          </label>
        </section>

        <section className="card form-section">
          <h2>Who may work on it</h2>
          <label className="field">
            <span>Languages</span>
            <input
              type="text"
              name="languages"
              placeholder="en, de, ja"
              value={settings.languages}
              onChange={(e) => set({ languages: e.target.value })}
            />
            <small>ISO 639 codes; empty means any.</small>
            <FieldErrors details={details} path="requirements.languages" />
          </label>
          <label className="field">
            <span>Minimum skills</span>
            <input
              type="text"
              name="skills"
              placeholder="moderation=60"
              value={settings.skills}
              onChange={(e) => set({ skills: e.target.value })}
            />
            <small>skill=minimum score (0–100), separated by commas.</small>
            <FieldErrors details={details} path="requirements.skills" />
          </label>
        </section>

        <section className="card form-section form-wide">
          <h2>Label schema</h2>
          {editing && project ? (
            <SchemaSummary schema={project.schema as LabelSchema} />
          ) : (
            <>
              <SchemaBuilder form={schemaForm} onChange={setSchemaForm} />
              <FieldErrors details={details} path="schema" />
            </>
          )}
        </section>

        <section className="card form-section form-wide">
          <div className="section-head">
            <h2>Guidelines</h2>
            {versions && <span className="muted">version {versions.current} in force</span>}
          </div>
          <div className="guidelines-editor">
            <label className="field">
              <span>Markdown</span>
              <textarea
                name="guidelines"
                rows={14}
                value={guidelines}
                onChange={(e) => setGuidelines(e.target.value)}
              />
            </label>
            <div className="guidelines-preview">
              <div className="field-label">Preview</div>
              <MarkdownView source={guidelines || "_Nothing yet._"} />
            </div>
          </div>
          {editing && (
            <div className="row-actions">
              <button type="button" className="btn" disabled={!guidelinesChanged} onClick={() => void publish()}>
                Publish as version {(versions?.current ?? 0) + 1}
              </button>
              <span className="muted">Judgments record the version they were made under.</span>
            </div>
          )}
          {versions && versions.versions.length > 0 && (
            <details className="versions">
              <summary>{versions.versions.length} versions</summary>
              <ul>
                {versions.versions.map((v) => (
                  <li key={v.version}>
                    <button type="button" className="link-button" onClick={() => setGuidelines(v.body)}>
                      Version {v.version}
                    </button>{" "}
                    <span className="muted">{formatDateTime(v.createdAt)}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      </div>
    </form>
  );
}

function SchemaSummary({ schema }: { schema: LabelSchema }) {
  const choices = choicesFor(schema);
  return (
    <div>
      <p>
        <strong>{TASK_TYPE_INFO[schema.type].title}</strong>{" "}
        <span className="muted">— fixed once tasks can be labeled.</span>
      </p>
      {choices.length > 0 && (
        <ul className="schema-summary">
          {choices.map((c) => (
            <li key={String(c.value)}>
              {formatLabelValue(schema, c.value)} <code>{String(c.value)}</code>
              {c.group && <span className="muted"> · {c.group}</span>}
            </li>
          ))}
        </ul>
      )}
      {schema.type === "multi_label" && (
        <p className="muted">
          Between {schema.minSelected} and {schema.maxSelected} options.
        </p>
      )}
      {schema.type === "ranking" && <p className="muted">Items from the data field {schema.itemsField}.</p>}
      {schema.type === "free_text" && (
        <p className="muted">
          {schema.minLength}–{schema.maxLength} characters.
        </p>
      )}
    </div>
  );
}
