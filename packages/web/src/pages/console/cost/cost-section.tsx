import { useTranslation } from "react-i18next";
import { Link } from "../../../components/router.js";
import { useSession } from "../../../components/session.js";
import { EmptyState } from "../../../components/ui.js";
import { costAccess } from "../../../lib/cost-access.js";
import type { CostTab } from "../../../lib/router.js";
import "../../../styles/cost.css";
import { AllocationPage } from "./allocation-page.js";
import { BudgetsPage } from "./budgets-page.js";
import { CostSummaryPage } from "./cost-summary-page.js";
import { RateCardsPage } from "./rate-cards-page.js";
import { SavingsPage } from "./savings-page.js";

const ANALYSIS_TABS: readonly CostTab[] = ["budgets", "allocation", "savings"];

/** The console's Cost section: its tabs, each shown only to the roles whose API calls it makes are allowed. */
export function CostSection({ tab }: { tab: CostTab }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const access = costAccess(user.role);
  const tabs: CostTab[] = ["summary", ...(access.analysis ? ANALYSIS_TABS : []), "rates"];
  if (!access.summary) return <EmptyState title={t("console.cost.notForRole")} />;
  return (
    <div className="page cost-page">
      <div className="page-head">
        <div>
          <h1>{t("console.cost.title")}</h1>
          <p className="muted">
            {/* The API keeps a vendor lead to their whole vendor's people, every team of it. */}
            {user.role === "vendor_lead"
              ? t("console.cost.vendorIntro", { vendor: user.vendor ?? "" })
              : t("console.cost.intro")}
          </p>
        </div>
      </div>
      <nav className="cost-tabs segmented" aria-label={t("console.cost.sections")}>
        {tabs.map((name) => (
          <Link
            key={name}
            to={{ name: "cost", tab: name }}
            className={name === tab ? "btn-active" : ""}
            aria-current={name === tab ? "page" : undefined}
          >
            {t(`console.cost.tabs.${name}`)}
          </Link>
        ))}
      </nav>
      {!tabs.includes(tab) ? (
        <EmptyState title={t("console.cost.notForRole")} />
      ) : tab === "budgets" ? (
        <BudgetsPage />
      ) : tab === "allocation" ? (
        <AllocationPage />
      ) : tab === "rates" ? (
        <RateCardsPage />
      ) : tab === "savings" ? (
        <SavingsPage />
      ) : (
        <CostSummaryPage />
      )}
    </div>
  );
}
