import {
  DEFAULT_LEASE_SECONDS,
  DEFAULT_OVERLAP,
  DEFAULT_REVIEW_LEASE_SECONDS,
  type ErrorDetail,
  HARM_CATEGORIES,
  LANGUAGE_LEVELS,
  type LabelSchema,
  TIERS,
} from "@quorum/core";
import type { GuidelinesResponse, ProjectView } from "@quorum/server";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { useTitleSubject } from "../../components/document-title.js";
import { Field, FieldErrors } from "../../components/field.js";
import { MarkdownView } from "../../components/markdown-view.js";
import { Link, useRouter } from "../../components/router.js";
import { useViewerTimeZone } from "../../components/time-zone-picker.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { i18n } from "../../i18n/instance.js";
import { useFormat } from "../../i18n/use-format.js";
import { choicesFor, formatLabelValue } from "../../lib/choices.js";
import {
  DEFAULT_POLICY_FORM,
  type PolicyForm,
  policiesFromForm,
  policyFormFrom,
  restateDetails,
} from "../../lib/project-policy.js";
import { formatSkills, parseLanguages, parseSkills } from "../../lib/requirements.js";
import { emptySchemaForm, type SchemaForm, schemaFormFrom, schemaFromForm } from "../../lib/schema-builder.js";
import { epochOfWallTime, wallTimeOf, zoneWithOffset } from "../../lib/zoned-time.js";
import { GuidelineTranslations } from "./guideline-translations.js";
import { ReviewSettings } from "./review-settings.js";
import { SchemaBuilder } from "./schema-builder-view.js";

interface Settings {
  name: string;
  businessUnit: string;
  description: string;
  languages: string;
  skills: string;
  /** A CEFR level (or "native"), or "" for any. */
  minLanguageLevel: string;
  /** A tier, or "" for every tier. */
  minTier: string;
  overlap: string;
  priority: string;
  deadline: string;
  leaseMinutes: string;
  reviewLeaseMinutes: string;
  sensitive: boolean;
  /** A harm category, or "" for none. */
  harmCategory: string;
  status: string;
}

const blank: Settings = {
  name: "",
  businessUnit: "",
  description: "",
  languages: "",
  skills: "",
  minLanguageLevel: "",
  minTier: "",
  overlap: String(DEFAULT_OVERLAP),
  priority: "0",
  deadline: "",
  leaseMinutes: String(DEFAULT_LEASE_SECONDS / 60),
  reviewLeaseMinutes: String(DEFAULT_REVIEW_LEASE_SECONDS / 60),
  sensitive: false,
  harmCategory: "",
  status: "active",
};

/** The form's settings for a project, its deadline as a wall time in `timeZone` (the viewer's). */
function settingsFrom(p: ProjectView, timeZone: string): Settings {
  return {
    name: p.name,
    businessUnit: p.businessUnit ?? "",
    description: p.description,
    languages: p.requirements.languages.join(", "),
    skills: formatSkills(p.requirements.skills),
    minLanguageLevel: p.requirements.minLanguageLevel ?? "",
    minTier: p.requirements.minTier ?? "",
    overlap: String(p.overlap),
    priority: String(p.priority),
    deadline: wallTimeOf(p.deadline, timeZone),
    leaseMinutes: String(Math.round(p.leaseSeconds / 60)),
    reviewLeaseMinutes: String(Math.round(p.reviewLeaseSeconds / 60)),
    sensitive: p.sensitive,
    harmCategory: p.harm.category ?? "",
    status: p.status,
  };
}

/** Create a project, or edit one (`projectId`): settings, label schema, guidelines with versions. */
export function ProjectFormPage({ projectId }: { projectId?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { navigate } = useRouter();
  const timeZone = useViewerTimeZone();
  const editing = projectId !== undefined;
  const [project, setProject] = useState<ProjectView | undefined>();
  const [settings, setSettings] = useState<Settings>(blank);
  const [policy, setPolicy] = useState<PolicyForm>(DEFAULT_POLICY_FORM);
  const [schemaForm, setSchemaForm] = useState<SchemaForm>(() => ({
    ...emptySchemaForm("single_choice"),
    options: [
      { value: "", label: i18n.t("console.form.yes"), group: "", exclusive: false },
      { value: "", label: i18n.t("console.form.no"), group: "", exclusive: false },
    ],
  }));
  const [guidelines, setGuidelines] = useState("");
  const [versions, setVersions] = useState<GuidelinesResponse | undefined>();
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  // The zone the deadline field's wall time is in: a zone picked meanwhile re-expresses it there.
  const shownIn = useRef(timeZone);
  useEffect(() => {
    const from = shownIn.current;
    if (from === timeZone) return;
    shownIn.current = timeZone;
    setSettings((s) => ({ ...s, deadline: wallTimeOf(epochOfWallTime(s.deadline, from), timeZone) }));
  }, [timeZone]);

  useEffect(() => {
    if (!editing) return;
    api<ProjectView>(`/projects/${projectId}`)
      .then((p) => {
        setProject(p);
        setSettings(settingsFrom(p, shownIn.current));
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
      setError(t("console.form.needsLook"));
      return;
    }
    const common = {
      name: settings.name,
      description: settings.description,
      businessUnit: settings.businessUnit.trim() || null,
      requirements: {
        languages: parseLanguages(settings.languages),
        skills: skills.skills,
        ...(settings.minLanguageLevel ? { minLanguageLevel: settings.minLanguageLevel } : {}),
        ...(settings.minTier ? { minTier: settings.minTier } : {}),
      },
      priority: Number(settings.priority),
      deadline: epochOfWallTime(settings.deadline, timeZone),
      leaseSeconds: Math.round(Number(settings.leaseMinutes) * 60),
      reviewLeaseSeconds: Math.round(Number(settings.reviewLeaseMinutes) * 60),
      sensitive: settings.sensitive,
      harmCategory: HARM_CATEGORIES.find((c) => c === settings.harmCategory) ?? null,
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
        setNotice(t("console.form.saved"));
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
      setNotice(t("console.form.published", { version: g.current }));
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  useTitleSubject(project?.name);
  if (editing && !project) return error ? <ErrorBanner error={error} /> : <PageLoading />;
  const currentVersion = versions?.versions.find((v) => v.version === versions.current);
  const guidelinesChanged = editing && guidelines.trim() !== "" && guidelines !== (currentVersion?.body ?? "");

  return (
    <form className="page project-form" onSubmit={submit} noValidate>
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={{ name: "console" }}>{t("nav.projects")}</Link>
            {project && (
              <>
                {" / "}
                <Link to={{ name: "project", projectId: project.id }} dir="auto">
                  {project.name}
                </Link>
              </>
            )}
          </div>
          <h1>{editing ? t("console.form.settings") : t("console.form.new")}</h1>
        </div>
        <div className="row-actions">
          {notice && (
            <span className="notice" role="status">
              {notice}
            </span>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {editing ? t("console.form.saveChanges") : t("console.form.create")}
          </button>
        </div>
      </div>
      {error && <ErrorBanner error={error} />}

      <div className="form-grid">
        <section className="card form-section">
          <h2>{t("console.form.about")}</h2>
          <Field label={t("console.people.name")} details={details} path="name">
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
            label={t("console.form.businessUnit")}
            hint={t("console.form.businessUnitHint")}
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
          <Field label={t("console.form.description")} details={details} path="description">
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
          <h2>{t("console.form.delivery")}</h2>
          <Field
            label={t("console.form.priority")}
            hint={t("console.form.priorityHint")}
            details={details}
            path="priority"
          >
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
            <Field
              label={t("console.form.deadline")}
              hint={t("console.form.deadlineZone", {
                zone: zoneWithOffset(timeZone, epochOfWallTime(settings.deadline, timeZone) ?? Date.now()),
              })}
              details={details}
              path="deadline"
            >
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
            <Field label={t("console.form.leaseMinutes")} details={details} path="leaseSeconds">
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
            <Field label={t("console.people.status")} details={details} path="status">
              {(control) => (
                <select {...control} value={settings.status} onChange={(e) => set({ status: e.target.value })}>
                  <option value="active">{t("console.form.statusActive")}</option>
                  <option value="paused">{t("console.form.statusPaused")}</option>
                  <option value="archived">{t("console.form.statusArchived")}</option>
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
            {t("console.form.sensitive")}
          </label>
          <Field label={t("wellbeing.harmCategory")} details={details} path="harmCategory">
            {(control) => (
              <select
                {...control}
                value={settings.harmCategory}
                onChange={(e) => set({ harmCategory: e.target.value, ...(e.target.value ? { sensitive: true } : {}) })}
              >
                <option value="">{t("wellbeing.harmNone")}</option>
                {HARM_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`wellbeing.categories.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>

        <section className="card form-section">
          <h2>{t("console.form.who")}</h2>
          <Field
            label={t("console.people.languages")}
            hint={t("console.form.languagesHint")}
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
            label={t("console.form.skills")}
            hint={t("console.form.skillsHint")}
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
          <Field
            label={t("projectAccess.minLanguageLevel")}
            hint={t("projectAccess.minLanguageLevelHint")}
            details={details}
            path="requirements.minLanguageLevel"
          >
            {(control) => (
              <select
                {...control}
                name="minLanguageLevel"
                value={settings.minLanguageLevel}
                onChange={(e) => set({ minLanguageLevel: e.target.value })}
              >
                <option value="">{t("projectAccess.anyLevel")}</option>
                {LANGUAGE_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {level === "native" ? t("projectAccess.native") : level}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t("projectAccess.minTier")}
            hint={t("projectAccess.minTierHint")}
            details={details}
            path="requirements.minTier"
          >
            {(control) => (
              <select
                {...control}
                name="minTier"
                value={settings.minTier}
                onChange={(e) => set({ minTier: e.target.value })}
              >
                <option value="">{t("projectAccess.everyTier")}</option>
                {TIERS.map((tier) => (
                  <option key={tier} value={tier}>
                    {t(`scorecard.tiers.${tier}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>

        <ReviewSettings
          leaseMinutes={settings.reviewLeaseMinutes}
          onLeaseMinutes={(reviewLeaseMinutes) => set({ reviewLeaseMinutes })}
          policy={policy}
          onChange={(patch) => setPolicy((p) => ({ ...p, ...patch }))}
          details={details}
        />

        <QualityControl
          policy={policy}
          onChange={(patch) => setPolicy((p) => ({ ...p, ...patch }))}
          overlap={settings.overlap}
          onOverlap={(overlap) => set({ overlap })}
          overlapFixed={editing}
          details={details}
        />

        <section className="card form-section form-wide">
          <h2>{t("console.form.schema")}</h2>
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
            <h2>{t("labeling.guidelines")}</h2>
            {versions && <span className="muted">{t("console.form.inForce", { version: versions.current })}</span>}
          </div>
          <div className="guidelines-editor">
            <Field label={t("console.form.markdown")} details={details} path="guidelines">
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
              <div className="field-label">{t("console.form.preview")}</div>
              <MarkdownView source={guidelines || t("console.form.nothingYet")} />
            </div>
          </div>
          {editing && (
            <div className="row-actions">
              <button type="button" className="btn" disabled={!guidelinesChanged} onClick={() => void publish()}>
                {t("console.form.publish", { version: (versions?.current ?? 0) + 1 })}
              </button>
              <span className="muted">{t("console.form.publishHint")}</span>
            </div>
          )}
          {editing && projectId !== undefined && versions && versions.current > 0 && (
            <GuidelineTranslations projectId={projectId} version={versions.current} />
          )}
          {versions && versions.versions.length > 0 && (
            <details className="versions">
              <summary>{t("console.form.versions", { count: versions.versions.length })}</summary>
              <ul>
                {versions.versions.map((v) => (
                  <li key={v.version}>
                    <button type="button" className="link-button" onClick={() => setGuidelines(v.body)}>
                      {t("console.form.version", { version: v.version })}
                    </button>{" "}
                    <span className="muted">{format.dateTime(v.createdAt)}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      </div>
      <div className="form-footer">
        {error && <span className="form-footer-error">Not saved: see the messages above.</span>}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {editing ? "Save changes" : "Create project"}
        </button>
      </div>
    </form>
  );
}

function SchemaSummary({ schema }: { schema: LabelSchema }) {
  const { t } = useTranslation();
  const choices = choicesFor(schema, t);
  return (
    <div>
      <p>
        <strong>{t(`taskTypes.${schema.type}`)}</strong> <span className="muted">{t("console.form.schemaFixed")}</span>
      </p>
      {choices.length > 0 && (
        <ul className="schema-summary">
          {choices.map((c) => (
            <li key={String(c.value)}>
              {formatLabelValue(schema, c.value, t)} <code>{String(c.value)}</code>
              {c.group && <span className="muted"> · {c.group}</span>}
            </li>
          ))}
        </ul>
      )}
      {schema.type === "multi_label" && (
        <p className="muted">{t("console.form.between", { min: schema.minSelected, max: schema.maxSelected })}</p>
      )}
      {schema.type === "ranking" && (
        <p className="muted">{t("console.form.itemsFrom", { field: schema.itemsField })}</p>
      )}
      {schema.type === "free_text" && (
        <p className="muted">{t("console.form.characters", { min: schema.minLength, max: schema.maxLength })}</p>
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
  const { t } = useTranslation();
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
      <h2 id="quality-control-title">{t("console.form.quality")}</h2>
      <div className="policy-grid">
        <fieldset className="policy-group">
          <legend>{t("console.form.goldTasks")}</legend>
          <div className="inline-fields">
            {number({
              label: t("console.form.goldShare"),
              field: "goldSharePercent",
              name: "goldShare",
              path: "goldPolicy.share",
              min: 0,
              max: 50,
              step: 0.5,
            })}
            {number({
              label: t("console.form.onboarding"),
              field: "goldOnboarding",
              name: "goldOnboarding",
              path: "goldPolicy.onboarding",
              min: 0,
              max: 100,
            })}
          </div>
          <small className="field-hint">{t("console.form.goldHint")}</small>
          <label className="checkbox">
            <input
              type="checkbox"
              name="goldFeedbackOnboarding"
              checked={policy.goldFeedbackOnboarding}
              onChange={(e) => onChange({ goldFeedbackOnboarding: e.target.checked })}
            />
            {t("console.form.goldFeedbackOnboarding")}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              name="goldFeedbackHidden"
              checked={policy.goldFeedbackHidden}
              onChange={(e) => onChange({ goldFeedbackHidden: e.target.checked })}
            />
            {t("console.form.goldFeedbackHidden")}
          </label>
          <small className="field-hint">{t("console.form.goldFeedbackHint")}</small>
        </fieldset>

        <fieldset className="policy-group">
          <legend>{t("console.form.perTask")}</legend>
          <div className="segmented" role="radiogroup" aria-label={t("console.form.overlap")}>
            <label>
              <input
                type="radio"
                name="overlapMode"
                value="fixed"
                checked={policy.overlapMode === "fixed"}
                onChange={() => onChange({ overlapMode: "fixed" })}
              />
              {t("console.form.fixed")}
            </label>
            <label>
              <input
                type="radio"
                name="overlapMode"
                value="dynamic"
                checked={policy.overlapMode === "dynamic"}
                onChange={() => onChange({ overlapMode: "dynamic" })}
              />
              {t("console.form.untilConfident")}
            </label>
          </div>
          {policy.overlapMode === "fixed" ? (
            <Field
              label={t("console.form.perTask")}
              hint={overlapFixed ? t("console.form.overlapFixed") : undefined}
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
                  label: t("console.form.atLeast"),
                  field: "dynamicMin",
                  name: "dynamicMin",
                  path: "overlapPolicy.min",
                  min: 1,
                  max: 50,
                })}
                {number({
                  label: t("console.audits.atMost"),
                  field: "dynamicMax",
                  name: "dynamicMax",
                  path: "overlapPolicy.max",
                  min: 1,
                  max: 50,
                })}
                {number({
                  label: t("console.form.untilSure"),
                  field: "dynamicTargetPercent",
                  name: "dynamicTarget",
                  path: "overlapPolicy.target",
                  min: 50,
                  max: 99.99,
                  step: 0.5,
                })}
              </div>
              <small className="field-hint">{t("console.form.dynamicHint")}</small>
              <FieldErrors details={details} path="overlapPolicy.mode" />
            </>
          )}
        </fieldset>

        <fieldset className="policy-group">
          <legend>{t("console.form.rules")}</legend>
          <div className="inline-fields">
            {number({
              label: t("console.form.minAccuracy"),
              field: "minAccuracyPercent",
              name: "minAccuracy",
              path: "qualityRules.minAccuracy",
              min: 0,
              max: 100,
            })}
            {number({
              label: t("console.form.afterGold"),
              field: "minGoldAnswers",
              name: "minGoldAnswers",
              path: "qualityRules.minGoldAnswers",
              min: 1,
              max: 1000,
            })}
          </div>
          <div className="inline-fields">
            {number({
              label: t("console.form.tooFast"),
              field: "minActiveSeconds",
              name: "minActiveSeconds",
              path: "qualityRules.minActiveMs",
              min: 0,
              max: 600,
              step: 0.5,
            })}
            {number({
              label: t("console.form.fastShare"),
              field: "maxFastSharePercent",
              name: "maxFastShare",
              path: "qualityRules.maxFastShare",
              min: 0,
              max: 100,
            })}
          </div>
          <Field label={t("console.form.ruleThen")} details={details} path="qualityRules.action">
            {(control) => (
              <select
                {...control}
                name="ruleAction"
                value={policy.ruleAction}
                onChange={(e) => onChange({ ruleAction: e.target.value as PolicyForm["ruleAction"] })}
              >
                <option value="pause">{t("console.form.rulePause")}</option>
                <option value="retrain">{t("console.form.ruleRetrain")}</option>
                <option value="flag">{t("console.form.ruleFlag")}</option>
              </select>
            )}
          </Field>
          <small className="field-hint">{t("console.form.rulesHint")}</small>
        </fieldset>
      </div>
    </section>
  );
}
