import { lazy, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { Link, useRouter } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { TopNav } from "../../components/top-nav.js";
import { LanguageSwitcher } from "../../i18n/language-switcher.js";
import { accountRoute } from "../../lib/router.js";
import "../../styles/workspace.css";
import { AccountPage } from "../account/account-page.js";
import { ExamPage } from "./exam-page.js";
import { WorkspaceHome } from "./home.js";
import { LabelingPage } from "./labeling-page.js";

const EarningsPage = lazy(() => import("./earnings-page.js"));
const MyScorecardPage = lazy(() => import("./my-scorecard-page.js"));
const WellbeingPage = lazy(() => import("./wellbeing-page.js"));
const MySupport = lazy(() => import("../support/my-support.js"));

import { browserHeartbeat, startPresenceHeartbeat } from "../../lib/presence-heartbeat.js";
import { TrainingPage } from "./training-page.js";

/** The annotator's side of the app: their projects and the labeling view. */
export function WorkspaceArea() {
  const { t } = useTranslation();
  const { route } = useRouter();
  const { user, signOut } = useSession();
  // Presence for utilisation: every minute the workspace is visible, on every workspace page.
  useEffect(() => startPresenceHeartbeat(browserHeartbeat(() => api("/presence", { method: "POST" }))), []);
  // Keyed: "next task anywhere" moves from one project's page to another's.
  if (route.name === "label") return <LabelingPage key={route.projectId} projectId={route.projectId} />;
  if (route.name === "exam") return <ExamPage key={route.examId} examId={route.examId} />;
  if (route.name === "training") return <TrainingPage key={route.moduleId} moduleId={route.moduleId} />;
  return (
    <div className="workspace">
      <header className="topbar">
        <Link to={{ name: "work" }} className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Quorum
        </Link>
        <TopNav label={t("nav.workspace")} current={route.name}>
          <Link to={{ name: "work" }} className="topnav-link" aria-current={route.name === "work" ? "page" : undefined}>
            {t("nav.myProjects")}
          </Link>
          <Link
            to={{ name: "earnings" }}
            className="topnav-link"
            aria-current={route.name === "earnings" ? "page" : undefined}
          >
            {t("nav.earnings")}
          </Link>
          <Link
            to={{ name: "my-scorecard" }}
            className="topnav-link"
            aria-current={route.name === "my-scorecard" ? "page" : undefined}
          >
            {t("nav.scorecard")}
          </Link>
          <Link
            to={{ name: "wellbeing" }}
            className="topnav-link"
            aria-current={route.name === "wellbeing" ? "page" : undefined}
          >
            {t("wellbeing.nav")}
          </Link>
          <Link
            to={{ name: "my-support" }}
            className="topnav-link"
            aria-current={route.name === "my-support" ? "page" : undefined}
          >
            {t("nav.support")}
          </Link>
        </TopNav>
        <LanguageSwitcher userId={user.id} />
        <Link
          to={accountRoute(user.role)}
          className="topbar-user"
          title={t("account.title")}
          aria-current={route.name === "account" ? "page" : undefined}
        >
          {user.name}
        </Link>
        <button type="button" className="btn btn-ghost btn-small" onClick={signOut}>
          {t("common.signOut")}
        </button>
      </header>
      {route.name === "earnings" ? (
        <Suspense fallback={null}>
          <EarningsPage />
        </Suspense>
      ) : route.name === "my-scorecard" ? (
        <Suspense fallback={null}>
          <MyScorecardPage />
        </Suspense>
      ) : route.name === "wellbeing" ? (
        <Suspense fallback={null}>
          <WellbeingPage />
        </Suspense>
      ) : route.name === "my-support" ? (
        <Suspense fallback={null}>
          <MySupport />
        </Suspense>
      ) : route.name === "account" ? (
        <main className="account-main">
          <AccountPage />
        </main>
      ) : (
        <WorkspaceHome />
      )}
    </div>
  );
}
