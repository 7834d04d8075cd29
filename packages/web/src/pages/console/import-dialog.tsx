import type { ImportProblem, ImportResponse, ProjectView } from "@quorum/server";
import { useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { importRefusalCheck, importResponseCheck, passes } from "../../api/body-check.js";
import { ApiError } from "../../api/client.js";
import { uploadWithProgress } from "../../api/upload.js";
import { Field } from "../../components/field.js";
import { Modal, ProgressBar } from "../../components/ui.js";
import { goldExample } from "../../lib/gold-example.js";
import { batchNameFor, formatBytes, type ImportFormat, importFormatFor } from "../../lib/import-format.js";

type State =
  | { kind: "idle" }
  | { kind: "uploading"; loaded: number; total: number }
  | { kind: "processing" }
  | { kind: "done"; result: ImportResponse }
  | { kind: "failed"; message: string; errors: ImportProblem[] };

const MIME: Record<ImportFormat, string> = {
  jsonl: "application/x-ndjson",
  csv: "text/csv",
  "label-studio": "application/json",
};

/** A refused import's problems by line; its field details (as line 0) when the server listed none. */
function problemsOf(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError)) return [];
  if (passes(importRefusalCheck, error.body)) return error.body.errors;
  return error.details.map((d) => ({ line: 0, path: d.path, message: d.message }));
}

/** Upload a file of tasks with a progress bar; the server's line-by-line problems are listed when it refuses. */
export function ImportDialog({
  project,
  open,
  onClose,
  onImported,
}: {
  project: ProjectView;
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | undefined>();
  const [format, setFormat] = useState<ImportFormat>("jsonl");
  const [batch, setBatch] = useState("");
  const [duplicates, setDuplicates] = useState<"reject" | "skip">("reject");
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<(() => void) | undefined>(undefined);
  const gold = goldExample(project.schema);

  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setState({ kind: "idle" });
    if (chosen) {
      setFormat(importFormatFor(chosen.name));
      setBatch(batchNameFor(chosen.name));
    }
  };

  const start = async () => {
    if (!file) return;
    const query = new URLSearchParams({ format, duplicates, ...(batch.trim() ? { batch: batch.trim() } : {}) });
    const upload = uploadWithProgress(
      `/projects/${project.id}/imports?${query}`,
      new Blob([file], { type: MIME[format] }),
      importResponseCheck,
      (loaded, total) => setState(loaded < total ? { kind: "uploading", loaded, total } : { kind: "processing" }),
    );
    abort.current = upload.abort;
    setState({ kind: "uploading", loaded: 0, total: file.size });
    try {
      setState({ kind: "done", result: await upload.done });
      onImported();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The server's refusal of a file already says nothing was imported; other failures do not.
      const refused = error instanceof ApiError && passes(importRefusalCheck, error.body);
      setState({
        kind: "failed",
        message: refused ? message : t("console.import.failed", { message }),
        errors: problemsOf(error),
      });
    } finally {
      abort.current = undefined;
    }
  };

  const busy = state.kind === "uploading" || state.kind === "processing";
  return (
    <Modal
      title={t("console.import.title", { name: project.name })}
      open={open}
      onClose={() => (busy ? abort.current?.() : onClose())}
      wide
    >
      <div className="import-dialog">
        <Field
          label={t("console.import.file")}
          hint={
            <>
              <Trans
                i18nKey="console.import.hint"
                values={{ shape: "{data, gold?, goldExplanation?, priority?, id?}" }}
                components={{ code: <code /> }}
              />{" "}
              <span data-testid="import-gold-hint">
                <Trans
                  i18nKey={gold.shown === undefined ? "console.import.goldHint" : "console.import.goldHintNamed"}
                  values={gold}
                  components={{ code: <code /> }}
                />
              </span>
            </>
          }
        >
          {(control) => (
            <input
              {...control}
              type="file"
              name="file"
              accept=".jsonl,.ndjson,.csv,.json,.txt"
              onChange={(e) => choose(e.target.files?.[0])}
              disabled={busy}
            />
          )}
        </Field>
        <div className="inline-fields">
          <Field label={t("console.import.format")}>
            {(control) => (
              <select
                {...control}
                value={format}
                onChange={(e) => setFormat(e.target.value as ImportFormat)}
                disabled={busy}
              >
                <option value="jsonl">JSONL</option>
                <option value="csv">CSV</option>
                <option value="label-studio">Label Studio JSON</option>
              </select>
            )}
          </Field>
          <Field label={t("console.import.duplicates")}>
            {(control) => (
              <select
                {...control}
                value={duplicates}
                onChange={(e) => setDuplicates(e.target.value === "skip" ? "skip" : "reject")}
                disabled={busy}
              >
                <option value="reject">{t("console.import.duplicatesReject")}</option>
                <option value="skip">{t("console.import.duplicatesSkip")}</option>
              </select>
            )}
          </Field>
          <Field label={t("console.import.batch")}>
            {(control) => (
              <input
                {...control}
                type="text"
                value={batch}
                onChange={(e) => setBatch(e.target.value)}
                disabled={busy}
              />
            )}
          </Field>
        </div>

        <div className="import-status" aria-live="polite">
          {state.kind === "uploading" && (
            <>
              <ProgressBar value={state.loaded} max={state.total} label={t("console.import.progress")} />
              <span className="muted">
                {t("console.import.uploading", { loaded: formatBytes(state.loaded), total: formatBytes(state.total) })}
              </span>
            </>
          )}
          {state.kind === "processing" && (
            <>
              <ProgressBar value={1} max={1} label={t("console.import.progress")} />
              <span className="muted">{t("console.import.processing")}</span>
            </>
          )}
          {state.kind === "done" && (
            <div className="banner banner-info" role="status">
              {batch
                ? t("console.import.doneBatch", { count: state.result.imported, batch })
                : t("console.import.done", { count: state.result.imported })}
              {state.result.skippedCount > 0 && (
                <>
                  {" "}
                  {t("console.import.skipped", { count: state.result.skippedCount })}
                  <ul className="skipped-tasks">
                    {state.result.skipped.slice(0, 10).map((task) => (
                      // A Label Studio array on one line: its tasks share the line, not the item.
                      <li key={`${task.line}:${task.item ?? 0}`}>
                        {task.item !== undefined
                          ? t("console.import.skippedItem", { item: task.item, line: task.line, reason: task.reason })
                          : t("console.import.skippedLine", { line: task.line, reason: task.reason })}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
          {state.kind === "failed" && (
            <div className="import-errors" role="alert">
              <div className="banner banner-error">{state.message}</div>
              {state.errors.length > 0 && (
                <div className="table-scroll table-limit">
                  <table className="table">
                    <thead>
                      <tr>
                        <th className="num">{t("console.import.line")}</th>
                        <th>{t("console.import.field")}</th>
                        <th>{t("console.import.problem")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {state.errors.map((e, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the server's list has no ids
                        <tr key={i}>
                          <td className="num">
                            {e.item !== undefined
                              ? t("console.import.itemLine", { item: e.item, line: e.line })
                              : e.line > 0
                                ? e.line
                                : "–"}
                          </td>
                          <td>
                            <code>{e.path}</code>
                          </td>
                          <td>{e.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          )}
        </div>

        <div className="row-actions modal-actions">
          {busy ? (
            <button type="button" className="btn" onClick={() => abort.current?.()}>
              {t("console.import.cancel")}
            </button>
          ) : (
            <button type="button" className="btn" onClick={onClose}>
              {t("console.import.close")}
            </button>
          )}
          <button type="button" className="btn btn-primary" disabled={!file || busy} onClick={() => void start()}>
            {t("console.import.import")}
          </button>
        </div>
      </div>
    </Modal>
  );
}
