import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/use-format.js";
import type { PendingJudgment } from "../../lib/local-queue.js";
import { pendingJudgments } from "./stores.js";

/**
 * Answers the server did not accept (the lease expired, or it was refused), kept in this
 * browser until the annotator copies or discards them, so nothing typed disappears silently.
 */
export function KeptAnswers({ projectId }: { projectId?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [items, setItems] = useState<PendingJudgment[]>(() =>
    pendingJudgments
      .list()
      .filter((j) => j.state !== "sending" && (projectId === undefined || j.projectId === projectId)),
  );
  if (items.length === 0) return null;
  const discard = (id: string) => {
    pendingJudgments.remove(id);
    setItems((list) => list.filter((j) => j.id !== id));
  };
  const copy = (j: PendingJudgment) => {
    void navigator.clipboard?.writeText(JSON.stringify({ taskId: j.taskId, value: j.value }));
  };
  return (
    <section className="kept-answers" aria-label={t("kept.title")}>
      <h2>{t("kept.title")}</h2>
      <p className="muted">{t("kept.hint")}</p>
      <ul>
        {items.map((j) => (
          <li key={j.id}>
            <span>
              {t("common.taskNumber", { id: j.taskId })} · {format.dateTime(j.savedAt)} ·{" "}
              <code>{JSON.stringify(j.value)}</code>
              <span className="muted"> — {j.message ?? j.state}</span>
            </span>
            <span className="row-actions">
              <button type="button" className="btn btn-small" onClick={() => copy(j)}>
                {t("kept.copy")}
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => discard(j.id)}>
                {t("kept.discard")}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
