import type { CampaignDetail } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/use-format.js";
import { TableHead } from "../table-head.js";

type Figures = CampaignDetail["funnel"]["figures"];

/** Count and conversion at every stage of a funnel. */
export function StageTable({ figures, label }: { figures: Figures; label: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="table" aria-label={label}>
      <TableHead
        columns={[
          t("console.recruitment.stage"),
          t("console.recruitment.count"),
          t("console.recruitment.ofApplied"),
          t("console.recruitment.ofPrevious"),
        ]}
      />
      <tbody>
        {figures.stages.map((s) => (
          <tr key={s.stage}>
            <td>{t(`console.recruitment.stages.${s.stage}`)}</td>
            <td className="num">{format.number(s.count)}</td>
            <td className="num">{format.percent(s.ofApplied)}</td>
            <td className="num">{format.percent(s.ofPrevious)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
