import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { notFound } from "@quorum/core";
import { Hono } from "hono";
import { identify } from "./auth/middleware.js";
import type { AppDeps, AppEnv } from "./context.js";
import { handleError } from "./errors.js";
import { docsPage, openApiDocument, type RouteDoc } from "./openapi.js";
import { assignmentDocs, assignmentRoutes } from "./routes/assignments.js";
import { authDocs, authRoutes } from "./routes/auth.js";
import { exportDocs, exportRoutes } from "./routes/exports.js";
import { guidelineTranslationDocs, guidelineTranslationRoutes } from "./routes/guideline-translations.js";
import { importDocs, importRoutes } from "./routes/imports.js";
import { projectDocs, projectRoutes } from "./routes/projects.js";
import { qualityDocs, qualityRoutes } from "./routes/quality.js";
import { questionDocs, questionRoutes } from "./routes/questions.js";
import { reviewDocs, reviewRoutes } from "./routes/reviews.js";
import { statsDocs, statsRoutes } from "./routes/stats.js";
import { taskDocs, taskRoutes } from "./routes/tasks.js";
import { userDocs, userRoutes } from "./routes/users.js";

export const API_ROUTES: readonly RouteDoc[] = [
  ...authDocs,
  ...userDocs,
  ...projectDocs,
  ...guidelineTranslationDocs,
  ...importDocs,
  ...exportDocs,
  ...assignmentDocs,
  ...taskDocs,
  ...statsDocs,
  ...qualityDocs,
  ...questionDocs,
  ...reviewDocs,
];

/** The whole HTTP application: JSON API under /api/v1, its docs, and the web app at /. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    c.set("requestId", c.req.header("x-request-id") ?? randomUUID().slice(0, 8));
    await next();
    c.header("x-request-id", c.get("requestId"));
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "same-origin");
    c.header("x-frame-options", "DENY");
  });

  const api = new Hono<AppEnv>();
  api.use("*", identify);
  // Cookie-authenticated writes must come from our own pages: a JSON or file body with a
  // custom content type cannot be sent cross-site without a CORS preflight, which we never grant.
  api.use("*", async (c, next) => {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD" && !c.req.header("authorization")) {
      const origin = c.req.header("origin");
      const host = c.req.header("host");
      if (origin && host && new URL(origin).host !== host) {
        return c.json({ error: { code: "forbidden", message: "Cross-site request refused", details: [] } }, 403);
      }
    }
    await next();
  });
  for (const routes of [
    authRoutes,
    userRoutes,
    projectRoutes,
    guidelineTranslationRoutes,
    importRoutes,
    exportRoutes,
    assignmentRoutes,
    taskRoutes,
    statsRoutes,
    qualityRoutes,
    questionRoutes,
    reviewRoutes,
  ])
    api.route("/", routes());
  api.get("/openapi.json", (c) => c.json(openApiDocument(API_ROUTES)));
  api.get("/health", async (c) => c.json({ ok: true, database: deps.database.dialect }));
  api.all("*", () => {
    throw notFound("API route");
  });
  app.route("/api/v1", api);
  app.get("/api/docs", (c) => c.html(docsPage(API_ROUTES)));
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
