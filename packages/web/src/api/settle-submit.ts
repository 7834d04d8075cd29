import type { ErrorDetail } from "@quorum/core";
import type { Translate } from "../i18n/instance.js";
import { ApiError, describeError } from "./client.js";

/** How a form's request ended: its value, or the sentence to show and the fields the server named. */
export type SubmitOutcome<T> = { ok: true; value: T } | { ok: false; error: string; details: ErrorDetail[] };

/**
 * Runs a form's request and says how it ended, never throwing: a failure carries the error in the
 * reader's words (`describeError`) and, for an API error, the details that mark each named field.
 */
export async function settleSubmit<T>(work: () => Promise<T>, t?: Translate): Promise<SubmitOutcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (caught) {
    return {
      ok: false,
      error: describeError(caught, t),
      details: caught instanceof ApiError ? caught.details : [],
    };
  }
}
