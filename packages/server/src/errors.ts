import { DomainError, type DomainErrorCode } from "@quorum/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./context.js";

/** The one place that maps domain error codes to HTTP statuses. */
const STATUS: Record<DomainErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  overloaded: 503,
  provider_unavailable: 502,
  request_timeout: 408,
  rate_limited: 429,
  password_change_required: 403,
  lease_expired: 409,
  annotator_paused: 403,
  project_archived: 403,
  assignment_closed: 409,
  already_submitted: 409,
  client_key_reused: 409,
  busy: 409,
  nothing_to_audit: 409,
  review_taken: 409,
  review_decided: 409,
  task_not_done: 409,
  undo_unavailable: 409,
  email_taken: 409,
  certification_required: 403,
  exam_retry_wait: 409,
  appeal_window_closed: 409,
  appeal_decided: 409,
  appeal_own_rejection: 403,
};

export function statusOf(error: DomainError): ContentfulStatusCode {
  return STATUS[error.code];
}

export function errorBody(error: DomainError) {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

/** Domain errors become their status with `{error: {code, message, details}}`; anything else is a logged 500. */
export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof DomainError) return c.json(errorBody(error), statusOf(error));
  const requestId = c.get("requestId") ?? "-";
  c.get("deps")?.log(`error request=${requestId} ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
  return c.json(
    { error: { code: "internal", message: `Something went wrong on our side (request ${requestId})`, details: [] } },
    500,
  );
}
