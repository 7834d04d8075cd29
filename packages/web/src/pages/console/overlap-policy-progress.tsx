import type { ProjectDetailView } from "@quorum/server";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/use-format.js";

/** While the progress is polled for a running change. */
const POLL_MS = 2000;

/**
 * "Applying the new overlap policy: N of M tasks checked" while the server applies a changed
 * overlap policy in the background; asks for the project again (`reload`) until it is done, then
 * calls `onDone` (the page's figures changed with the tasks settled).
 */
export function OverlapPolicyProgress({
  change,
  reload,
  onDone,
}: {
  change: ProjectDetailView["overlapPolicyChange"] | undefined;
  reload: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const running = change?.state === "running";
  const wasRunning = useRef(false);
  // The page hands a new `onDone` each render: only the change of state may call it.
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    if (wasRunning.current && !running) done.current();
    wasRunning.current = running;
    if (!running) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload]);
  if (!change || !running) return null;
  return (
    <div className="banner banner-info" role="status">
      {t("delivery.overlapPolicyApplying", {
        count: change.total,
        checked: format.number(change.checked),
        total: format.number(change.total),
      })}
      <progress value={change.checked} max={Math.max(change.total, 1)} aria-hidden="true" />
    </div>
  );
}
