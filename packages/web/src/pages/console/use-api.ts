import { useCallback, useEffect, useState } from "react";
import { ApiError, api, describeError } from "../../api/client.js";

/** Loads a GET endpoint; `reload` fetches again (keeping the old data on screen meanwhile). */
export function useApi<T>(path: string | undefined): {
  data: T | undefined;
  error: string | undefined;
  /** The error is a 404: what the address names does not exist (or is not the viewer's to see). */
  notFound: boolean;
  loading: boolean;
  reload: () => void;
} {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notFound, setNotFound] = useState(false);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    setLoading(true);
    api<T>(path, { signal: controller.signal })
      .then((d) => {
        setData(d);
        setError(undefined);
        setNotFound(false);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(describeError(e));
        setNotFound(e instanceof ApiError && e.status === 404);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, notFound, loading, reload };
}
