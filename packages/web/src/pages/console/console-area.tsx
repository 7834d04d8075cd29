import { can } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { Link, useRouter } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { LanguageSwitcher } from "../../i18n/language-switcher.js";
import { homeFor, type Route } from "../../lib/router.js";
import "../../styles/console.css";
import { CostSection } from "./cost/cost-section.js";
import { ExamsPage } from "./exams-page.js";
import { IntakePage } from "./intake-page.js";
import { IntakeReportPage } from "./intake-report-page.js";
import { LiveAlerts } from "./live-alerts.js";
import { PeoplePage } from "./people-page.js";
import { ProjectFormPage } from "./project-form.js";
import { ProjectPage } from "./project-page.js";
import { ProjectsPage } from "./projects-page.js";
import { QualityPage } from "./quality-page.js";
import { ReviewPage } from "./review-page.js";
import { ReviewsPage } from "./reviews-page.js";

type Section = "projects" | "reviews" | "people" | "exams" | "cost" | "intake";

function sectionOf(route: Route): Section {
  if (route.name === "people") return "people";
  if (route.name === "exams-console") return "exams";
  if (route.name === "cost") return "cost";
  if (route.name === "intake" || route.name === "intake-request") return "intake";
  if (route.name === "reviews" || route.name === "review") return "reviews";
  return "projects";
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case "people":
      return <PeoplePage />;
    case "exams-console":
      return <ExamsPage />;
    case "cost":
      return <CostSection tab={route.tab} />;
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
    default:
      return <ProjectsPage />;
  }
}

/** The operations console for staff: projects, reviews, people. Loaded as its own chunk. */
export default function ConsoleArea() {
  const { t } = useTranslation();
  const { route } = useRouter();
  const { user, signOut } = useSession();
  const section = sectionOf(route);
  const canReview = can(user.role, "reviews.work");
  const canSeePeople = can(user.role, "users.read");
  const home = homeFor(user.role);
  const current = (s: Section) => (section === s ? "page" : undefined);
  const reviews = canReview && (
    <Link key="reviews" to={{ name: "reviews" }} className="topnav-link" aria-current={current("reviews")}>
      {t("nav.reviews")}
    </Link>
  );
  const projects = can(user.role, "projects.read") && (
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
        <nav className="topnav" aria-label={t("nav.console")}>
          {/* Whoever starts at the review queue sees it first. */}
          {home.name === "reviews" ? [reviews, projects] : [projects, reviews]}
          {canSeePeople && (
            <Link to={{ name: "people" }} className="topnav-link" aria-current={current("people")}>
              {t("nav.people")}
            </Link>
          )}
          {can(user.role, "projects.read") && (
            <Link to={{ name: "exams-console" }} className="topnav-link" aria-current={current("exams")}>
              Exams
            </Link>
          )}
          {can(user.role, "projects.manage") && (
            <Link to={{ name: "intake" }} className="topnav-link" aria-current={current("intake")}>
              {t("nav.intake")}
            </Link>
          )}
          {can(user.role, "cost.read") && (
            <Link to={{ name: "cost", tab: "summary" }} className="topnav-link" aria-current={current("cost")}>
              {t("nav.cost")}
            </Link>
          )}
          <a className="topnav-link" href="/api/docs" target="_blank" rel="noreferrer">
            {t("nav.api")}
          </a>
        </nav>
        <span className="topbar-spacer" />
        <LanguageSwitcher userId={user.id} />
        <span className="topbar-user">
          {user.name} · {t(`roles.${user.role}`)}
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={signOut}>
          {t("common.signOut")}
        </button>
      </header>
      <main className="console-main">
        {can(user.role, "alerts.read") && <LiveAlerts />}
        <Page route={route} />
      </main>
    </div>
  );
}
