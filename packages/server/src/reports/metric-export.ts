import { csvRow, localDate, type MetricDefinition } from "@quorum/core";
import type { MetricValues } from "@quorum/storage";
import ExcelJS from "exceljs";

/** The columns of a metric download, CSV and XLSX alike. */
export const METRIC_EXPORT_COLUMNS = ["metric", "unit", "group", "group_label", "at", "value", "local_day"] as const;

type Row = [string, string, string, string, string, number | null, string];

/** One row per group and bucket: the bucket's start (ISO 8601, UTC) and its local date in `timeZone`. */
function* metricRows(metric: MetricDefinition, values: MetricValues, timeZone: string): Generator<Row> {
  for (const series of values.series)
    for (const point of series.points)
      yield [
        metric.name,
        metric.unit,
        series.group?.key ?? "",
        series.group?.label ?? "",
        new Date(point.at).toISOString(),
        point.value,
        localDate(point.at, timeZone),
      ];
}

/** The metric as CSV, a row at a time (for `textStream`). */
export async function* metricCsv(
  metric: MetricDefinition,
  values: MetricValues,
  timeZone: string,
): AsyncGenerator<string> {
  yield csvRow([...METRIC_EXPORT_COLUMNS]);
  for (const row of metricRows(metric, values, timeZone))
    yield csvRow(row.map((cell) => (cell === null ? "" : String(cell))));
}

/** The metric as one XLSX sheet with a frozen header; values stay numbers. */
export async function metricXlsx(metric: MetricDefinition, values: MetricValues, timeZone: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Quorum";
  const sheet = workbook.addWorksheet(metric.name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow([...METRIC_EXPORT_COLUMNS]).font = { bold: true };
  for (const row of metricRows(metric, values, timeZone)) sheet.addRow(row);
  METRIC_EXPORT_COLUMNS.forEach((name, i) => {
    sheet.getColumn(i + 1).width = Math.max(name.length, i === 4 ? 24 : 12) + 2;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
