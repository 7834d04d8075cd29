/**
 * The one vocabulary of failures the domain reports; the server maps each code to an HTTP status
 * (server/src/errors.ts). Clients branch on these codes, never on HTTP statuses.
 */
export type DomainErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  // The caller's password was set by someone else: they must change it before anything else
  | "password_change_required"
  // Labeling
  | "lease_expired"
  | "annotator_paused"
  | "project_archived"
  | "assignment_closed"
  | "already_submitted"
  | "client_key_reused"
  | "busy"
  // Review
  | "nothing_to_audit"
  | "review_taken"
  | "review_decided"
  | "task_not_done"
  | "undo_unavailable"
  // People
  | "email_taken"
  // Requests
  | "payload_too_large"
  | "overloaded"
  // Single sign-on: the identity provider did not answer, or answered with an error status
  | "provider_unavailable"
  | "request_timeout"
  // Certification
  | "certification_required"
  | "exam_retry_wait"
  // Support
  | "appeal_window_closed"
  | "appeal_decided"
  | "appeal_own_rejection";

export interface ErrorDetail {
  /** Where the problem is: a field path such as `schema.options[2]`, or `line 14: data.text`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: DomainErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export function invalidInput(message: string, details: ErrorDetail[] = []): DomainError {
  return new DomainError("invalid_input", message, details);
}

export function notFound(what: string): DomainError {
  return new DomainError("not_found", `${what} not found`);
}

export function forbidden(message = "You do not have the right to do this"): DomainError {
  return new DomainError("forbidden", message);
}

/** Every try lost a race with other writers; the caller may simply try again. */
export function busy(message = "Too many people are doing this at this moment; please try again"): DomainError {
  return new DomainError("busy", message);
}

/** The client stopped sending a request body for longer than the server waits. */
export function requestTimeout(what: string, idleSeconds: number): DomainError {
  return new DomainError("request_timeout", `${what} stopped arriving: nothing came for ${idleSeconds} s`, [
    { path: "body", message: `no data for ${idleSeconds} s` },
  ]);
}

export function payloadTooLarge(what: string, limitBytes: number): DomainError {
  return new DomainError("payload_too_large", `${what} is larger than the limit of ${limitBytes} bytes`, [
    { path: "body", message: `at most ${limitBytes} bytes` },
  ]);
}
