import { can } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { EmptyState } from "../../components/ui.js";
import { SUPPORT_TABS, type SupportTab } from "../../lib/router.js";
import "../../styles/support.css";
import { AppealsQueue } from "./appeals-queue.js";
import { HotSpots } from "./hot-spots.js";
import { SupportInbox } from "./support-inbox.js";

/**
 * The console's Support section: the inbox of annotators' questions with their first-response
 * SLA, the appeals queue, and where the guidelines are unclear. Vendor leads read their people's
 * threads and appeals; reviewers and managers answer and decide.
 */
export function SupportSection({ tab }: { tab: SupportTab }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const staff = can(user.role, "reviews.work");
  const tabs = staff ? SUPPORT_TABS : SUPPORT_TABS.filter((name) => name !== "hot-spots");
  if (!can(user.role, "projects.read")) return <EmptyState title={t("support.notForRole")} />;
  return (
    <div className="page support-page">
      <div className="page-head">
        <div>
          <h1>{t("support.title")}</h1>
          <p className="muted">{t("support.intro")}</p>
        </div>
      </div>
      <nav className="segmented support-tabs" aria-label={t("support.title")}>
        {tabs.map((name) => (
          <Link
            key={name}
            to={{ name: "support", tab: name }}
            className={name === tab ? "btn-active" : ""}
            aria-current={name === tab ? "page" : undefined}
          >
            {t(`support.tabs.${name}`)}
          </Link>
        ))}
      </nav>
      {tab === "appeals" ? (
        <AppealsQueue staff={staff} />
      ) : tab === "hot-spots" && staff ? (
        <HotSpots />
      ) : (
        <SupportInbox staff={staff} />
      )}
    </div>
  );
}
