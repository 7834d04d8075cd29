import { ROLES, TOOL_VARIANTS } from "@quorum/core";
import type {
  AnywhereLeaseResponse,
  AuthConfigView,
  ErrorBody,
  ImportRefusal,
  ImportResponse,
  JudgmentResponse,
  LeaseList,
  LeaseResponse,
  ReviewWorkView,
  UserResponse,
} from "@quorum/server";
import * as z from "zod/mini";

/**
 * A run-time check of the parts of a response body a page branches on; the rest of the body is
 * trusted as the server's type T. Made by `bodyCheck<T>()(schema)`, which does not compile when
 * the schema contradicts T, so a change of the server's type that a check misses is a type error.
 */
export interface BodyCheck<T> {
  readonly schema: z.ZodMiniType;
  /** Never set: carries T for inference. */
  readonly body?: T;
}

export function bodyCheck<T>() {
  return <S extends z.ZodMiniType>(schema: S & ([T] extends [z.output<S>] ? unknown : never)): BodyCheck<T> => ({
    schema,
  });
}

/** Undefined when the body passes the check, else where it fails ("user.role"). */
export function checkBody(check: BodyCheck<unknown>, body: unknown): string | undefined {
  const result = check.schema.safeParse(body);
  if (result.success) return undefined;
  const path = result.error.issues[0]?.path ?? [];
  return path.length > 0 ? path.join(".") : "the body";
}

/** Whether the body passes the check, as a type guard. */
export function passes<T>(check: BodyCheck<T>, body: unknown): body is T {
  return checkBody(check, body) === undefined;
}

const detail = z.object({ path: z.string(), message: z.string() });
const errorEnvelope = bodyCheck<ErrorBody>()(
  z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(detail) }) }),
);

/** The server's error envelope `{error: {code, message, details}}`. */
export function isErrorBody(body: unknown): body is ErrorBody {
  return passes(errorEnvelope, body);
}

/** How people may sign in: the sign-in page offers single sign-on when it is on. */
export const authConfigCheck = bodyCheck<AuthConfigView>()(
  z.object({
    passwordSignIn: z.literal(true),
    sso: z.object({ enabled: z.boolean(), loginUrl: z.nullable(z.string()) }),
  }),
);

/** Who signed in: the role decides between the workspace and the console. */
export const userResponseCheck = bodyCheck<UserResponse>()(
  z.object({ user: z.object({ id: z.number(), name: z.string(), role: z.enum(ROLES) }) }),
);

const taskData = z.record(z.string(), z.unknown());

const lease = z.object({
  id: z.number(),
  task: z.object({ id: z.number(), data: taskData }),
  expiresAt: z.string(),
  guidelineVersion: z.number(),
  toolVariant: z.enum(TOOL_VARIANTS),
});

/** A leased task: its id, data and when the lease ends. */
export const leaseResponseCheck = bodyCheck<LeaseResponse>()(z.object({ assignment: lease }));

/** Next task anywhere: the lease and the project it is in (the page moves there). */
export const anywhereLeaseCheck = bodyCheck<AnywhereLeaseResponse>()(
  z.object({ assignment: lease, project: z.object({ id: z.number(), name: z.string() }) }),
);

/** The leases the annotator still holds, to resume after a reload. */
export const leaseListCheck = bodyCheck<LeaseList>()(z.object({ assignments: z.array(lease) }));

/** A stored judgment, with the gold feedback the page shows when the task was a control. */
export const judgmentResponseCheck = bodyCheck<JudgmentResponse>()(
  z.object({
    judgment: z.object({ id: z.number() }),
    gold: z.optional(z.object({ correct: z.boolean(), explanation: z.nullable(z.string()) })),
  }),
);

/** A claimed review item with the task and judgments the reviewer decides on. */
export const reviewWorkCheck = bodyCheck<ReviewWorkView>()(
  z.object({
    item: z.object({ id: z.number() }),
    task: z.object({ id: z.number(), data: taskData, aggregate: z.nullable(z.object({ value: z.unknown() })) }),
    judgments: z.array(z.object({ id: z.number(), annotatorName: z.string() })),
  }),
);

const importProblems = z.array(
  z.object({ item: z.optional(z.number()), line: z.number(), path: z.string(), message: z.string() }),
);

/** An import that went through. */
export const importResponseCheck = bodyCheck<ImportResponse>()(
  z.object({
    imported: z.number(),
    errors: importProblems,
    batchId: z.number(),
    skipped: z.array(z.object({ item: z.optional(z.number()), line: z.number(), id: z.string(), reason: z.string() })),
    skippedCount: z.number(),
  }),
);

/** An import refused: the problems by line (an error envelope besides). */
export const importRefusalCheck = bodyCheck<ImportRefusal>()(z.object({ errors: importProblems }));
