import type { AgreementRowView } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/use-format.js";
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
  const { t } = useTranslation();
  const format = useFormat();
  if (rows.length === 0) return <p className="muted">{t("console.agreement.empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="table" aria-label={t("console.agreement.label", { group: groupLabel.toLowerCase() })}>
        <thead>
          <tr>
            <th>{groupLabel}</th>
            <th className="num">{t("console.tasks.title")}</th>
            <th className="num">{t("review.judgments")}</th>
            <th className="num" title={t("console.agreement.percentTitle")}>
              {t("console.quality.agreement")}
            </th>
            <th className="num" title={t("console.agreement.kappaTitle")}>
              Fleiss' κ
            </th>
            <th className="num" title={t("console.agreement.alphaTitle")}>
              α
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group}>
              <td>{describeGroup(r.group)}</td>
              <td className="num">{format.number(r.tasks)}</td>
              <td className="num">{format.number(r.judgments)}</td>
              <td className="num">{format.percent(r.percentAgreement)}</td>
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
