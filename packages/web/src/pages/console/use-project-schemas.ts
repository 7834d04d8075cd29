import type { LabelSchema } from "@quorum/core";
import type { AnnotatorProjectList, StaffProjectList } from "@quorum/server";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatAnswer } from "../../lib/choices.js";
import { useApi } from "./use-api.js";

/** The label schemas of the projects the viewer can list (`GET /projects`), by project id. */
export function useProjectSchemas(): ReadonlyMap<number, LabelSchema> {
  const projects = useApi<AnnotatorProjectList | StaffProjectList>("/projects");
  return useMemo(
    () => new Map<number, LabelSchema>((projects.data?.projects ?? []).map((p) => [p.id, p.schema])),
    [projects.data],
  );
}

/**
 * A judgment value as the answer pad names it ("No violation", not `["none"]`), for a project the
 * viewer can list; as stored for any other (`formatAnswer`).
 */
export function useAnswerText(): (projectId: number, value: unknown) => string {
  const { t } = useTranslation();
  const schemas = useProjectSchemas();
  return useCallback(
    (projectId: number, value: unknown) => formatAnswer(schemas.get(projectId), value, t),
    [schemas, t],
  );
}
