import { answersToPass, DEFAULT_EXAM_TEST, type ErrorDetail } from "@quorum/core";
import type { CreatedId } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The form's fields as typed (strings), turned into the request body on submit. */
const INITIAL = {
  name: "",
  skill: "",
  level: "1",
  p0: String(DEFAULT_EXAM_TEST.p0),
  p1: String(DEFAULT_EXAM_TEST.p1),
  alpha: String(DEFAULT_EXAM_TEST.alpha),
  beta: String(DEFAULT_EXAM_TEST.beta),
  maxItems: String(DEFAULT_EXAM_TEST.maxItems),
  retryHours: "24",
  validityDays: "180",
  feedback: false,
};

/** What a flawless candidate needs, for the settings as typed; undefined while they make no test. */
function passPreview(form: typeof INITIAL): number | undefined {
  const test = {
    p0: Number(form.p0),
    p1: Number(form.p1),
    alpha: Number(form.alpha),
    beta: Number(form.beta),
    maxItems: Number(form.maxItems),
  };
  const sound =
    test.p0 > 0 &&
    test.p1 > test.p0 &&
    test.p1 < 1 &&
    test.alpha > 0 &&
    test.alpha < 0.5 &&
    test.beta > 0 &&
    test.beta < 0.5 &&
    Number.isInteger(test.maxItems) &&
    test.maxItems >= 1 &&
    test.maxItems <= 500;
  return sound ? answersToPass(test) : undefined;
}

/** A manager writes an exam for a project: the skill and level it grants and its sequential test. */
export function ExamForm({ projectId, onCreated }: { projectId: number; onCreated: () => void }) {
  const [form, setForm] = useState(INITIAL);
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const set = (key: keyof typeof INITIAL) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setDetails([]);
    try {
      await api<CreatedId>("/exams", {
        method: "POST",
        body: {
          name: form.name,
          skill: form.skill,
          level: Number(form.level),
          projectId,
          p0: Number(form.p0),
          p1: Number(form.p1),
          alpha: Number(form.alpha),
          beta: Number(form.beta),
          maxItems: Number(form.maxItems),
          retryDelayMs: Math.round(Number(form.retryHours) * HOUR),
          validityMs: Math.round(Number(form.validityDays) * DAY),
          feedback: form.feedback,
        },
      });
      setForm(INITIAL);
      onCreated();
    } catch (caught) {
      setError(describeError(caught));
      if (caught instanceof ApiError) setDetails(caught.details);
    } finally {
      setSaving(false);
    }
  };

  const number = (key: keyof typeof INITIAL, label: string, step: string, hint?: string) => (
    <Field label={label} details={details} path={key} {...(hint ? { hint } : {})}>
      {(control) => (
        <input
          {...control}
          name={key}
          type="number"
          step={step}
          value={String(form[key])}
          onChange={set(key)}
          required
        />
      )}
    </Field>
  );
  const preview = passPreview(form);
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label="New exam">
      <h2>New exam</h2>
      <div className="exam-form">
        <Field label="Name" details={details} path="name">
          {(control) => (
            <input {...control} name="name" type="text" value={form.name} onChange={set("name")} required />
          )}
        </Field>
        <Field label="Skill granted" details={details} path="skill" hint="as the project's requirements name it">
          {(control) => (
            <input {...control} name="skill" type="text" value={form.skill} onChange={set("skill")} required />
          )}
        </Field>
        {number("level", "Level", "1")}
        {number("p0", "p0 (should fail)", "0.01")}
        {number("p1", "p1 (should pass)", "0.01")}
        {number("alpha", "α (pass a p0 candidate)", "0.01")}
        {number("beta", "β (fail a p1 candidate)", "0.01")}
        {number("maxItems", "Most items", "1")}
        <Field label="Retry after (hours)" details={details} path="retryDelayMs">
          {(control) => (
            <input
              {...control}
              name="retryHours"
              type="number"
              min="0"
              value={form.retryHours}
              onChange={set("retryHours")}
            />
          )}
        </Field>
        <Field label="Skill valid for (days)" details={details} path="validityMs">
          {(control) => (
            <input
              {...control}
              name="validityDays"
              type="number"
              min="1"
              value={form.validityDays}
              onChange={set("validityDays")}
            />
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            name="feedback"
            checked={form.feedback}
            onChange={(e) => setForm((f) => ({ ...f, feedback: e.target.checked }))}
          />
          Tell right or wrong after each answer
        </label>
      </div>
      <p className="muted">
        {preview === undefined
          ? "Set 0 < p0 < p1 < 1 and α, β below 0.5."
          : `A flawless candidate passes after ${preview} answers; the project needs at least ${preview} gold tasks.`}
      </p>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={saving}>
        Create exam
      </button>
    </form>
  );
}
