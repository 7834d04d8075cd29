import type { StaffProjectList, UserRoleCounts } from "@quorum/server";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "../../components/router.js";
import { useApi } from "./use-api.js";

/**
 * A new workspace's first steps on the manager's projects page, each ticked from the workspace's
 * own data (a project, its tasks, an annotator, a reviewer: people counted by role on the server,
 * not listed); gone once every step is done.
 */
export function GettingStarted({ projects }: { projects: StaffProjectList["projects"] }) {
  const { t } = useTranslation();
  const people = useApi<UserRoleCounts>("/users/role-counts");
  if (!people.data) return null;
  const { counts } = people.data;
  const first = projects[0];
  const steps: { key: string; done: boolean; text: string; action: ReactNode }[] = [
    {
      key: "project",
      done: first !== undefined,
      text: t("console.gettingStarted.project"),
      action: <Link to={{ name: "project-new" }}>{t("console.gettingStarted.projectAction")}</Link>,
    },
    {
      key: "tasks",
      done: projects.some((p) => p.tasks.total > 0),
      text: t("console.gettingStarted.tasks"),
      action: first ? (
        <Link to={{ name: "project", projectId: first.id }}>
          {t("console.gettingStarted.tasksAction", { project: first.name })}
        </Link>
      ) : (
        <span className="muted">{t("console.gettingStarted.tasksAfterProject")}</span>
      ),
    },
    {
      key: "annotators",
      done: counts.annotator > 0,
      text: t("console.gettingStarted.annotators"),
      action: <Link to={{ name: "people" }}>{t("console.gettingStarted.annotatorsAction")}</Link>,
    },
    {
      key: "reviewer",
      done: counts.reviewer > 0,
      text: t("console.gettingStarted.reviewer"),
      action: <Link to={{ name: "people" }}>{t("console.gettingStarted.reviewerAction")}</Link>,
    },
  ];
  if (steps.every((step) => step.done)) return null;
  return (
    <section className="card getting-started" aria-labelledby="getting-started-title">
      <h2 id="getting-started-title">{t("console.gettingStarted.title")}</h2>
      <p className="muted">{t("console.gettingStarted.intro")}</p>
      <ol className="getting-started-steps">
        {steps.map((step) => (
          <li key={step.key} className="getting-started-step" data-done={step.done}>
            <span className="getting-started-mark" aria-hidden="true">
              {step.done ? "✓" : ""}
            </span>
            <span className="visually-hidden">
              {step.done ? t("console.gettingStarted.done") : t("console.gettingStarted.toDo")}
            </span>
            <span>{step.text}</span>
            {!step.done && step.action}
          </li>
        ))}
      </ol>
    </section>
  );
}
