import type { LabelSchema } from "@quorum/core";
import type { AnnotatorProjectList, StaffProjectList } from "@quorum/server";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatAnswer } from "../../lib/choices.js";
import { useApi } from "./use-api.js";

/** The label schemas of the projects the viewer can list, and whether they are still on their way. */
export interface ProjectSchemas {
  byProject: ReadonlyMap<number, LabelSchema>;
  /** True until the list has come (false once it has, or once it failed). */
  pending: boolean;
}

/** The label schemas of the projects the viewer can list (`GET /projects`), by project id. */
export function useProjectSchemas(): ProjectSchemas {
  const projects = useApi<AnnotatorProjectList | StaffProjectList>("/projects");
  const pending = projects.data === undefined && projects.error === undefined;
  return useMemo(
    () => ({
      byProject: new Map<number, LabelSchema>((projects.data?.projects ?? []).map((p) => [p.id, p.schema])),
      pending,
    }),
    [projects.data, pending],
  );
}

/**
 * A judgment value as the answer pad names it ("No violation", not `["none"]`), for a project the
 * viewer can list; a placeholder while the schemas load; as stored for any other (`formatAnswer`).
 */
export function useAnswerText(): (projectId: number, value: unknown) => string {
  const { t } = useTranslation();
  const schemas = useProjectSchemas();
  return useCallback(
    (projectId: number, value: unknown) => formatAnswer(schemas.byProject.get(projectId), value, t, schemas.pending),
    [schemas, t],
  );
}
