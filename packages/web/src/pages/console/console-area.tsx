import { Link, useRouter } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import "../../styles/console.css";
import { PeoplePage } from "./people-page.js";
import { ProjectFormPage } from "./project-form.js";
import { ProjectPage } from "./project-page.js";
import { ProjectsPage } from "./projects-page.js";

const ROLE_NAMES: Record<string, string> = {
  admin: "Admin",
  manager: "Manager",
  reviewer: "Reviewer",
  vendor_lead: "Vendor lead",
  analyst: "Analyst",
};

/** The operations console for staff: projects, one project, people. Loaded as its own chunk. */
export default function ConsoleArea() {
  const { route } = useRouter();
  const { user, signOut } = useSession();
  const onProjects = route.name !== "people";
  const canSeePeople = user.role !== "reviewer";
  return (
    <div className="console">
      <header className="topbar">
        <Link to={{ name: "console" }} className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Quorum
        </Link>
        <nav className="topnav" aria-label="Console">
          <Link to={{ name: "console" }} className="topnav-link" aria-current={onProjects ? "page" : undefined}>
            Projects
          </Link>
          {canSeePeople && (
            <Link to={{ name: "people" }} className="topnav-link" aria-current={onProjects ? undefined : "page"}>
              People
            </Link>
          )}
          <a className="topnav-link" href="/api/docs" target="_blank" rel="noreferrer">
            API
          </a>
        </nav>
        <span className="topbar-spacer" />
        <span className="topbar-user">
          {user.name} · {ROLE_NAMES[user.role] ?? user.role}
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main className="console-main">
        {route.name === "people" ? (
          <PeoplePage />
        ) : route.name === "project-new" ? (
          <ProjectFormPage />
        ) : route.name === "project-edit" ? (
          <ProjectFormPage projectId={route.projectId} />
        ) : route.name === "project" ? (
          <ProjectPage projectId={route.projectId} />
        ) : (
          <ProjectsPage />
        )}
      </main>
    </div>
  );
}
