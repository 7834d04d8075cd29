import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCountdown } from "../../lib/format.js";

/** The time left on the lease, ticking each second; amber in the last minute, then "expired". */
export function LeaseTimer({ expiresAt, onExpire }: { expiresAt: string; onExpire: () => void }) {
  const { t } = useTranslation();
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  const fired = useRef(false);
  const onExpireRef = useRef(onExpire);
  onExpireRef.current = onExpire;
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = end - now;
  useEffect(() => {
    if (left <= 0 && !fired.current) {
      fired.current = true;
      onExpireRef.current();
    }
  }, [left]);
  const tone = left <= 0 ? "timer-expired" : left < 60_000 ? "timer-warn" : "";
  return (
    <span className={`lease-timer ${tone}`} title={t("lease.title")} role="timer" aria-live="off">
      {left <= 0 ? t("lease.expired") : formatCountdown(left)}
    </span>
  );
}
