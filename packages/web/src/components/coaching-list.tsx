import type { CoachingView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/use-format.js";

const shown = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** Missed gold answers by project and label, and the notes managers wrote: for the person and their managers. */
export function CoachingList({ coaching, own }: { coaching: CoachingView; own?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="coaching" data-testid="coaching">
      {own && <h3>{t("scorecard.notes")}</h3>}
      {coaching.notes.length === 0 ? (
        <p className="muted">{t("scorecard.noNotes")}</p>
      ) : (
        <ul className="coaching-notes">
          {coaching.notes.map((note) => (
            <li key={note.id}>
              <p>{note.body}</p>
              <span className="cell-sub">
                {note.authorName} · {format.dateTime(note.createdAt)}
                {note.label ? ` · ${note.label}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t("scorecard.missed")}</h3>
      {own && <p className="muted">{t("scorecard.missedHint")}</p>}
      {coaching.groups.map((group) => (
        <section key={`${group.projectId} ${group.label}`} className="coaching-group">
          <h4>
            {group.projectName} · {group.label} ({format.number(group.items.length)})
          </h4>
          {group.section && <p className="cell-sub">{t("scorecard.section", { section: group.section })}</p>}
          <ul>
            {group.items.map((item) => (
              <li key={item.taskId}>
                <span>
                  {t("scorecard.yourAnswer")}: <strong>{shown(item.answer)}</strong>
                </span>{" "}
                ·{" "}
                <span>
                  {t("scorecard.goldAnswer")}: <strong>{shown(item.gold)}</strong>
                </span>
                {item.explanation && <p className="cell-sub">{item.explanation}</p>}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {coaching.withheld > 0 && <p className="muted">{t("scorecard.withheld", { count: coaching.withheld })}</p>}
    </div>
  );
}
