import type { PayExperimentLeftOut } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { Link } from "../../components/router.js";
import { useFormat } from "../../i18n/use-format.js";
import { formatMoney } from "../../lib/money.js";

/**
 * A pay experiment's arms left out of the pay elasticity for the currency of their pay, each with
 * why: pay is compared in one currency only, never mixed.
 */
export function PayElasticityLeftOut({ experiment }: { experiment: PayExperimentLeftOut }) {
  const { t } = useTranslation();
  const format = useFormat();
  const arms = experiment.excluded.map((arm) =>
    t("delivery.elasticityLeftOutArm", {
      arm: arm.arm,
      // A pay of unknown currency can only be given in its minor units.
      pay:
        arm.payCurrency === null
          ? String(arm.payMinor)
          : formatMoney(arm.payMinor, arm.payCurrency, { locale: format.locale }),
      reason: t(`delivery.elasticityLeftOutReasons.${arm.reason}`),
    }),
  );
  return (
    <p className="muted" data-testid="pay-elasticity-left-out">
      {t("delivery.elasticityLeftOut")}{" "}
      <Link to={{ name: "experiment", experimentId: experiment.experimentId }}>{experiment.name}</Link>:{" "}
      {arms.join("; ")}
    </p>
  );
}
