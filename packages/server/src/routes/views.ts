import type { Project, User } from "@quorum/core";

/** A user as the API shows them: never the password hash. */
export function userView(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    languages: user.languages,
    skills: user.skills,
    vendor: user.vendor,
    status: user.status,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}
export type UserView = ReturnType<typeof userView>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function projectView(project: Project) {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    businessUnit: project.businessUnit,
    schema: project.schema,
    requirements: project.requirements,
    overlap: project.overlap,
    priority: project.priority,
    deadline: iso(project.deadline),
    leaseSeconds: project.leaseSeconds,
    guidelineVersion: project.guidelineVersion,
    sensitive: project.sensitive,
    goldPolicy: project.goldPolicy,
    overlapPolicy: project.overlapPolicy,
    qualityRules: project.qualityRules,
    status: project.status,
    createdAt: iso(project.createdAt),
    updatedAt: iso(project.updatedAt),
  };
}
export type ProjectView = ReturnType<typeof projectView>;
