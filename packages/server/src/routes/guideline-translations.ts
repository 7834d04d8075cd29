import { DomainError } from "@quorum/core";
import { listGuidelineTranslations, putGuidelineTranslation } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { LanguageTag } from "./language-param.js";
import { visibleProject } from "./project-access.js";

export const PutTranslationBody = z.object({
  language: LanguageTag.describe("BCP 47 tag of the translation, e.g. de, ja, pt-BR"),
  body: z.string().min(1).max(200_000).describe("the guidelines in that language (Markdown)"),
});

export const guidelineTranslationDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/guidelines/{version}/translations",
    tag: "Projects",
    summary: "A guideline version's translations, by language.",
    access: "projects.read",
    responses: {
      200: "{translations: [{version, language, body, updatedBy, createdAt, updatedAt}]}",
      404: "no such project",
    },
  },
  {
    method: "post",
    path: "/projects/{id}/guidelines/{version}/translations",
    tag: "Projects",
    summary:
      "Puts a guideline version's text in one language, replacing an earlier translation into the same language. Annotators asking for the guidelines in that language (or a more specific one: de-AT finds de) read it; without one they get the original with a note.",
    access: "projects.manage",
    body: PutTranslationBody,
    responses: {
      200: "{translation: {version, language, body, updatedBy, createdAt, updatedAt}}",
      400: "bad language tag or empty body",
      404: "no such guideline version",
    },
  },
];

const iso = (ms: number) => new Date(ms).toISOString();

function translationView(t: Awaited<ReturnType<typeof listGuidelineTranslations>>[number]) {
  return { ...t, createdAt: iso(t.createdAt), updatedAt: iso(t.updatedAt) };
}

export function guidelineTranslationRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/projects/:id/guidelines/:version/translations", async (c) => {
    requirePermission(c, "projects.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const translations = await listGuidelineTranslations(c.get("deps").database.db, project.id, idParam(c, "version"));
    return c.json({ translations: translations.map(translationView) });
  });

  app.post("/projects/:id/guidelines/:version/translations", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    if (project.status === "archived")
      throw new DomainError("project_archived", "An archived project's guidelines cannot change");
    const body = await readJson(c, PutTranslationBody);
    const { database, now } = c.get("deps");
    const translation = await putGuidelineTranslation(database.db, {
      projectId: project.id,
      version: idParam(c, "version"),
      language: body.language,
      body: body.body,
      actorId: user.id,
      now: now(),
    });
    return c.json({ translation: translationView(translation) });
  });

  return app;
}
