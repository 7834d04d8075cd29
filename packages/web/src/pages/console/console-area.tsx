import { can, type Permission } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { Link, useRouter } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { TimeZonePicker } from "../../components/time-zone-picker.js";
import { TopNav } from "../../components/top-nav.js";
import { EmptyState } from "../../components/ui.js";
import { LanguageSwitcher } from "../../i18n/language-switcher.js";
import { accountRoute, homeFor, type Route } from "../../lib/router.js";
import "../../styles/console.css";
import { AccountPage } from "../account/account-page.js";
import { SupportSection } from "../support/support-section.js";
import { CapacityPage } from "./capacity-page.js";
import { CostSection } from "./cost/cost-section.js";
import { ExamsPage } from "./exams-page.js";
import { ExperimentForm } from "./experiments/experiment-form.js";
import { ExperimentPage } from "./experiments/experiment-page.js";
import { ExperimentsSection } from "./experiments/experiments-section.js";
import { IntakePage } from "./intake-page.js";
import { IntakeReportPage } from "./intake-report-page.js";
import { LiveAlerts } from "./live-alerts.js";
import { PeoplePage } from "./people-page.js";
import { PersonPage } from "./person-page.js";
import { ProjectFormPage } from "./project-form.js";
import { ProjectPage } from "./project-page.js";
import { ProjectsPage } from "./projects-page.js";
import { QualityPage } from "./quality-page.js";
import { CampaignPage } from "./recruitment/campaign-page.js";
import { CampaignsPage } from "./recruitment/campaigns-page.js";
import { ReportsPage } from "./reports-page.js";
import { ReviewPage } from "./review-page.js";
import { ReviewsPage } from "./reviews-page.js";
import { ScorecardPanel } from "./scorecard-panel.js";
import { TeamPage } from "./team-page.js";
import { VendorPage } from "./vendor-page.js";
import { VendorsPage } from "./vendors-page.js";
import { WellbeingConsolePage } from "./wellbeing-page.js";
import { WorkspaceSettingsPage } from "./workspace-settings-page.js";

type Section =
  | "projects"
  | "reviews"
  | "people"
  | "vendors"
  | "recruitment"
  | "exams"
  | "cost"
  | "capacity"
  | "wellbeing"
  | "reports"
  | "experiments"
  | "support"
  | "intake"
  | "settings";

/**
 * What a role needs to see a section (one of them, where several): its link in the top bar, and
 * its pages (else a notice, not a spinner).
 */
const SECTION_NEEDS: Record<Section, Permission | readonly Permission[]> = {
  projects: "projects.read",
  reviews: "reviews.work",
  people: "users.read",
  vendors: "users.read",
  recruitment: "users.read",
  wellbeing: "users.read",
  support: "projects.read",
  exams: "projects.read",
  capacity: "capacity.read",
  intake: "projects.manage",
  cost: "cost.read",
  // Metric downloads need metrics.read; finance has only its own scheduled reports there.
  reports: ["metrics.read", "reports.schedule"],
  experiments: "experiments.read",
  settings: "workspace.manage",
};

/** Pages that only change things, which a role able to read their section may still not do. */
const PAGE_NEEDS: Partial<Record<Route["name"], Permission>> = {
  "project-new": "projects.manage",
  "project-edit": "projects.manage",
  "experiment-new": "experiments.manage",
};

function sectionOf(route: Route): Section {
  if (route.name === "people" || route.name === "person" || route.name === "person-scorecard") return "people";
  if (route.name === "capacity") return "capacity";
  if (route.name === "campaigns" || route.name === "campaign") return "recruitment";
  if (route.name === "vendors" || route.name === "vendor" || route.name === "team") return "vendors";
  if (route.name === "exams-console") return "exams";
  if (route.name === "wellbeing-console") return "wellbeing";
  if (route.name === "cost") return "cost";
  if (route.name === "reports") return "reports";
  if (route.name === "experiments" || route.name === "experiment" || route.name === "experiment-new")
    return "experiments";
  if (route.name === "support") return "support";
  if (route.name === "intake" || route.name === "intake-request") return "intake";
  if (route.name === "reviews" || route.name === "review") return "reviews";
  if (route.name === "workspace-settings") return "settings";
  return "projects";
}

function Page({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.name) {
    case "people":
      return <PeoplePage />;
    case "person-scorecard":
      return (
        <>
          <p className="crumbs">
            <Link to={{ name: "people" }}>{t("console.scorecard.back")}</Link>
          </p>
          <ScorecardPanel key={route.userId} userId={route.userId} />
        </>
      );
    case "capacity":
      return <CapacityPage />;
    case "person":
      return <PersonPage key={route.personId} personId={route.personId} />;
    case "vendors":
      return <VendorsPage />;
    case "vendor":
      return <VendorPage key={route.vendorId} vendorId={route.vendorId} />;
    case "team":
      return <TeamPage key={route.teamId} teamId={route.teamId} />;
    case "exams-console":
      return <ExamsPage />;
    case "campaigns":
      return <CampaignsPage />;
    case "campaign":
      return <CampaignPage campaignId={route.campaignId} />;
    case "wellbeing-console":
      return <WellbeingConsolePage />;
    case "cost":
      return <CostSection tab={route.tab} />;
    case "reports":
      return <ReportsPage />;
    case "experiments":
      return <ExperimentsSection tab={route.tab} />;
    case "experiment-new":
      return <ExperimentForm />;
    case "experiment":
      return <ExperimentPage key={route.experimentId} experimentId={route.experimentId} />;
    case "support":
      return <SupportSection tab={route.tab} />;
    case "intake":
      return <IntakePage />;
    case "intake-request":
      return <IntakeReportPage key={route.requestId} requestId={route.requestId} />;
    case "project-new":
      return <ProjectFormPage />;
    case "project-edit":
      return <ProjectFormPage projectId={route.projectId} />;
    case "project":
      return <ProjectPage projectId={route.projectId} />;
    case "project-quality":
      return <QualityPage projectId={route.projectId} />;
    case "reviews":
      return <ReviewsPage />;
    case "review":
      return <ReviewPage key={route.projectId} projectId={route.projectId} />;
    case "workspace-settings":
      return <WorkspaceSettingsPage />;
    default:
      return <ProjectsPage />;
  }
}

/** A page opened by its address that the role has no link to: said at once, with the way back. */
function NotForRole({ home }: { home: Route }) {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <EmptyState title={t("console.notForRole.title")}>
      <p>{t("console.notForRole.body", { role: t(`roles.${user.role}`) })}</p>
      <Link to={home} className="btn">
        {t("console.notForRole.home")}
      </Link>
    </EmptyState>
  );
}

/** The operations console for staff: projects, reviews, people. Loaded as its own chunk. */
export default function ConsoleArea() {
  const { t } = useTranslation();
  const { route } = useRouter();
  const { user, signOut } = useSession();
  const section = sectionOf(route);
  const allowed = (s: Section) => [SECTION_NEEDS[s]].flat().some((need) => can(user.role, need));
  const pageNeeds = PAGE_NEEDS[route.name];
  const pageAllowed = pageNeeds === undefined || can(user.role, pageNeeds);
  const home = homeFor(user.role);
  // "Your account" belongs to no section: every role has it, from the name in the top bar.
  const current = (s: Section) => (section === s && route.name !== "account" ? "page" : undefined);
  const reviews = allowed("reviews") && (
    <Link key="reviews" to={{ name: "reviews" }} className="topnav-link" aria-current={current("reviews")}>
      {t("nav.reviews")}
    </Link>
  );
  const projects = allowed("projects") && (
    <Link key="projects" to={{ name: "console" }} className="topnav-link" aria-current={current("projects")}>
      {t("nav.projects")}
    </Link>
  );
  return (
    <div className="console">
      <header className="topbar">
        <Link to={home} className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Quorum
        </Link>
        <TopNav label={t("nav.console")} current={section}>
          {/* Whoever starts at the review queue sees it first. */}
          {home.name === "reviews" ? [reviews, projects] : [projects, reviews]}
          {allowed("people") && (
            <Link to={{ name: "people" }} className="topnav-link" aria-current={current("people")}>
              {t("nav.people")}
            </Link>
          )}
          {allowed("vendors") && (
            <Link to={{ name: "vendors" }} className="topnav-link" aria-current={current("vendors")}>
              {t("nav.vendors")}
            </Link>
          )}
          {allowed("recruitment") && (
            <Link to={{ name: "campaigns" }} className="topnav-link" aria-current={current("recruitment")}>
              {t("nav.recruitment")}
            </Link>
          )}
          {allowed("support") && (
            <Link to={{ name: "support", tab: "inbox" }} className="topnav-link" aria-current={current("support")}>
              {t("nav.support")}
            </Link>
          )}
          {allowed("exams") && (
            <Link to={{ name: "exams-console" }} className="topnav-link" aria-current={current("exams")}>
              {t("nav.exams")}
            </Link>
          )}
          {allowed("capacity") && (
            <Link to={{ name: "capacity" }} className="topnav-link" aria-current={current("capacity")}>
              {t("nav.capacity")}
            </Link>
          )}
          {allowed("wellbeing") && (
            <Link to={{ name: "wellbeing-console" }} className="topnav-link" aria-current={current("wellbeing")}>
              {t("wellbeing.nav")}
            </Link>
          )}
          {allowed("intake") && (
            <Link to={{ name: "intake" }} className="topnav-link" aria-current={current("intake")}>
              {t("nav.intake")}
            </Link>
          )}
          {allowed("cost") && (
            <Link to={{ name: "cost", tab: "summary" }} className="topnav-link" aria-current={current("cost")}>
              {t("nav.cost")}
            </Link>
          )}
          {allowed("reports") && (
            <Link to={{ name: "reports" }} className="topnav-link" aria-current={current("reports")}>
              {t("nav.reports")}
            </Link>
          )}
          {allowed("experiments") && (
            <Link
              to={{ name: "experiments", tab: "list" }}
              className="topnav-link"
              aria-current={current("experiments")}
            >
              {t("experiments.nav")}
            </Link>
          )}
          {allowed("settings") && (
            <Link to={{ name: "workspace-settings" }} className="topnav-link" aria-current={current("settings")}>
              {t("nav.settings")}
            </Link>
          )}
          <a className="topnav-link" href="/api/docs" target="_blank" rel="noreferrer">
            {t("nav.api")}
          </a>
        </TopNav>
        <TimeZonePicker />
        <LanguageSwitcher userId={user.id} />
        <Link
          to={accountRoute(user.role)}
          className="topbar-user"
          title={`${t("account.title")}: ${user.name} · ${t(`roles.${user.role}`)}`}
          aria-current={route.name === "account" ? "page" : undefined}
        >
          {user.name} · {t(`roles.${user.role}`)}
        </Link>
        <button type="button" className="btn btn-ghost btn-small" onClick={signOut}>
          {t("common.signOut")}
        </button>
      </header>
      <main className="console-main">
        {can(user.role, "alerts.read") && <LiveAlerts />}
        {route.name === "account" ? (
          <AccountPage />
        ) : allowed(section) && pageAllowed ? (
          <Page route={route} />
        ) : (
          <NotForRole home={home} />
        )}
      </main>
    </div>
  );
}
