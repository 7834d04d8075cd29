import { useTranslation } from "react-i18next";
import type { Route } from "../lib/router.js";
import { Link } from "./router.js";
import { ErrorBanner } from "./ui.js";

/**
 * Why a page's record did not load. A 404 (a wrong or stale address) gets a link back to its list,
 * since trying again cannot help; any other failure gets "Try again".
 */
export function LoadError({
  load,
  back,
}: {
  load: { error: string | undefined; notFound: boolean; reload: () => void };
  back: { to: Route; label: string };
}) {
  const { t } = useTranslation();
  if (!load.notFound) return <ErrorBanner error={load.error ?? t("common.tryAgain")} onRetry={load.reload} />;
  return (
    <div className="banner banner-error" role="alert">
      <span>{load.error}</span>
      <Link to={back.to} className="btn btn-small">
        {back.label}
      </Link>
    </div>
  );
}
