import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../api/client.js";
import { useRouter } from "../../components/router.js";
import { leaseAnywhere, setWorkingAnywhere } from "./work-anywhere.js";

/** "Start working": the best task across the annotator's projects, and on to the next when one runs dry. */
export function StartAnywhere() {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [state, setState] = useState<"idle" | "busy" | "none">("idle");
  const [error, setError] = useState<string | undefined>();
  const start = async () => {
    setState("busy");
    setError(undefined);
    try {
      const projectId = await leaseAnywhere();
      if (projectId === undefined) {
        setState("none");
        return;
      }
      setWorkingAnywhere(true);
      navigate({ name: "label", projectId });
    } catch (e) {
      setError(describeError(e, t));
      setState("idle");
    }
  };
  return (
    <section className="start-anywhere">
      <button
        type="button"
        className="btn btn-primary"
        disabled={state === "busy"}
        onClick={() => void start()}
        data-testid="start-anywhere"
      >
        {t("home.startAnywhere")}
      </button>
      <p className="muted" role="status">
        {state === "none" ? t("home.nothingAnywhere") : (error ?? t("home.startAnywhereHint"))}
      </p>
    </section>
  );
}
