import type { LabelSchema, LabelValue } from "@quorum/core";
import type { TaskGoldView } from "@quorum/server";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { ErrorBanner } from "../../components/ui.js";
import { type Draft, draftOfValue, draftValue, moveRankingItem, pickOption } from "../../lib/answer-draft.js";
import { AnswerInput } from "../workspace/answer-input.js";

interface GoldAnswerEditorProps {
  projectId: number;
  taskId: number;
  schema: LabelSchema;
  data: Record<string, unknown>;
  gold: LabelValue | null;
  explanation: string | null;
  /** After a save or a removal: the task is read again. */
  onChanged: () => void;
}

/**
 * A reviewer's "Set gold answer" / "Edit gold answer" on one task: the schema's own answer
 * control and an explanation, saved with `PUT .../gold`; "Remove gold answer" deletes it.
 */
export function GoldAnswerEditor({
  projectId,
  taskId,
  schema,
  data,
  gold,
  explanation,
  onChanged,
}: GoldAnswerEditorProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | undefined>();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const path = `/projects/${projectId}/tasks/${taskId}/gold`;

  const run = async (request: () => Promise<TaskGoldView>) => {
    setBusy(true);
    setError(undefined);
    try {
      await request();
      setDraft(undefined);
      onChanged();
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };
  const save = () => {
    if (!draft) return;
    const result = draftValue(schema, draft, data, t);
    if (!result.ok) return setError(result.message);
    void run(() =>
      api<TaskGoldView>(path, { method: "PUT", body: { value: result.value, explanation: note.trim() || null } }),
    );
  };

  if (!draft)
    return (
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setDraft(draftOfValue(schema, data, gold));
            setNote(explanation ?? "");
            setError(undefined);
          }}
        >
          {gold === null ? t("review.setGold") : t("review.editGold")}
        </button>
        {gold !== null && (
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => void run(() => api<TaskGoldView>(path, { method: "DELETE" }))}
          >
            {t("review.removeGold")}
          </button>
        )}
        {error && <ErrorBanner error={error} />}
      </div>
    );

  return (
    <section className="review-correction" aria-label={t("review.goldAnswer")}>
      <h3>{t("review.goldAnswer")}</h3>
      <p className="muted small">{t("review.goldScoring")}</p>
      <AnswerInput
        schema={schema}
        data={data}
        draft={draft}
        onPick={(i) => setDraft((d) => (d ? pickOption(schema, d, i) : d))}
        onMove={(delta) => setDraft((d) => (d ? moveRankingItem(d, delta) : d))}
        onText={(text) => setDraft({ type: "text", text })}
        textRef={textRef}
      />
      <Field label={t("review.goldExplanation")}>
        {(control) => (
          <textarea {...control} rows={2} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
        )}
      </Field>
      {error && <ErrorBanner error={error} />}
      <div className="row-actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={save}>
          {t("review.saveGold")}
        </button>
        <button type="button" className="btn" onClick={() => setDraft(undefined)}>
          {t("review.cancelGold")}
        </button>
      </div>
    </section>
  );
}
