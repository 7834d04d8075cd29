import type { ErrorDetail } from "@quorum/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { PasswordField } from "../../components/field.js";

/**
 * Changes the signed-in person's own password (POST /auth/password: the current one, then the new
 * one twice). The server's policy messages show under the field it names.
 */
export function ChangePasswordForm({
  submitLabel,
  onChanged,
}: {
  submitLabel: string;
  /** After the server accepted the new password (the session stays signed in). */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDetails([]);
    if (newPassword !== repeat) {
      setDetails([{ path: "repeat", message: t("account.mismatch") }]);
      return;
    }
    setBusy(true);
    try {
      await api("/auth/password", { method: "POST", body: { currentPassword, newPassword } });
      setCurrentPassword("");
      setNewPassword("");
      setRepeat("");
      onChanged();
    } catch (caught) {
      // A field the server named gets its message there; anything else shows above the button.
      if (caught instanceof ApiError && caught.details.length > 0) setDetails(caught.details);
      else setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="change-password" onSubmit={submit}>
      <PasswordField
        label={t("account.current")}
        details={details}
        name="currentPassword"
        autoComplete="current-password"
        value={currentPassword}
        onChange={setCurrentPassword}
      />
      <PasswordField
        label={t("account.new")}
        hint={t("account.hint")}
        details={details}
        name="newPassword"
        autoComplete="new-password"
        value={newPassword}
        onChange={setNewPassword}
      />
      <PasswordField
        label={t("account.repeat")}
        details={details}
        name="repeat"
        autoComplete="new-password"
        value={repeat}
        onChange={setRepeat}
      />
      <div className="form-error" role="alert">
        {error}
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t("account.busy") : submitLabel}
      </button>
    </form>
  );
}
