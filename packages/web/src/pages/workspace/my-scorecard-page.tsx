import type { CoachingView, ScorecardView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { CoachingList } from "../../components/coaching-list.js";
import { ScorecardFigures, ScorecardWeeks } from "../../components/scorecard-figures.js";
import { useSession } from "../../components/session.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { useApi } from "../console/use-api.js";
import { useProjectSchemas } from "../console/use-project-schemas.js";

/** The annotator's own scorecard: their figures only, gold only where their projects give feedback on it. */
export default function MyScorecardPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const card = useApi<ScorecardView>(`/users/${user.id}/scorecard?weeks=12`);
  const coaching = useApi<CoachingView>(`/users/${user.id}/coaching`);
  const schemas = useProjectSchemas();
  return (
    <main className="earnings-page scorecard-page">
      <h1>{t("scorecard.title")}</h1>
      {card.error && <ErrorBanner error={card.error} onRetry={card.reload} />}
      {!card.data ? (
        <PageLoading />
      ) : (
        <>
          <p className="muted">{t("scorecard.intro", { zone: card.data.person.timeZone })}</p>
          <ScorecardFigures card={card.data} goldHidden />
          <h2>{t("scorecard.byWeek")}</h2>
          {card.data.weeks.length === 0 ? (
            <p className="muted">{t("scorecard.nothing")}</p>
          ) : (
            <ScorecardWeeks weeks={card.data.weeks} />
          )}
        </>
      )}
      <h2>{t("scorecard.coaching")}</h2>
      {coaching.error && <ErrorBanner error={coaching.error} onRetry={coaching.reload} />}
      {coaching.data ? <CoachingList coaching={coaching.data} own schemas={schemas} /> : <PageLoading />}
    </main>
  );
}
