import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import type { RouteDoc } from "./openapi.js";

/** The Swagger UI files served from the installed swagger-ui-dist package (no network at run time). */
const ASSETS = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
} as const;

/**
 * Starts Swagger UI on the page: a file, not an inline script, so a strict Content-Security-Policy
 * (script-src 'self') allows it. The operations are grouped by tag, collapsed: listing all 160-odd
 * operations at once took Chromium over a minute to lay out; the table of contents (deep links)
 * opens one tag, and the filter box searches them all.
 */
const INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    docExpansion: "none",
    filter: true,
    defaultModelsExpandDepth: -1,
    displayRequestDuration: true,
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});
// A table-of-contents link (#/Tag) opens its tag, also after the page has loaded.
window.addEventListener("hashchange", function () {
  var tag = decodeURIComponent(location.hash.slice(2).split("/")[0] || ""); // "#/Projects"
  if (tag && window.ui) window.ui.layoutActions.show(["operations-tag", tag], true);
});
`;

const PAGE_CSS = `body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1f2430}
.docs-head{max-width:1460px;margin:0 auto;padding:20px 20px 0}
.docs-head h1{margin:0 0 6px;font-size:24px}
.docs-head p{margin:0 0 10px;color:#4b5263;max-width:900px}
.docs-toc{display:flex;flex-wrap:wrap;gap:6px 14px;margin:6px 0 0;padding:10px 0;border-top:1px solid #e3e6ec;border-bottom:1px solid #e3e6ec;list-style:none}
.docs-toc a{color:#2f5fa7;text-decoration:none}
.swagger-ui .topbar{display:none}
.swagger-ui .information-container{display:none}
.swagger-ui .opblock .opblock-summary-description{flex:1}
.swagger-ui pre,.swagger-ui .highlight-code{max-width:100%;overflow-x:auto}
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch] ?? ch);
}

/** The docs page: a short introduction, a table of contents by tag, and Swagger UI below it. */
function docsPage(routes: readonly RouteDoc[]): string {
  const tags = [...new Set(routes.map((route) => route.tag))];
  const toc = tags
    .map((tag) => {
      const count = routes.filter((route) => route.tag === tag).length;
      return `<li><a href="#/${encodeURIComponent(tag)}">${escapeHtml(tag)}</a> <small>(${count})</small></li>`;
    })
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Quorum API</title><link rel="stylesheet" href="/api/docs/swagger-ui.css"><link rel="stylesheet" href="/api/docs/page.css"></head>
<body><header class="docs-head"><h1>Quorum API</h1>
<p>Base path <code>/api/v1</code>; machine-readable at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Sign in with <code>POST /auth/login</code> (a session cookie) or send <code>Authorization: Bearer &lt;token&gt;</code> with a token from <code>POST /auth/tokens</code>. Errors are <code>{"error": {"code", "message", "details": [{"path", "message"}]}}</code>. Open an operation for its request schema and an example.</p>
<nav aria-label="Contents"><ul class="docs-toc">${toc}</ul></nav></header>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;
}

/** The folder of the installed swagger-ui-dist package. */
function swaggerUiFolder(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

/**
 * `/api/docs`: the API reference, rendered by Swagger UI from the OpenAPI document. Its script
 * and styles are files served from the package, read once and cached by the browser.
 */
export function apiDocsRoutes(routes: readonly RouteDoc[]): Hono {
  const app = new Hono();
  const page = docsPage(routes);
  const files = new Map<string, string>();
  const asset = (name: keyof typeof ASSETS) => {
    let text = files.get(name);
    if (text === undefined) {
      text = readFileSync(join(swaggerUiFolder(), name), "utf8");
      files.set(name, text);
    }
    return text;
  };
  const cached = { "cache-control": "public, max-age=86400" };
  app.get("/api/docs", (c) => c.html(page));
  app.get("/api/docs/init.js", (c) => c.body(INIT_SCRIPT, 200, { "content-type": ASSETS["swagger-ui-bundle.js"] }));
  app.get("/api/docs/page.css", (c) => c.body(PAGE_CSS, 200, { "content-type": ASSETS["swagger-ui.css"], ...cached }));
  for (const name of Object.keys(ASSETS) as (keyof typeof ASSETS)[])
    app.get(`/api/docs/${name}`, (c) => c.body(asset(name), 200, { "content-type": ASSETS[name], ...cached }));
  return app;
}
