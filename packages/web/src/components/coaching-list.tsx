import type { CoachingView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useFormat } from "../i18n/use-format.js";
import { formatAnswer, formatAnswerKey } from "../lib/choices.js";
import type { ProjectSchemas } from "../pages/console/use-project-schemas.js";

/**
 * Missed gold answers by project and label, and the notes managers wrote: for the person (`own`,
 * spoken to as "you") and their managers and leads (spoken of as "they"). Answers are named as on the answer pad where the project's schema is in `schemas`
 * (the projects the viewer can list); elsewhere as stored.
 */
export function CoachingList({
  coaching,
  own,
  schemas,
}: {
  coaching: CoachingView;
  own?: boolean;
  schemas?: ProjectSchemas;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const answer = (projectId: number, value: unknown) =>
    formatAnswer(schemas?.byProject.get(projectId), value, t, schemas?.pending);
  const label = (projectId: number, key: string) =>
    formatAnswerKey(schemas?.byProject.get(projectId), key, t, schemas?.pending);
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
                {note.label ? ` · ${note.projectId === null ? note.label : label(note.projectId, note.label)}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t(own ? "scorecard.missed" : "scorecard.missedByThem")}</h3>
      {own && <p className="muted">{t("scorecard.missedHint")}</p>}
      {coaching.groups.map((group) => (
        <section key={`${group.projectId} ${group.label}`} className="coaching-group">
          <h4>
            <bdi>{group.projectName}</bdi> · {label(group.projectId, group.label)} ({format.number(group.items.length)})
          </h4>
          {group.section && <p className="cell-sub">{t("scorecard.section", { section: group.section })}</p>}
          <ul>
            {group.items.map((item) => (
              <li key={item.taskId}>
                <span>
                  {t(own ? "scorecard.yourAnswer" : "scorecard.theirAnswer")}:{" "}
                  <strong>{answer(group.projectId, item.answer)}</strong>
                </span>{" "}
                ·{" "}
                <span>
                  {t("scorecard.goldAnswer")}: <strong>{answer(group.projectId, item.gold)}</strong>
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
