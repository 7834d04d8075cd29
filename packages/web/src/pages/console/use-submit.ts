import type { ErrorDetail } from "@quorum/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { settleSubmit } from "../../api/settle-submit.js";

/**
 * A console form's submit state: busy while the request runs, then the error sentence and the
 * field details the server named (for `Field`'s `details`). `run` clears both before it starts and
 * calls `then` only when the request succeeds; `setDetails` lets a form report its own checks.
 */
export function useSubmit() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [details, setDetails] = useState<ErrorDetail[]>([]);

  async function run<T>(work: () => Promise<T>, then: (value: T) => void): Promise<void> {
    setBusy(true);
    setError(undefined);
    setDetails([]);
    const outcome = await settleSubmit(work, t);
    setBusy(false);
    if (outcome.ok) then(outcome.value);
    else {
      setDetails(outcome.details);
      setError(outcome.error);
    }
  }

  function clear() {
    setError(undefined);
    setDetails([]);
  }

  return { busy, error, details, setDetails, clear, run };
}
