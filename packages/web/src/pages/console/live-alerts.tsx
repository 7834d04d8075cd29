import type { EventEnvelope } from "@quorum/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { API_BASE } from "../../api/client.js";
import { useReaderQuery } from "../../components/time-zone-picker.js";

interface LiveAlert {
  id: string;
  alertId: number;
  message: string;
}

/**
 * Alerts as they are raised, from the console's server-sent events (`GET /events`): shown at
 * the top of every console page without reloading, newest first, each dismissable; an alert shown
 * whose cause or figures change (`alert.updated`) is rewritten where it stands, not shown again.
 * Only for those who may read alerts; the browser's EventSource reconnects by itself.
 */
export function LiveAlerts() {
  const { t } = useTranslation();
  const [alerts, setAlerts] = useState<LiveAlert[]>([]);
  const reader = useReaderQuery();
  useEffect(() => {
    // The server writes the days inside each alert's message for this reader.
    const source = new EventSource(`${API_BASE}/events?${reader}`);
    source.addEventListener("alert", (event) => {
      const envelope = JSON.parse((event as MessageEvent<string>).data) as EventEnvelope<
        "alert.raised" | "alert.updated" | "alert.resolved"
      >;
      const { alertId, message } = envelope.data;
      if (envelope.type === "alert.updated")
        setAlerts((all) => all.map((shown) => (shown.alertId === alertId ? { ...shown, message } : shown)));
      if (envelope.type !== "alert.raised") return;
      setAlerts((all) => [{ id: envelope.id, alertId, message }, ...all].slice(0, 5));
    });
    return () => source.close();
  }, [reader]);
  return (
    <div className="live-alerts" role="status" aria-live="polite" aria-label={t("delivery.liveAlerts")}>
      {alerts.map((alert) => (
        <div key={alert.id} className="banner banner-warn live-alert">
          <span>{alert.message}</span>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => setAlerts((all) => all.filter((a) => a.id !== alert.id))}
          >
            {t("delivery.dismiss")}
          </button>
        </div>
      ))}
    </div>
  );
}
