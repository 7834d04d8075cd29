import { can } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { Link } from "../../../components/router.js";
import { useSession } from "../../../components/session.js";
import { EmptyState } from "../../../components/ui.js";
import { EXPERIMENT_TABS, type ExperimentTab } from "../../../lib/router.js";
import { ExperimentsList } from "./experiments-list.js";
import { IncentivesPage } from "./incentives-page.js";
import { RoiPage } from "./roi-page.js";

const TAB_LABEL = {
  list: "experiments.tabsList",
  incentives: "experiments.tabsIncentives",
  roi: "experiments.tabsRoi",
} as const;

/** The console's Experiments section: experiments, incentive schemes, dataset versions and ROI. */
export function ExperimentsSection({ tab }: { tab: ExperimentTab }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!can(user.role, "experiments.read")) return <EmptyState title={t("common.pageNotFound")} />;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("experiments.title")}</h1>
          <p className="muted">{t("experiments.intro")}</p>
        </div>
      </div>
      <nav className="cost-tabs segmented" aria-label={t("experiments.sections")}>
        {EXPERIMENT_TABS.map((name) => (
          <Link
            key={name}
            to={{ name: "experiments", tab: name }}
            className={name === tab ? "btn-active" : ""}
            aria-current={name === tab ? "page" : undefined}
          >
            {t(TAB_LABEL[name])}
          </Link>
        ))}
      </nav>
      {tab === "incentives" ? <IncentivesPage /> : tab === "roi" ? <RoiPage /> : <ExperimentsList />}
    </div>
  );
}
