import type { CostExplanation } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { basePeriod, type DayRange, dayRangeName, rangeInstants } from "../../../lib/cost-period.js";
import { useApi } from "../use-api.js";
import { CostWaterfallChart } from "./cost-waterfall-chart.js";

/**
 * Why cost moved between the period before and this one: the drivers as a waterfall and the
 * server's one-sentence narratives (total cost, then cost per accepted label), their money written
 * in the interface language's locale.
 */
export function CostExplainPanel({ range, currency }: { range: DayRange; currency: string }) {
  const { t, i18n } = useTranslation();
  const base = basePeriod(range);
  const current = rangeInstants(range);
  const previous = base && rangeInstants(base);
  const path =
    current && previous
      ? `/cost/explain?${new URLSearchParams({
          from: String(Date.parse(current.from)),
          to: String(Date.parse(current.to)),
          baseFrom: String(Date.parse(previous.from)),
          baseTo: String(Date.parse(previous.to)),
          currency,
          // The narrative's money is written the reader's way.
          locale: i18n.language,
        })}`
      : undefined;
  const explain = useApi<CostExplanation>(path);
  return (
    <section className="card cost-explain" aria-labelledby="cost-explain-title">
      <div className="section-head">
        <h2 id="cost-explain-title">{t("console.cost.whyTitle")}</h2>
        {base && (
          <span className="muted" data-testid="cost-compared-with">
            {t("console.cost.comparedWith", { period: dayRangeName(base, i18n.language) })}
          </span>
        )}
      </div>
      {explain.error ? (
        <p className="muted">{explain.error}</p>
      ) : !explain.data ? (
        <div className="chart-placeholder" />
      ) : (
        <>
          <ul className="cost-narrative" data-testid="cost-narrative">
            {explain.data.narrative.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
          {/* A waterfall of nothing to nothing is an empty chart with a money axis: the sentences say it. */}
          {(explain.data.base !== 0 || explain.data.current !== 0) && <CostWaterfallChart explanation={explain.data} />}
          {(explain.data.unexplained.base !== 0 || explain.data.unexplained.current !== 0) && (
            <p className="muted small">{t("console.cost.unexplained")}</p>
          )}
        </>
      )}
    </section>
  );
}
