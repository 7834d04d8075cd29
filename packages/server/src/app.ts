import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { ServerResponse } from "node:http";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { invalidInput, notFound } from "@quorum/core";
import { type Context, Hono } from "hono";
import { AdmissionGate, admissionControl, eventLoopLag } from "./admission.js";
import { apiDocsRoutes } from "./api-docs.js";
import { identify, requireOwnPassword } from "./auth/middleware.js";
import { createOidcClient } from "./auth/oidc-client.js";
import { trustedProxiesOf } from "./auth/request-address.js";
import type { AppDeps, AppEnv } from "./context.js";
import { handleError } from "./errors.js";
import { WEBHOOK_EVENT_DOCS } from "./monitoring/event-docs.js";
import { openApiDocument, type RouteDoc } from "./openapi.js";
import { appealDocs, appealRoutes } from "./routes/appeals.js";
import { assignmentDocs, assignmentRoutes } from "./routes/assignments.js";
import { auditLogDocs, auditLogRoutes } from "./routes/audit-log.js";
import { authDocs, authRoutes } from "./routes/auth.js";
import { batchDocs, batchRoutes } from "./routes/batches.js";
import { campaignSignUpDocs, campaignSignUpRoutes } from "./routes/campaign-sign-up.js";
import { campaignDocs, campaignRoutes } from "./routes/campaigns.js";
import { capacityDocs, capacityRoutes } from "./routes/capacity.js";
import { certificationDocs, certificationRoutes } from "./routes/certification.js";
import { costDocs, costRoutes } from "./routes/cost.js";
import { costAnalysisDocs, costAnalysisRoutes } from "./routes/cost-analysis-routes.js";
import { budgetBurnDocs, budgetBurnRoutes } from "./routes/cost-budget-burn.js";
import { examAttemptDocs, examAttemptRoutes } from "./routes/exam-attempts.js";
import { examDocs, examRoutes } from "./routes/exams.js";
import { experimentDocs, experimentRoutes } from "./routes/experiments.js";
import { exportDocs, exportRoutes } from "./routes/exports.js";
import { forecastDocs, forecastRoutes } from "./routes/forecast.js";
import { guidelineTranslationDocs, guidelineTranslationRoutes } from "./routes/guideline-translations.js";
import { importDocs, importRoutes } from "./routes/imports.js";
import { incentiveDocs, incentiveRoutes } from "./routes/incentives.js";
import { intakeDocs, intakeRoutes } from "./routes/intake.js";
import { monitoringDocs, monitoringRoutes } from "./routes/monitoring-routes.js";
import { oidcDocs, oidcRoutes } from "./routes/oidc.js";
import { peopleDocs, peopleRoutes } from "./routes/people.js";
import { peopleInviteDocs, peopleInviteRoutes } from "./routes/people-invites.js";
import { projectEligibilityDocs, projectEligibilityRoutes } from "./routes/project-eligibility.js";
import { projectTemplateDocs, projectTemplateRoutes } from "./routes/project-templates.js";
import { projectDocs, projectRoutes } from "./routes/projects.js";
import { qualityDocs, qualityRoutes } from "./routes/quality.js";
import { questionDocs, questionRoutes } from "./routes/questions.js";
import { rateCardDocs, rateCardRoutes } from "./routes/rate-cards.js";
import { reportScheduleDocs, reportScheduleRoutes } from "./routes/report-schedules.js";
import { reviewDocs, reviewRoutes } from "./routes/reviews.js";
import { roiDocs, roiRoutes } from "./routes/roi.js";
import { scorecardDocs, scorecardRoutes } from "./routes/scorecard.js";
import { statsDocs, statsRoutes } from "./routes/stats.js";
import { supportDocs, supportRoutes } from "./routes/support.js";
import { taskGoldDocs, taskGoldRoutes } from "./routes/task-gold.js";
import { taskDocs, taskRoutes } from "./routes/tasks.js";
import { teamDocs, teamRoutes } from "./routes/teams.js";
import { tokenDocs, tokenRoutes } from "./routes/tokens.js";
import { trainingDocs, trainingRoutes } from "./routes/training.js";
import { userErasureDocs, userErasureRoutes } from "./routes/user-erasure.js";
import { userRoleCountDocs, userRoleCountRoutes } from "./routes/user-role-counts.js";
import { userDocs, userRoutes } from "./routes/users.js";
import { vendorDocs, vendorRoutes } from "./routes/vendors.js";
import { wellbeingDocs, wellbeingRoutes } from "./routes/wellbeing.js";
import { workspaceSettingsDocs, workspaceSettingsRoutes } from "./routes/workspace-settings.js";

export const API_ROUTES: readonly RouteDoc[] = [
  ...authDocs,
  ...oidcDocs,
  ...tokenDocs,
  ...userDocs,
  ...userRoleCountDocs,
  ...peopleInviteDocs,
  ...peopleDocs,
  ...vendorDocs,
  ...teamDocs,
  ...userErasureDocs,
  ...campaignDocs,
  ...campaignSignUpDocs,
  ...projectDocs,
  ...projectEligibilityDocs,
  ...projectTemplateDocs,
  ...intakeDocs,
  ...forecastDocs,
  ...guidelineTranslationDocs,
  ...importDocs,
  ...batchDocs,
  ...exportDocs,
  ...assignmentDocs,
  ...taskDocs,
  ...taskGoldDocs,
  ...statsDocs,
  ...qualityDocs,
  ...questionDocs,
  ...supportDocs,
  ...appealDocs,
  ...reviewDocs,
  ...auditLogDocs,
  ...certificationDocs,
  ...examDocs,
  ...examAttemptDocs,
  ...trainingDocs,
  ...monitoringDocs,
  ...costAnalysisDocs,
  ...budgetBurnDocs,
  ...rateCardDocs,
  ...experimentDocs,
  ...incentiveDocs,
  ...roiDocs,
  ...costDocs,
  ...scorecardDocs,
  ...capacityDocs,
  ...reportScheduleDocs,
  ...workspaceSettingsDocs,
  ...wellbeingDocs,
];

/**
 * Content-Security-Policy of every response: scripts and connections only from our own origin
 * (the built web app has no inline script); inline styles allowed (the docs page and charts set
 * them); task media (images, audio, video) may come from any https URL, as task data links them.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "media-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The security headers of every response (those of hono/secure-headers, with our CSP). Set on the
 * context before the handler runs rather than with that middleware, which sets them on the built
 * response afterwards and measured about 0.25 ms per request on the labeling hot path.
 */
function securityHeaders(https: boolean): [string, string][] {
  return [
    ["content-security-policy", CONTENT_SECURITY_POLICY],
    ["cross-origin-opener-policy", "same-origin"],
    ["cross-origin-resource-policy", "same-origin"],
    ["origin-agent-cluster", "?1"],
    ["referrer-policy", "same-origin"],
    ["x-content-type-options", "nosniff"],
    ["x-dns-prefetch-control", "off"],
    ["x-download-options", "noopen"],
    ["x-frame-options", "DENY"],
    ["x-permitted-cross-domain-policies", "none"],
    ["x-xss-protection", "0"],
    // HSTS only means something over HTTPS, which is what secure cookies say we are behind.
    ...(https ? [["strict-transport-security", "max-age=15552000; includeSubDomains"] as [string, string]] : []),
  ];
}

/** The Node response under @hono/node-server; undefined for in-process calls (`app.request`). */
function nodeResponse(c: Context<AppEnv>): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

/** The host of an Origin header, or undefined when it is not a URL with a host (`null`, garbage). */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.host || undefined;
  } catch {
    return undefined;
  }
}

/** The whole HTTP application: JSON API under /api/v1, its docs, and the web app at /. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Parsed now, so that a bad entry stops the server from starting.
  trustedProxiesOf(deps);
  app.onError(handleError);
  const headers = securityHeaders(deps.secureCookies);
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    const given = c.req
      .header("x-request-id")
      ?.replace(/[^\w.-]/g, "")
      .slice(0, 64);
    c.set("requestId", given || randomUUID().slice(0, 8));
    const outgoing = nodeResponse(c);
    if (outgoing) {
      // Straight on the Node response, which @hono/node-server's writeHead merges under the
      // handler's own headers: a handler that sets none then answers without building a web
      // Headers object (12 of them per request cost about a twentieth of a judgment's CPU time).
      outgoing.setHeader("x-request-id", c.get("requestId"));
      for (const [name, value] of headers) outgoing.setHeader(name, value);
    } else {
      c.header("x-request-id", c.get("requestId"));
      for (const [name, value] of headers) c.header(name, value);
    }
    await next();
  });

  const api = new Hono<AppEnv>();
  if (deps.admission) api.use("*", admissionControl(new AdmissionGate(deps.admission, eventLoopLag())));
  api.use("*", identify);
  api.use("*", requireOwnPassword);
  // Cookie-authenticated writes must come from our own pages: a JSON or file body with a
  // custom content type cannot be sent cross-site without a CORS preflight, which we never grant.
  api.use("*", async (c, next) => {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD" && !c.req.header("authorization")) {
      const origin = c.req.header("origin");
      const host = c.req.header("host");
      if (origin !== undefined && host) {
        const from = originHost(origin);
        if (from === undefined)
          throw invalidInput("The Origin header is not a URL", [
            { path: "headers.origin", message: "must be the page's origin, such as https://quorum.example.com" },
          ]);
        if (from !== host)
          return c.json({ error: { code: "forbidden", message: "Cross-site request refused", details: [] } }, 403);
      }
    }
    await next();
  });
  for (const routes of [
    authRoutes,
    tokenRoutes,
    // Before userRoutes: /users/me is not /users/{id}.
    certificationRoutes,
    // Before userRoutes: /users/import is not /users/{id}.
    peopleInviteRoutes,
    // Before userRoutes: PATCH /users/me is not /users/{id}.
    peopleRoutes,
    // Before userRoutes: /users/role-counts is not /users/{id}.
    userRoleCountRoutes,
    userRoutes,
    campaignSignUpRoutes,
    campaignRoutes,
    vendorRoutes,
    teamRoutes,
    userErasureRoutes,
    projectRoutes,
    projectEligibilityRoutes,
    projectTemplateRoutes,
    intakeRoutes,
    forecastRoutes,
    guidelineTranslationRoutes,
    importRoutes,
    batchRoutes,
    exportRoutes,
    assignmentRoutes,
    wellbeingRoutes,
    taskRoutes,
    taskGoldRoutes,
    statsRoutes,
    qualityRoutes,
    questionRoutes,
    supportRoutes,
    appealRoutes,
    reviewRoutes,
    auditLogRoutes,
    examRoutes,
    examAttemptRoutes,
    trainingRoutes,
    monitoringRoutes,
    costAnalysisRoutes,
    budgetBurnRoutes,
    rateCardRoutes,
    experimentRoutes,
    incentiveRoutes,
    roiRoutes,
    costRoutes,
    scorecardRoutes,
    capacityRoutes,
    reportScheduleRoutes,
    workspaceSettingsRoutes,
  ])
    api.route("/", routes());
  api.route("/", oidcRoutes(deps.oidc, deps.oidc ? createOidcClient(deps.oidc) : undefined));
  api.get("/openapi.json", (c) => c.json(openApiDocument(API_ROUTES, WEBHOOK_EVENT_DOCS)));
  api.get("/health", async (c) => c.json({ ok: true, database: deps.database.dialect }));
  api.all("*", () => {
    throw notFound("API route");
  });
  app.route("/api/v1", api);
  app.route("/", apiDocsRoutes(API_ROUTES));
  app.get("/docs", (c) => c.redirect("/api/docs"));

  const webRoot = deps.webRoot;
  if (webRoot && existsSync(join(webRoot, "index.html"))) {
    const indexHtml = readFileSync(join(webRoot, "index.html"), "utf8");
    app.use("/assets/*", async (c, next) => {
      await next();
      if (c.res.status === 200) c.header("cache-control", "public, max-age=31536000, immutable");
    });
    app.use("*", serveStatic({ root: webRoot }));
    // Client-side routes: every other GET that is not a file gets the app shell.
    app.get("*", (c) => c.html(indexHtml));
  } else {
    app.get("/", (c) =>
      c.html(
        "<!doctype html><title>Quorum</title><p>Quorum's API is running. The web app is not built: run <code>npm run build</code>. API docs: <a href='/api/docs'>/api/docs</a>.</p>",
      ),
    );
  }
  return app;
}
