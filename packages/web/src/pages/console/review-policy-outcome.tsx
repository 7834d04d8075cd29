import type { AuditList } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/use-format.js";
import { formatInterval } from "../../lib/quality.js";

const SOURCES = ["sample", "low_confidence", "disagreement"] as const;

/**
 * What the project's review policy has done (from `GET /projects/{id}/audits`): the items it
 * queued by source, how many reviewers decided and accepted, and the label accuracy its sample
 * estimates with a 95% Wilson interval.
 */
export function ReviewPolicyOutcome({ outcome }: { outcome: AuditList["reviewPolicy"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queued = SOURCES.reduce((sum, source) => sum + outcome.bySource[source].queued, 0);
  return (
    <div className="review-policy-outcome" data-testid="review-policy-outcome">
      <h3>{t("console.audits.policyTitle")}</h3>
      <p className="muted">{t("console.audits.policyHint")}</p>
      {queued === 0 ? (
        <p className="muted">{t("console.audits.policyNone")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-label={t("console.audits.policyTitle")}>
            <thead>
              <tr>
                <th>{t("console.audits.policySource")}</th>
                <th className="num">{t("console.audits.policyQueued")}</th>
                <th className="num">{t("console.audits.policyDecided")}</th>
                <th className="num">{t("console.audits.accepted")}</th>
                <th className="num">{t("console.audits.corrected")}</th>
                <th className="num">{t("console.audits.rejected")}</th>
                <th className="num">{t("console.audits.policyPending")}</th>
              </tr>
            </thead>
            <tbody>
              {SOURCES.map((source) => {
                const row = outcome.bySource[source];
                return (
                  <tr key={source} data-testid={`policy-source-${source}`}>
                    <td>{t(`review.policySources.${source}`)}</td>
                    <td className="num">{format.number(row.queued)}</td>
                    <td className="num">{format.number(row.decided)}</td>
                    <td className="num">{format.number(row.accepted)}</td>
                    <td className="num">{format.number(row.corrected)}</td>
                    <td className="num">{format.number(row.rejected)}</td>
                    <td className="num">{format.number(row.pending)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p data-testid="policy-accuracy">
        {t("console.audits.policyAccuracy")}:{" "}
        {outcome.sampleAccuracy.reviewed === 0 ? (
          <span className="muted">{t("console.audits.notStarted")}</span>
        ) : (
          <strong>
            {formatInterval(outcome.sampleAccuracy.accuracy)}, n = {format.number(outcome.sampleAccuracy.reviewed)}
          </strong>
        )}
      </p>
    </div>
  );
}
