import { MIN_CALIBRATION_TASKS } from "@quorum/core";
import type { QualityReport } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { EmptyState, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { formatCoefficient, formatInterval } from "../../lib/quality.js";
import { TableHead } from "./table-head.js";

/**
 * Gold accuracy and calibration of the task confidences per task language, with miscalibrated
 * languages flagged (the report's rule: ECE above the threshold over enough gold tasks).
 */
export function QualityLanguagesTable({ languages }: { languages: QualityReport["languages"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (languages.length === 0) return <EmptyState title={t("console.quality.noLanguages")} />;
  return (
    <div className="table-scroll">
      <table className="table" aria-label={t("console.quality.languages")} data-testid="language-quality">
        <TableHead
          columns={[
            t("console.quality.language"),
            { label: t("console.quality.judgments"), numeric: true },
            { label: t("console.quality.goldAccuracy"), numeric: true },
            { label: t("console.quality.goldTasks"), numeric: true },
            { label: t("console.quality.eceColumn"), numeric: true, title: t("console.quality.eceTitle") },
            "",
          ]}
        />
        <tbody>
          {languages.map((row) => (
            <tr
              key={row.language}
              data-language={row.language || "none"}
              className={row.miscalibrated ? "row-flagged" : undefined}
            >
              <td>{row.language || t("console.quality.notSet")}</td>
              <td className="num">{format.number(row.judgments)}</td>
              <td className="num">
                {row.goldAccuracy.n === 0 ? (
                  <span className="muted">–</span>
                ) : (
                  <>
                    {formatInterval(row.goldAccuracy)}
                    <div className="cell-sub">n = {format.number(row.goldAccuracy.n)}</div>
                  </>
                )}
              </td>
              <td className="num">{format.number(row.calibration.tasks)}</td>
              <td className="num">{formatCoefficient(row.calibration.ece)}</td>
              <td>
                {row.miscalibrated ? (
                  <Pill tone="bad">{t("console.quality.miscalibrated")}</Pill>
                ) : row.calibration.tasks < MIN_CALIBRATION_TASKS ? (
                  <span className="muted">{t("console.quality.tooFew")}</span>
                ) : (
                  <Pill tone="good">{t("console.quality.calibrated")}</Pill>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
