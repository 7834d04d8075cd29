import type { ErrorBody, ErrorDetail } from "./types.js";

/** A failed API call: the server's error envelope, or `network` when no response arrived. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** The parsed body, for routes that add fields to the envelope (imports add `errors`). */
  readonly body: unknown;

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = [], body: unknown = undefined) {
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
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === "object" && error !== null && "code" in error && "message" in error;
}

export const API_BASE = "/api/v1";

/** Listeners told when any call answers 401, so the shell can return to the sign-in page. */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
}

/** Turns a non-2xx response into an ApiError with the server's code, message and field details. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isErrorBody(body))
    return new ApiError(response.status, body.error.code, body.error.message, body.error.details ?? [], body);
  return new ApiError(response.status, `http_${response.status}`, `The server answered ${response.status}`, [], body);
}

/**
 * Calls the JSON API with the session cookie and returns the status and parsed body (undefined
 * for 204). Rejects with an ApiError (code `network` when the request never got an answer).
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
  const init: RequestInit = { method: options.method ?? "GET", credentials: "same-origin" };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { "content-type": "application/json" };
  }
  if (options.signal) init.signal = options.signal;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", "No connection to the server");
  }
  if (response.status === 401 && path !== "/auth/login" && path !== "/auth/me")
    for (const listener of unauthenticatedListeners) listener();
  if (!response.ok) throw await errorFromResponse(response);
  const body = response.status === 204 ? undefined : await response.json();
  return { status: response.status, body: body as T };
}

/** `request` for callers that only need the body. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).body;
}

/** A readable sentence for an error, with the first field details. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.details.slice(0, 3).map((d) => `${d.path}: ${d.message}`);
    return details.length > 0 ? `${error.message} (${details.join("; ")})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
