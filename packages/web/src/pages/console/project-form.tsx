import { DEFAULT_LEASE_SECONDS, DEFAULT_OVERLAP, type ErrorDetail, type LabelSchema } from "@quorum/core";
import type { GuidelinesResponse, ProjectView } from "@quorum/server";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field, FieldErrors } from "../../components/field.js";
import { MarkdownView } from "../../components/markdown-view.js";
import { Link, useRouter } from "../../components/router.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { choicesFor, formatLabelValue } from "../../lib/choices.js";
import { formatDateTime, fromDateTimeLocal, toDateTimeLocal } from "../../lib/format.js";
import {
  DEFAULT_POLICY_FORM,
  type PolicyForm,
  policiesFromForm,
  policyFormFrom,
  restateDetails,
} from "../../lib/project-policy.js";
import { formatSkills, parseLanguages, parseSkills } from "../../lib/requirements.js";
import {
  emptySchemaForm,
  type SchemaForm,
  schemaFormFrom,
  schemaFromForm,
  TASK_TYPE_INFO,
} from "../../lib/schema-builder.js";
import { GuidelineTranslations } from "./guideline-translations.js";
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
  overlap: String(DEFAULT_OVERLAP),
  priority: "0",
  deadline: "",
  leaseMinutes: String(DEFAULT_LEASE_SECONDS / 60),
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
  const [policy, setPolicy] = useState<PolicyForm>(DEFAULT_POLICY_FORM);
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
        setPolicy(policyFormFrom(p));
        setSchemaForm(schemaFormFrom(p.schema));
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
      ...policiesFromForm(policy),
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
      if (caught instanceof ApiError) {
        // Field messages in the form's units (percentages, seconds), in the banner and beside each field.
        const restated = restateDetails(caught.details);
        setError(describeError(new ApiError(caught.status, caught.code, caught.message, restated)));
        setDetails(restated);
      } else setError(describeError(caught));
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
          <Field label="Name" details={details} path="name">
            {(control) => (
              <input
                {...control}
                type="text"
                name="name"
                required
                value={settings.name}
                onChange={(e) => set({ name: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Business unit"
            hint="Who asked and who pays; costs roll up here."
            details={details}
            path="businessUnit"
          >
            {(control) => (
              <input
                {...control}
                type="text"
                name="businessUnit"
                value={settings.businessUnit}
                onChange={(e) => set({ businessUnit: e.target.value })}
              />
            )}
          </Field>
          <Field label="Description" details={details} path="description">
            {(control) => (
              <textarea
                {...control}
                name="description"
                rows={2}
                value={settings.description}
                onChange={(e) => set({ description: e.target.value })}
              />
            )}
          </Field>
        </section>

        <section className="card form-section">
          <h2>Delivery</h2>
          <Field label="Priority" hint="Higher goes first." details={details} path="priority">
            {(control) => (
              <input
                {...control}
                type="number"
                name="priority"
                value={settings.priority}
                onChange={(e) => set({ priority: e.target.value })}
              />
            )}
          </Field>
          <div className="inline-fields">
            <Field label="Deadline" details={details} path="deadline">
              {(control) => (
                <input
                  {...control}
                  type="datetime-local"
                  name="deadline"
                  value={settings.deadline}
                  onChange={(e) => set({ deadline: e.target.value })}
                />
              )}
            </Field>
            <Field label="Minutes per task lease" details={details} path="leaseSeconds">
              {(control) => (
                <input
                  {...control}
                  type="number"
                  name="lease"
                  min={1}
                  value={settings.leaseMinutes}
                  onChange={(e) => set({ leaseMinutes: e.target.value })}
                />
              )}
            </Field>
          </div>
          {editing && (
            <Field label="Status" details={details} path="status">
              {(control) => (
                <select {...control} value={settings.status} onChange={(e) => set({ status: e.target.value })}>
                  <option value="active">Active: annotators can work</option>
                  <option value="paused">Paused: hidden from annotators</option>
                  <option value="archived">Archived: read only</option>
                </select>
              )}
            </Field>
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
          <Field
            label="Languages"
            hint="ISO 639 codes; empty means any."
            details={details}
            path="requirements.languages"
          >
            {(control) => (
              <input
                {...control}
                type="text"
                name="languages"
                placeholder="en, de, ja"
                value={settings.languages}
                onChange={(e) => set({ languages: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Minimum skills"
            hint="skill=minimum score (0–100), separated by commas."
            details={details}
            path="requirements.skills"
          >
            {(control) => (
              <input
                {...control}
                type="text"
                name="skills"
                placeholder="moderation=60"
                value={settings.skills}
                onChange={(e) => set({ skills: e.target.value })}
              />
            )}
          </Field>
        </section>

        <QualityControl
          policy={policy}
          onChange={(patch) => setPolicy((p) => ({ ...p, ...patch }))}
          overlap={settings.overlap}
          onOverlap={(overlap) => set({ overlap })}
          overlapFixed={editing}
          details={details}
        />

        <section className="card form-section form-wide">
          <h2>Label schema</h2>
          {editing && project ? (
            <SchemaSummary schema={project.schema} />
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
            <Field label="Markdown" details={details} path="guidelines">
              {(control) => (
                <textarea
                  {...control}
                  name="guidelines"
                  rows={14}
                  value={guidelines}
                  onChange={(e) => setGuidelines(e.target.value)}
                />
              )}
            </Field>
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
          {editing && projectId !== undefined && versions && versions.current > 0 && (
            <GuidelineTranslations projectId={projectId} version={versions.current} />
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

/** The entries of the policy form that hold a typed number. */
type PolicyNumberField = {
  [K in keyof PolicyForm]: PolicyForm[K] extends string ? (string extends PolicyForm[K] ? K : never) : never;
}[keyof PolicyForm];

/** Gold tasks, judgments per task (fixed or dynamic) and the automatic rules on annotators. */
function QualityControl({
  policy,
  onChange,
  overlap,
  onOverlap,
  overlapFixed,
  details,
}: {
  policy: PolicyForm;
  onChange: (patch: Partial<PolicyForm>) => void;
  overlap: string;
  onOverlap: (overlap: string) => void;
  overlapFixed: boolean;
  details: ErrorDetail[];
}) {
  /** One number of a policy: `field` is the form's entry, `path` where the server reports on it. */
  const number = ({
    label,
    field,
    path,
    ...input
  }: {
    label: string;
    field: PolicyNumberField;
    path: string;
    name: string;
    min: number;
    max: number;
    step?: number;
  }) => (
    <Field label={label} details={details} path={path}>
      {(control) => (
        <input
          {...control}
          {...input}
          type="number"
          value={policy[field]}
          onChange={(e) => {
            const patch: Partial<PolicyForm> = {};
            patch[field] = e.target.value;
            onChange(patch);
          }}
        />
      )}
    </Field>
  );
  return (
    <section className="card form-section form-wide" aria-labelledby="quality-control-title">
      <h2 id="quality-control-title">Quality control</h2>
      <div className="policy-grid">
        <fieldset className="policy-group">
          <legend>Gold tasks</legend>
          <div className="inline-fields">
            {number({
              label: "Share of tasks (%)",
              field: "goldSharePercent",
              name: "goldShare",
              path: "goldPolicy.share",
              min: 0,
              max: 50,
              step: 0.5,
            })}
            {number({
              label: "Onboarding tasks",
              field: "goldOnboarding",
              name: "goldOnboarding",
              path: "goldPolicy.onboarding",
              min: 0,
              max: 100,
            })}
          </div>
          <small className="field-hint">
            Imported tasks with a gold answer are mixed in as checks, indistinguishable from the others; a new
            annotator's first tasks are gold. 0 and 0: gold tasks are labeled like any other.
          </small>
        </fieldset>

        <fieldset className="policy-group">
          <legend>Judgments per task</legend>
          <div className="segmented" role="radiogroup" aria-label="Overlap">
            <label>
              <input
                type="radio"
                name="overlapMode"
                value="fixed"
                checked={policy.overlapMode === "fixed"}
                onChange={() => onChange({ overlapMode: "fixed" })}
              />
              Fixed
            </label>
            <label>
              <input
                type="radio"
                name="overlapMode"
                value="dynamic"
                checked={policy.overlapMode === "dynamic"}
                onChange={() => onChange({ overlapMode: "dynamic" })}
              />
              Until confident
            </label>
          </div>
          {policy.overlapMode === "fixed" ? (
            <Field
              label="Judgments per task"
              hint={
                overlapFixed ? 'Fixed once the project exists; switch to "until confident" to adapt it.' : undefined
              }
              details={details}
              path="overlap"
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  name="overlap"
                  min={1}
                  max={50}
                  value={overlap}
                  disabled={overlapFixed}
                  onChange={(e) => onOverlap(e.target.value)}
                />
              )}
            </Field>
          ) : (
            <>
              <div className="inline-fields">
                {number({
                  label: "At least",
                  field: "dynamicMin",
                  name: "dynamicMin",
                  path: "overlapPolicy.min",
                  min: 1,
                  max: 50,
                })}
                {number({
                  label: "At most",
                  field: "dynamicMax",
                  name: "dynamicMax",
                  path: "overlapPolicy.max",
                  min: 1,
                  max: 50,
                })}
                {number({
                  label: "Until (%) sure",
                  field: "dynamicTargetPercent",
                  name: "dynamicTarget",
                  path: "overlapPolicy.target",
                  min: 50,
                  max: 99.99,
                  step: 0.5,
                })}
              </div>
              <small className="field-hint">
                More judgments are asked only while the leading label's posterior is below the target.
              </small>
              <FieldErrors details={details} path="overlapPolicy.mode" />
            </>
          )}
        </fieldset>

        <fieldset className="policy-group">
          <legend>Automatic rules on annotators</legend>
          <div className="inline-fields">
            {number({
              label: "Minimum gold accuracy (%)",
              field: "minAccuracyPercent",
              name: "minAccuracy",
              path: "qualityRules.minAccuracy",
              min: 0,
              max: 100,
            })}
            {number({
              label: "After gold answers",
              field: "minGoldAnswers",
              name: "minGoldAnswers",
              path: "qualityRules.minGoldAnswers",
              min: 1,
              max: 1000,
            })}
          </div>
          <div className="inline-fields">
            {number({
              label: "Too fast under (s)",
              field: "minActiveSeconds",
              name: "minActiveSeconds",
              path: "qualityRules.minActiveMs",
              min: 0,
              max: 600,
              step: 0.5,
            })}
            {number({
              label: "Flag over (%) too fast",
              field: "maxFastSharePercent",
              name: "maxFastShare",
              path: "qualityRules.maxFastShare",
              min: 0,
              max: 100,
            })}
          </div>
          <Field label="Then" details={details} path="qualityRules.action">
            {(control) => (
              <select
                {...control}
                name="ruleAction"
                value={policy.ruleAction}
                onChange={(e) => onChange({ ruleAction: e.target.value as PolicyForm["ruleAction"] })}
              >
                <option value="pause">Pause them on this project</option>
                <option value="retrain">Send them to retraining</option>
                <option value="flag">Flag them for a look</option>
              </select>
            )}
          </Field>
          <small className="field-hint">
            Acts when the whole 95% interval of gold accuracy is below the minimum (0 turns it off). Every action is
            logged on the quality page and can be reversed.
          </small>
        </fieldset>
      </div>
    </section>
  );
}
