import type { CostSummaryResponse } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { API_BASE } from "../../../api/client.js";
import { rangeInstants } from "../../../lib/cost-period.js";
import { useApi } from "../use-api.js";

const FORMATS = [
  ["xlsx", "XLSX"],
  ["pdf", "PDF"],
  ["csv", "CSV"],
] as const;

function monthDays(month: string) {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(year, m, 0).getDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The monthly report of a business unit as a workbook, a PDF or CSV, for a month picked here. */
export function ReportDownloads({ defaultMonth, currency }: { defaultMonth: string; currency: string }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(defaultMonth);
  const [unit, setUnit] = useState("");
  const range = /^\d{4}-\d{2}$/.test(month) ? rangeInstants(monthDays(month)) : undefined;
  // The business units with costs that month (the summary names them).
  const units = useApi<CostSummaryResponse>(
    range ? `/cost/summary?groupBy=businessUnit&${new URLSearchParams(range)}` : undefined,
  );
  const choices = (units.data?.rows ?? []).filter((r) => r.key !== "(none)");
  const chosen = choices.some((c) => c.key === unit) ? unit : (choices[0]?.key ?? "");
  return (
    <section className="card report-downloads" aria-labelledby="cost-reports-title">
      <div className="section-head">
        <h2 id="cost-reports-title">{t("console.cost.reportsTitle")}</h2>
      </div>
      <div className="inline-fields">
        <label>
          {t("console.cost.month")} <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <label>
          {t("console.cost.businessUnit")}{" "}
          <select value={chosen} onChange={(e) => setUnit(e.target.value)} disabled={choices.length === 0}>
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {FORMATS.map(([format, label]) =>
          chosen ? (
            <a
              key={format}
              className="btn btn-small"
              href={`${API_BASE}/reports/cost?${new URLSearchParams({ businessUnitId: chosen, month, format, currency })}`}
              download
            >
              {t("console.cost.download", { format: label })}
            </a>
          ) : null,
        )}
        {choices.length === 0 && !units.loading && <span className="muted">{t("console.cost.noUnits")}</span>}
      </div>
    </section>
  );
}
