/*
 * The JSON API client. Response types come from @quorum/server (`import type`). Not Hono's `hc`
 * client: the server registers its routes as statements rather than one chained app, so its type
 * carries no route schema for `hc` to read, and uploads need XMLHttpRequest's progress events.
 */
import type { ErrorDetail } from "@quorum/core";
import type { ErrorCode } from "@quorum/server";
import { i18n, type Translate } from "../i18n/instance.js";
import { type BodyCheck, checkBody, isErrorBody } from "./body-check.js";

/**
 * What a failed call carries: the server's code, `network` when no answer arrived,
 * `unexpected_body` when an answer failed its check, and `http_<status>` for an error answer
 * without the server's envelope (a proxy's error page).
 */
export type ApiErrorCode = ErrorCode | "network" | "unexpected_body" | `http_${number}`;

/** A failed API call: the server's error envelope, or `network` when no response arrived. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: ErrorDetail[];
  /** The parsed body, for routes that add fields to the envelope (imports add `errors`). */
  readonly body: unknown;

  constructor(
    status: number,
    code: ApiErrorCode,
    message: string,
    details: ErrorDetail[] = [],
    body: unknown = undefined,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.body = body;
  }

  get isNetwork(): boolean {
    return this.code === "network";
  }

  /**
   * Whether the same call may succeed later: no answer, a fault on the server's side (or a
   * proxy's 5xx page), rate limiting, or too many writers at once (`busy`).
   */
  get isTransient(): boolean {
    return (
      this.isNetwork ||
      this.code === "internal" ||
      this.code === "rate_limited" ||
      this.code === "busy" ||
      this.code === "overloaded" ||
      /^http_5\d\d$/.test(this.code)
    );
  }
}

export const API_BASE = "/api/v1";

/** Listeners told when any call answers 401, so the shell can return to the sign-in page. */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export interface RequestOptions<T> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
  /** The request outlives the page (a claim given back while the reviewer leaves). */
  keepalive?: boolean;
  /** Checks the parts of the answer the page branches on (see body-check.ts); T follows from it. */
  check?: BodyCheck<T>;
}

/** An error answer as an ApiError: the server's code, message and field details when it sent its envelope. */
export function errorFromBody(status: number, body: unknown): ApiError {
  if (isErrorBody(body))
    return new ApiError(status, body.error.code, body.error.message, body.error.details ?? [], body);
  return new ApiError(status, `http_${status}`, `The server answered ${status}`, [], body);
}

/** Turns a non-2xx response into an ApiError with the server's code, message and field details. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return errorFromBody(response.status, body);
}

/** The body of a 2xx answer, checked when the caller gave a check; an ApiError when it fails it. */
export function acceptedBody<T>(path: string, status: number, body: unknown, check: BodyCheck<T> | undefined): T {
  if (!check) return body as T;
  const problem = checkBody(check, body);
  if (problem !== undefined)
    throw new ApiError(
      status,
      "unexpected_body",
      `The server's answer to ${path.split("?")[0]} is not what this page expects (${problem})`,
      [],
      body,
    );
  return body as T;
}

/** Times a call refused with 503 (server at capacity) is sent again before the error is shown. */
const OVERLOAD_RETRIES = 3;

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${API_BASE}${path}`, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", i18n.t("common.noConnection"));
  }
}

/** Waits what Retry-After says (1 s if absent), spread by ±50% so refused clients do not return together. */
function waitToRetry(retryAfter: string | null, signal: AbortSignal | undefined): Promise<void> {
  const seconds = Number(retryAfter);
  const ms = (Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) : 1) * 1000 * (0.5 + Math.random());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * Calls the JSON API with the session cookie: the parsed body, or undefined when the server
 * answered 204 No Content (the routes that may have nothing to give: the next lease, the next
 * review). T is the route's response type, imported from @quorum/server; it is trusted as typed
 * unless `options.check` checks it. Rejects with an ApiError (code `network` when the request
 * never got an answer, `unexpected_body` when the answer fails its check).
 */
export async function apiOptional<T>(path: string, options: RequestOptions<T> = {}): Promise<T | undefined> {
  const init: RequestInit = { method: options.method ?? "GET", credentials: "same-origin" };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { "content-type": "application/json" };
  }
  if (options.signal) init.signal = options.signal;
  if (options.keepalive) init.keepalive = true;
  let response = await send(path, init);
  // Refused by admission control, the request was not worked on: safe to send again, whatever its method.
  for (let attempt = 1; response.status === 503 && attempt <= OVERLOAD_RETRIES; attempt++) {
    await waitToRetry(response.headers.get("retry-after"), options.signal);
    response = await send(path, init);
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (error.code === "unauthenticated" && path !== "/auth/login" && path !== "/auth/me")
      for (const listener of unauthenticatedListeners) listener();
    throw error;
  }
  if (response.status === 204) return undefined;
  return acceptedBody(path, response.status, await response.json(), options.check);
}

/** `apiOptional` for routes that answer with a body, or whose answer the caller ignores. */
export async function api<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  return (await apiOptional<T>(path, options)) as T;
}

/** Server error codes whose sentence the interface has in every language (others show the server's English). */
const TRANSLATED_CODES = [
  "network",
  "busy",
  "overloaded",
  "rate_limited",
  "password_change_required",
  "lease_expired",
  "assignment_closed",
  "review_taken",
  "review_decided",
  "undo_unavailable",
  "appeal_own_rejection",
] as const;
type TranslatedCode = (typeof TRANSLATED_CODES)[number];

function translated(code: ApiErrorCode): code is TranslatedCode {
  return (TRANSLATED_CODES as readonly string[]).includes(code);
}

/**
 * A readable sentence for an error, with the first field details. Given `t`, the errors an
 * annotator or reviewer meets in their work are told in the interface language.
 */
export function describeError(error: unknown, t?: Translate): string {
  if (t && error instanceof ApiError && translated(error.code)) return t(`errors.${error.code}`);
  if (error instanceof ApiError) {
    const details = error.details.slice(0, 3).map((d) => `${d.path}: ${d.message}`);
    return details.length > 0 ? `${error.message} (${details.join("; ")})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
