import type { LabelSchema } from "@quorum/core";
import type { AnnotatorProjectList, StaffProjectList } from "@quorum/server";
import { useMemo } from "react";
import { useApi } from "./use-api.js";

/** The label schemas of the projects the viewer can list (`GET /projects`), by project id. */
export function useProjectSchemas(): ReadonlyMap<number, LabelSchema> {
  const projects = useApi<AnnotatorProjectList | StaffProjectList>("/projects");
  return useMemo(
    () => new Map<number, LabelSchema>((projects.data?.projects ?? []).map((p) => [p.id, p.schema])),
    [projects.data],
  );
}
