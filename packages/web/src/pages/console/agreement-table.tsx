import type { AgreementRowView } from "@quorum/server";
import { formatNumber, formatPercent } from "../../lib/format.js";
import { agreementStrength, formatCoefficient } from "../../lib/quality.js";

/** Agreement per group (language, guideline version): percent agreement, Fleiss' kappa, Krippendorff's alpha. */
export function AgreementTable({
  rows,
  groupLabel,
  describeGroup = (g) => g,
}: {
  rows: AgreementRowView[];
  groupLabel: string;
  describeGroup?: (group: string) => string;
}) {
  if (rows.length === 0) return <p className="muted">No overlapping judgments in the window yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table" aria-label={`Agreement by ${groupLabel.toLowerCase()}`}>
        <thead>
          <tr>
            <th>{groupLabel}</th>
            <th className="num">Tasks</th>
            <th className="num">Judgments</th>
            <th className="num" title="Share of pairs of judgments on a task that agree">
              Agreement
            </th>
            <th className="num" title="Fleiss' kappa: agreement beyond chance (1 perfect, 0 chance)">
              Fleiss' κ
            </th>
            <th className="num" title="Krippendorff's alpha (ordinal for ratings): agreement beyond chance">
              α
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group}>
              <td>{describeGroup(r.group)}</td>
              <td className="num">{formatNumber(r.tasks)}</td>
              <td className="num">{formatNumber(r.judgments)}</td>
              <td className="num">{formatPercent(r.percentAgreement)}</td>
              <td className="num" title={agreementStrength(r.fleissKappa)}>
                {formatCoefficient(r.fleissKappa)}
              </td>
              <td className="num" title={agreementStrength(r.alpha)}>
                {formatCoefficient(r.alpha)}
                {r.alpha !== null && <span className="cell-sub"> {agreementStrength(r.alpha)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
