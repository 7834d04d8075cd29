import type { Translate } from "../i18n/instance.js";
import type { Route } from "./router.js";

const PRODUCT = "Quorum";

/**
 * The browser tab's title: the page's name, then what the page is about (a project, a person, a
 * campaign) when it is about one, then the product, so tabs and history entries tell pages apart.
 */
export function documentTitle(page: string | undefined, subject?: string): string {
  return [page, subject, PRODUCT]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .join(" · ");
}

/** The name of a route's page, in the viewer's language (the console's names stay English, as its pages do). */
export function pageName(route: Route, t: Translate): string | undefined {
  switch (route.name) {
    case "signin":
      return t("signin.title");
    case "home":
      return undefined;
    case "work":
      return t("nav.myProjects");
    case "label":
      return t("pageTitles.labeling");
    case "exam":
      return t("pageTitles.exam");
    case "training":
      return t("pageTitles.training");
    case "earnings":
      return t("earnings.title");
    case "my-scorecard":
      return t("scorecard.title");
    case "wellbeing":
      return t("wellbeing.settingsTitle");
    case "my-support":
      return t("mySupport.title");
    case "account":
      return t("account.title");
    case "join":
      return t("pageTitles.join");
    case "set-password":
      return t("setPassword.title");
    case "console":
      return t("nav.projects");
    case "project-new":
      return t("console.form.new");
    case "project":
      return t("console.pageTitles.project");
    case "project-edit":
      return t("console.form.settings");
    case "project-quality":
      return t("console.quality.title");
    case "reviews":
      return t("reviews.title");
    case "review":
      return t("review.queue");
    case "people":
      return t("console.people.title");
    case "person":
      return t("console.pageTitles.person");
    case "person-scorecard":
      return t("console.scorecard.title");
    case "vendors":
      return t("workforce.vendors");
    case "vendor":
      return t("console.pageTitles.vendor");
    case "team":
      return t("console.pageTitles.team");
    case "exams-console":
      return t("certification.title");
    case "cost":
      return t("console.cost.title");
    case "reports":
      return t("console.reports.title");
    case "intake":
      return t("delivery.intakeTitle");
    case "intake-request":
      return t("delivery.reportTitle");
    case "capacity":
      return t("console.capacity.title");
    case "campaigns":
      return t("console.recruitment.title");
    case "campaign":
      return t("console.pageTitles.campaign");
    case "wellbeing-console":
      return t("wellbeing.consoleTitle");
    case "experiments":
      return t("experiments.title");
    case "experiment-new":
      return t("experiments.newExperiment");
    case "experiment":
      return t("console.pageTitles.experiment");
    case "support":
      return t("support.title");
    case "workspace-settings":
      return t("console.settings.title");
    case "not-found":
      return t("common.pageNotFound");
  }
}
