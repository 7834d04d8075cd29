import type { ErrorDetail } from "@quorum/core";
import type { CreatedId } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { parsePracticeLines } from "../../lib/practice-lines.js";

/** A manager builds a training module from a guideline section and a few gold tasks with hints. */
export function TrainingForm({ projectId, sections }: { projectId: number; sections: string[] }) {
  const [title, setTitle] = useState("");
  const [section, setSection] = useState(sections[0] ?? "");
  const [lines, setLines] = useState("");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [message, setMessage] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDetails([]);
    const { items, problems } = parsePracticeLines(lines);
    if (problems.length > 0) {
      setMessage(problems.join("; "));
      return;
    }
    try {
      const { id } = await api<CreatedId>("/training-modules", {
        method: "POST",
        body: { projectId, title, section, items },
      });
      setMessage(`Training module ${id} created with ${items.length} practice tasks.`);
      setTitle("");
      setLines("");
    } catch (caught) {
      setMessage(describeError(caught));
      if (caught instanceof ApiError) setDetails(caught.details);
    }
  };

  if (sections.length === 0)
    return (
      <div className="card">
        <h2>New training module</h2>
        <p className="muted">Training is built from sections of the guidelines: give them Markdown headings first.</p>
      </div>
    );
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label="New training module">
      <h2>New training module</h2>
      <div className="exam-form">
        <Field label="Title" details={details} path="title">
          {(control) => (
            <input
              {...control}
              name="title"
              type="text"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="Guideline section" details={details} path="section">
          {(control) => (
            <select {...control} name="section" value={section} onChange={(e) => setSection(e.target.value)}>
              {sections.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label="Practice tasks"
        details={details}
        path="items"
        hint="one gold task a line: task id, colon, the hint shown after answering"
      >
        {(control) => (
          <textarea
            {...control}
            name="items"
            rows={4}
            value={lines}
            onChange={(e) => setLines(e.target.value)}
            required
          />
        )}
      </Field>
      {message && <p role="status">{message}</p>}
      <button type="submit" className="btn btn-primary">
        Create training module
      </button>
    </form>
  );
}
