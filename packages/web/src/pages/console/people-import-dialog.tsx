import type { ErrorDetail } from "@quorum/core";
import type { PeopleImportResult } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, describeError } from "../../api/client.js";
import { peopleImportCheck } from "../../api/recruitment-checks.js";
import { uploadWithProgress } from "../../api/upload.js";
import { Field } from "../../components/field.js";
import { Modal } from "../../components/ui.js";

/**
 * Imports people from a CSV file (all or nothing). The server lists problems by line and field;
 * on success each person's one-time set-password link is shown to pass on (unless it was e-mailed).
 */
export function PeopleImportDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [problems, setProblems] = useState<ErrorDetail[]>([]);
  const [result, setResult] = useState<PeopleImportResult | undefined>();

  const close = () => {
    setFile(undefined);
    setError(undefined);
    setProblems([]);
    setResult(undefined);
    onClose();
  };

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setProblems([]);
    try {
      const typed = new Blob([file], { type: "text/csv" });
      const done = await uploadWithProgress("/users/import", typed, peopleImportCheck, () => {}).done;
      setResult(done);
      onImported();
    } catch (caught) {
      if (caught instanceof ApiError) setProblems(caught.details);
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t("console.people.importTitle")} open={open} onClose={close} wide>
      {result ? (
        <div>
          <p role="status">{t("console.people.imported", { count: result.imported })}</p>
          <table className="table" aria-label={t("console.people.importedPeople")}>
            <tbody>
              {result.people.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.name}
                    <div className="cell-sub">{p.email}</div>
                  </td>
                  <td>
                    {p.passwordLink ? (
                      <input
                        readOnly
                        aria-label={t("console.people.passwordLinkFor", { name: p.name })}
                        value={p.passwordLink}
                      />
                    ) : (
                      t("console.people.linkEmailed")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="btn" onClick={close}>
            {t("console.people.done")}
          </button>
        </div>
      ) : (
        <div>
          <p className="muted">{t("console.people.importHint")}</p>
          <Field label={t("console.people.csvFile")}>
            {(c) => <input {...c} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} />}
          </Field>
          {error && (
            <div className="form-error" role="alert">
              {error}
              {problems.length > 0 && (
                <ul>
                  {problems.map((p) => (
                    <li key={p.path + p.message}>
                      {p.path}: {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <button type="button" className="btn btn-primary" disabled={!file || busy} onClick={upload}>
            {t("console.people.importButton")}
          </button>
        </div>
      )}
    </Modal>
  );
}
