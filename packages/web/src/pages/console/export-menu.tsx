import { type MouseEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";

const EXPORTS = [
  { label: "JSONL", query: "format=jsonl" },
  { label: "CSV, a row per judgment", query: "format=csv&per=judgment" },
  { label: "CSV, a row per task", query: "format=csv&per=task" },
  { label: "Label Studio JSON", query: "format=label-studio" },
];

/**
 * The project's export formats as download links. A click first checks the session with a small
 * request: a download the server refuses (an ended session) only fails in the browser's download
 * list, while a refused request brings the sign-in page, which says why.
 */
export function ExportMenu({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | undefined>();
  const download = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const href = event.currentTarget.href;
    setError(undefined);
    api(`/projects/${projectId}`).then(
      () => window.location.assign(href),
      (caught: unknown) => {
        if (!(caught instanceof ApiError && caught.code === "unauthenticated")) setError(describeError(caught, t));
      },
    );
  };
  return (
    <details className="menu">
      <summary className="btn">Export</summary>
      <div className="menu-list" role="menu">
        {EXPORTS.map((e) => (
          <a
            key={e.query}
            role="menuitem"
            href={`/api/v1/projects/${projectId}/export?${e.query}`}
            download
            onClick={download}
          >
            {e.label}
          </a>
        ))}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </details>
  );
}
