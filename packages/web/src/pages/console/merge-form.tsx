import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { ErrorBanner } from "../../components/ui.js";

/** Picks what to merge into and posts `{[field]: id}` to `path` (vendors and teams alike). */
export function MergeForm({
  help,
  path,
  field,
  choices,
  onDone,
}: {
  help: string;
  path: string;
  field: "intoVendorId" | "intoTeamId";
  choices: { id: number; label: string }[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [target, setTarget] = useState("");
  const [error, setError] = useState<string | undefined>();
  const merge = async () => {
    try {
      await api(path, { method: "POST", body: { [field]: Number(target) } });
      onDone();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  return (
    <div>
      {error && <ErrorBanner error={error} />}
      <p className="muted">{help}</p>
      <label>
        {t("workforce.mergeInto")}{" "}
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="" />
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <div className="row-actions modal-actions">
        <button type="button" className="btn btn-danger" disabled={target === ""} onClick={() => void merge()}>
          {t("workforce.merge")}
        </button>
      </div>
    </div>
  );
}
