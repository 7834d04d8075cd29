export type ImportFormat = "jsonl" | "csv" | "label-studio";

/** The import format a file name suggests: .csv → csv, .json → Label Studio export, else JSONL. */
export function importFormatFor(fileName: string): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv") || lower.endsWith(".tsv")) return "csv";
  if (lower.endsWith(".json")) return "label-studio";
  return "jsonl";
}

/** A batch name from a file name: "tasks-2026-03.jsonl" → "tasks-2026-03". */
export function batchNameFor(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, "").slice(0, 200) || "Import";
}

/** "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
